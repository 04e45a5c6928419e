import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyStore } from '../key-store.port';

/** Embedded key store: its own SQLite file, apart from the event log. */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { key: Buffer }>;
  private readonly insert: Database.Statement<[string, Buffer, string]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A key must be on disk before the event sealed with it is acknowledged.
    this.db.pragma('synchronous = FULL');
    // Deleted keys must not linger in free pages (erasure means gone).
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
      subject_id TEXT PRIMARY KEY,
      key BLOB NOT NULL,
      created_at TEXT NOT NULL
    )`);
    this.select = this.db.prepare('SELECT key FROM subject_keys WHERE subject_id = ?');
    this.insert = this.db.prepare(
      'INSERT INTO subject_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT(subject_id) DO NOTHING',
    );
    this.remove = this.db.prepare('DELETE FROM subject_keys WHERE subject_id = ?');
  }

  async getOrCreateKey(subjectId: string): Promise<Buffer> {
    this.insert.run(subjectId, randomBytes(32), new Date().toISOString());
    return this.select.get(subjectId)!.key;
  }

  async getKey(subjectId: string): Promise<Buffer | null> {
    return this.select.get(subjectId)?.key ?? null;
  }

  async deleteKey(subjectId: string): Promise<boolean> {
    const deleted = this.remove.run(subjectId).changes > 0;
    // Checkpoint so the key also leaves the WAL file, not only the main database.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return deleted;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
