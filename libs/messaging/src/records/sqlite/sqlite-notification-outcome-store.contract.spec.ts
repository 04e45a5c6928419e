import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { notificationOutcomeStoreContract } from '../notification-outcome-store.contract';
import { SqliteNotificationOutcomeStore } from './sqlite-notification-outcome-store';

const dir = mkdtempSync(join(tmpdir(), 'trame-outcomes-'));
const file = join(dir, 'notifications.sqlite');

notificationOutcomeStoreContract('SQLite', async () => ({
  store: new SqliteNotificationOutcomeStore(file),
  reopen: async () => new SqliteNotificationOutcomeStore(file),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
}));

describe('SqliteNotificationOutcomeStore on disk', () => {
  it('writes in WAL mode with synchronous = FULL (a record is on disk once recorded)', async () => {
    const own = mkdtempSync(join(tmpdir(), 'trame-outcomes-'));
    const store = new SqliteNotificationOutcomeStore(join(own, 'n.sqlite'));
    await store.record([{ factId: 'f', outcome: { status: 'skipped', reason: 'never', at: new Date().toISOString() } }]);
    const db = new Database(join(own, 'n.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // synchronous is per connection: read it from the store's own.
    expect((store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
    rmSync(own, { recursive: true, force: true });
  });
});
