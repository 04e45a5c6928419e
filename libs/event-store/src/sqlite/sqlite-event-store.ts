import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { assertValidBatch, assertValidExpectedRevision } from '../append-batch';
import {
  type AppendResult,
  EventIdConflictError,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamResult,
  type RecordedEvent,
  type Subscription,
  type SubscriptionHandler,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { runSubscription } from '../subscription-runner';

export type SqliteEventStoreOptions = {
  /**
   * How often a live subscription looks for events appended by another process on the same
   * file (appends through this instance wake it at once). Default 250 ms.
   */
  pollIntervalMs?: number;
  /** How long a write waits for another process's write lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /** Events read per query while a subscription catches up. Default 500. */
  pageSize?: number;
};

type EventRow = {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
};

type StoredIdRow = { event_id: string; stream_id: string; revision: number; position: number };

const SCHEMA_VERSION = 1;

/**
 * Embedded event store: one SQLite file in WAL mode. An append is one IMMEDIATE transaction
 * committed with `synchronous = FULL`, so once `appendToStream` resolves the events are in the
 * fsynced WAL and survive a crash. Several processes may share the file (SQLite serialises the
 * writers; positions are assigned inside the write transaction, so they become visible in order
 * and a reader never sees a later position before an earlier one).
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly wakers = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private readonly selectStoredIds: Database.Statement<[string], StoredIdRow>;
  private readonly selectLastRevision: Database.Statement<[string], { revision: number | null }>;
  private readonly insertEvent: Database.Statement<[string, string, number, string, string, string, string]>;
  private readonly selectStream: Database.Statement<[string], EventRow>;
  private readonly selectAll: Database.Statement<[number, number], EventRow>;
  private readonly selectLastPosition: Database.Statement<[], { position: number | null }>;
  private readonly appendTransaction: (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendResult;

  constructor(file: string, options: SqliteEventStoreOptions = {}) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.pageSize = options.pageSize ?? 500;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    this.db.pragma('journal_mode = WAL');
    // FULL fsyncs the WAL at every commit: an acknowledged append survives power loss too.
    this.db.pragma('synchronous = FULL');
    this.migrate();

    this.selectStoredIds = this.db.prepare(
      'SELECT event_id, stream_id, revision, position FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
    );
    this.selectLastRevision = this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?');
    this.insertEvent = this.db.prepare(
      `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectStream = this.db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision');
    this.selectAll = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.selectLastPosition = this.db.prepare('SELECT MAX(position) AS position FROM events');
    const append = this.db.transaction((streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) =>
      this.appendInTransaction(streamId, events, expected),
    );
    // IMMEDIATE takes the write lock up front: the revision check and the inserts see the
    // same snapshot even when another process writes to the file.
    this.appendTransaction = (streamId, events, expected) => append.immediate(streamId, events, expected);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    assertValidBatch(streamId, events);
    assertValidExpectedRevision(streamId, options.expectedRevision);
    const result = this.appendTransaction(streamId, events, options.expectedRevision);
    this.wakeSubscriptions();
    return result;
  }

  async readStream(streamId: string): Promise<ReadStreamResult> {
    const events = this.selectStream.all(streamId).map(toRecordedEvent);
    return { events, revision: events.length === 0 ? 'no_stream' : events[events.length - 1].revision };
  }

  async readAll(options: { after: number | null; maxCount: number }): Promise<RecordedEvent[]> {
    return this.readPage(options.after, options.maxCount);
  }

  subscribeToAll(options: { after: number | null }, handler: SubscriptionHandler): Subscription {
    const subscription = runSubscription(async (control) => {
      let checkpoint = options.after;
      const target = this.selectLastPosition.get()?.position ?? null;
      if (target === null || (checkpoint !== null && checkpoint >= target)) control.markCaughtUp();

      let woken = false;
      let wake: (() => void) | null = null;
      const waker = () => {
        if (wake) wake();
        else woken = true;
      };
      this.wakers.add(waker);
      control.onStop(waker);
      try {
        while (!control.isStopped()) {
          const page = this.readPage(checkpoint, this.pageSize);
          for (const event of page) {
            if (control.isStopped()) return;
            await handler(event);
            checkpoint = event.position;
            if (target !== null && checkpoint >= target) control.markCaughtUp();
          }
          if (page.length < this.pageSize && !control.isStopped()) {
            // Live: wait for an append through this instance, or poll for other processes.
            if (woken) woken = false;
            else
              await new Promise<void>((resolve) => {
                const timer = setTimeout(() => {
                  wake = null;
                  resolve();
                }, this.pollIntervalMs);
                wake = () => {
                  clearTimeout(timer);
                  wake = null;
                  woken = false;
                  resolve();
                };
              });
          }
        }
      } finally {
        this.wakers.delete(waker);
      }
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /** Stops the running subscriptions (waiting for their handlers), then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.db.close();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version >= SCHEMA_VERSION) return;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)),
        metadata TEXT NOT NULL CHECK (json_valid(metadata)),
        recorded_at TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      );
      PRAGMA user_version = ${SCHEMA_VERSION};
    `);
  }

  private appendInTransaction(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const ids = events.map((e) => e.eventId.toLowerCase());
    const stored = this.selectStoredIds.all(JSON.stringify(ids));
    if (stored.length > 0) {
      // A retry of an append that already happened: answer as the first time did.
      if (stored.length === ids.length && stored.every((row) => row.stream_id === streamId)) {
        const last = stored.reduce((a, b) => (b.position > a.position ? b : a));
        return { nextRevision: last.revision, position: last.position };
      }
      throw new EventIdConflictError(
        streamId,
        stored.map((row) => row.event_id),
      );
    }

    const current = this.selectLastRevision.get(streamId)?.revision ?? null;
    const matches = expected === 'any' || (expected === 'no_stream' ? current === null : current === expected);
    if (!matches) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');

    const recordedAt = new Date().toISOString();
    let revision = current ?? -1;
    let position = 0;
    for (const [i, event] of events.entries()) {
      revision += 1;
      const info = this.insertEvent.run(
        ids[i],
        streamId,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata ?? {}),
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    }
    return { nextRevision: revision, position };
  }

  private readPage(after: number | null, maxCount: number): RecordedEvent[] {
    return this.selectAll.all(after ?? 0, Math.max(0, Math.floor(maxCount))).map(toRecordedEvent);
  }

  private wakeSubscriptions(): void {
    for (const wake of this.wakers) wake();
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    type: row.type,
    // Both JSON as `appendToStream` wrote them: the data (untyped at this level) and the metadata object.
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    revision: row.revision,
    position: row.position,
    recordedAt: new Date(row.recorded_at),
  };
}
