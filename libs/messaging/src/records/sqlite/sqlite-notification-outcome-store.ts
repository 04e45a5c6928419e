import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { NotificationOutcome, NotificationOutcomeStore, OutcomeEntry } from '../notification-outcome-store.port';

type Row = {
  fact_id: string;
  status: 'sent' | 'skipped';
  message_id: string | null;
  via: string | null;
  reason: string | null;
  at: string;
};

/** SQLite's default limit on bound parameters is 32,766: stay far below it. */
const READ_BATCH = 500;

/** Embedded outcome store: its own SQLite file under DATA_DIR, apart from the event log and the keys. */
export class SqliteNotificationOutcomeStore implements NotificationOutcomeStore {
  private readonly db: Database.Database;
  private readonly insertSent: Database.Statement<[string, string, string | null, string]>;
  private readonly insertSkipped: Database.Statement<[string, string, string]>;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A record is what stops a second email: it must be on disk once recorded.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS notification_outcomes (
      fact_id TEXT PRIMARY KEY,
      status TEXT NOT NULL CHECK (status IN ('sent', 'skipped')),
      message_id TEXT,
      via TEXT,
      reason TEXT,
      at TEXT NOT NULL
    )`);
    this.insertSent = this.db.prepare(
      `INSERT INTO notification_outcomes (fact_id, status, message_id, via, at) VALUES (?, 'sent', ?, ?, ?)
       ON CONFLICT(fact_id) DO UPDATE SET status = 'sent', message_id = excluded.message_id, via = excluded.via,
         reason = NULL, at = excluded.at
       WHERE notification_outcomes.status = 'skipped'`,
    );
    this.insertSkipped = this.db.prepare(
      `INSERT INTO notification_outcomes (fact_id, status, reason, at) VALUES (?, 'skipped', ?, ?) ON CONFLICT(fact_id) DO NOTHING`,
    );
  }

  async outcomesOf(factIds: readonly string[]): Promise<Map<string, NotificationOutcome>> {
    const out = new Map<string, NotificationOutcome>();
    for (let i = 0; i < factIds.length; i += READ_BATCH) {
      const batch = factIds.slice(i, i + READ_BATCH);
      const rows = this.db
        .prepare(`SELECT * FROM notification_outcomes WHERE fact_id IN (${batch.map(() => '?').join(',')})`)
        .all(...batch) as Row[];
      for (const row of rows) out.set(row.fact_id, outcomeOf(row));
    }
    return out;
  }

  async record(entries: readonly OutcomeEntry[]): Promise<void> {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const { factId, outcome } of entries) {
        if (outcome.status === 'sent') this.insertSent.run(factId, outcome.messageId, outcome.via ?? null, outcome.at);
        else this.insertSkipped.run(factId, outcome.reason, outcome.at);
      }
    })();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function outcomeOf(row: Row): NotificationOutcome {
  if (row.status === 'sent') {
    return { status: 'sent', messageId: row.message_id ?? '', at: row.at, ...(row.via ? { via: row.via } : {}) };
  }
  return { status: 'skipped', reason: row.reason ?? '', at: row.at };
}
