import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyStore, LookupEntry, LookupKind } from '../key-store.port';

/** Embedded key store: its own SQLite file, apart from the event log. */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { key: Buffer }>;
  private readonly insert: Database.Statement<[string, Buffer, string]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly insertLookup: Database.Statement<[string, string, string]>;
  private readonly selectLookup: Database.Statement<[string], { subject_id: string; kind: LookupKind }>;
  private readonly removeLookups: Database.Statement<[string]>;

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
    // The sign-in blind index: keyed hash of an address → subject (see KeyStore).
    this.db.exec(`CREATE TABLE IF NOT EXISTS subject_lookups (
      lookup_hash TEXT NOT NULL,
      subject_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      PRIMARY KEY (lookup_hash, subject_id)
    );
    CREATE INDEX IF NOT EXISTS subject_lookups_by_subject ON subject_lookups (subject_id)`);
    this.select = this.db.prepare('SELECT key FROM subject_keys WHERE subject_id = ?');
    this.insert = this.db.prepare(
      'INSERT INTO subject_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT(subject_id) DO NOTHING',
    );
    this.remove = this.db.prepare('DELETE FROM subject_keys WHERE subject_id = ?');
    this.insertLookup = this.db.prepare(
      'INSERT INTO subject_lookups (lookup_hash, subject_id, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectLookup = this.db.prepare('SELECT subject_id, kind FROM subject_lookups WHERE lookup_hash = ? ORDER BY rowid');
    this.removeLookups = this.db.prepare('DELETE FROM subject_lookups WHERE subject_id = ?');
  }

  async getOrCreateKey(subjectId: string): Promise<Buffer> {
    this.insert.run(subjectId, randomBytes(32), new Date().toISOString());
    return this.select.get(subjectId)!.key;
  }

  async getKey(subjectId: string): Promise<Buffer | null> {
    return this.select.get(subjectId)?.key ?? null;
  }

  async deleteKey(subjectId: string): Promise<boolean> {
    // One transaction: a crash never leaves the index pointing at a subject without a key.
    const deleted = this.db.transaction(() => {
      this.removeLookups.run(subjectId);
      return this.remove.run(subjectId).changes > 0;
    })();
    // Checkpoint so the key also leaves the WAL file, not only the main database.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return deleted;
  }

  async addLookup(lookupHash: string, entry: LookupEntry): Promise<void> {
    this.insertLookup.run(lookupHash, entry.subjectId, entry.kind);
  }

  async findLookup(lookupHash: string): Promise<LookupEntry[]> {
    return this.selectLookup.all(lookupHash).map((row) => ({ subjectId: row.subject_id, kind: row.kind }));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
