import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract, waitFor } from '../event-store.contract';
import { EventIdConflictError, type NewEvent, type RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const tempDir = () => mkdtempSync(join(tmpdir(), 'trame-events-'));
const event = (type: string, data: object = {}): NewEvent => ({ eventId: randomUUID(), type, data });

eventStoreContract('SQLite file', async () => {
  const dir = tempDir();
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

eventStoreContract('SQLite :memory:', async () => {
  const store = new SqliteEventStore(':memory:');
  return { store, cleanup: () => store.close() };
});

describe('SqliteEventStore', () => {
  let dir: string;
  const open: SqliteEventStore[] = [];
  const openStore = (file = join(dir, 'events.sqlite'), options = {}) => {
    const store = new SqliteEventStore(file, options);
    open.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the file in WAL mode with synchronous FULL', async () => {
    const file = join(dir, 'nested', 'events.sqlite');
    openStore(file);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    // synchronous is per connection: read it through the store's own connection.
    const store = open[0] as unknown as { db: Database.Database };
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('keeps every acknowledged append when the writing process is killed', async () => {
    const file = join(dir, 'events.sqlite');
    const streamId = `durability-${randomUUID()}`;
    const child = spawn(process.execPath, [join(__dirname, '../../test-fixtures/append-until-killed.js'), file, streamId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      // Kill while it is still appending, without any chance to close the file.
      if (acked.length >= 25 && child.exitCode === null) child.kill('SIGKILL');
    });
    const signal = await exited;
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(25);

    const store = openStore(file);
    const { events } = await store.readStream(streamId);
    const stored = events.map((e) => e.eventId);
    expect(stored.slice(0, acked.length)).toEqual(acked);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
  });

  it('lets a second instance on the same file (another process) see appends through polling', async () => {
    const file = join(dir, 'events.sqlite');
    const writer = openStore(file);
    const reader = openStore(file, { pollIntervalMs: 20 });
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({ after: null }, (e) => {
      received.push(e);
    });
    await subscription.caughtUp;
    const streamId = `other-${randomUUID()}`;
    await writer.appendToStream(streamId, [event('A'), event('B')], { expectedRevision: 'no_stream' });
    await writer.appendToStream(streamId, [event('C')], { expectedRevision: 1 });
    await waitFor(() => received.length >= 3);
    expect(received.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    await subscription.stop();
  });

  it('catches up over several pages in order', async () => {
    const store = openStore(undefined, { pageSize: 2 });
    const streamId = `paged-${randomUUID()}`;
    const batch = Array.from({ length: 7 }, (_, i) => event(`E${i}`));
    await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
    const received: string[] = [];
    const subscription = store.subscribeToAll({ after: null }, (e) => {
      received.push(e.eventId);
    });
    await subscription.caughtUp;
    expect(received).toEqual(batch.map((e) => e.eventId));
    await subscription.stop();
  });

  it('treats a batch whose ids are only partly stored as a conflict and appends nothing', async () => {
    const store = openStore();
    const streamId = `partial-${randomUUID()}`;
    const known = event('Known');
    await store.appendToStream(streamId, [known], { expectedRevision: 'no_stream' });
    const attempt = store.appendToStream(streamId, [known, event('New')], { expectedRevision: 'any' });
    await expect(attempt).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(attempt).rejects.toMatchObject({ streamId, eventIds: [known.eventId] });

    const elsewhere = store.appendToStream(`other-${randomUUID()}`, [known], { expectedRevision: 'any' });
    await expect(elsewhere).rejects.toBeInstanceOf(EventIdConflictError);
    expect((await store.readAll({ after: null, maxCount: 10 })).map((e) => e.type)).toEqual(['Known']);
  });

  it('rejects a batch that repeats an event id', async () => {
    const store = openStore();
    const e = event('Twice');
    await expect(store.appendToStream(`dup-${randomUUID()}`, [e, e], { expectedRevision: 'any' })).rejects.toBeInstanceOf(TypeError);
    expect(await store.readAll({ after: null, maxCount: 10 })).toEqual([]);
  });

  it('keeps events across reopening and goes on numbering positions', async () => {
    const file = join(dir, 'events.sqlite');
    const first = new SqliteEventStore(file);
    const streamId = `reopen-${randomUUID()}`;
    const r1 = await first.appendToStream(streamId, [event('A')], { expectedRevision: 'no_stream' });
    await first.close();
    const second = openStore(file);
    const r2 = await second.appendToStream(streamId, [event('B')], { expectedRevision: 0 });
    expect(r2.position).toBeGreaterThan(r1.position);
    expect((await second.readStream(streamId)).events.map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('stops its subscriptions on close, and refuses work afterwards', async () => {
    const store = new SqliteEventStore(':memory:');
    const subscription = store.subscribeToAll({ after: null }, () => undefined);
    await subscription.caughtUp;
    await store.close();
    await expect(subscription.done).resolves.toBeUndefined();
    await expect(store.ping()).rejects.toThrow();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('stops at once on a quiet store, whether stop() comes before the first read or once live', async () => {
    const store = openStore(undefined, { pollIntervalMs: 60_000 });
    const early = store.subscribeToAll({ after: null }, () => undefined);
    const t0 = Date.now();
    await early.stop();
    const live = store.subscribeToAll({ after: null }, () => undefined);
    await live.caughtUp;
    await live.stop();
    await expect(live.done).resolves.toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('rejects caughtUp when stopped before catching up', async () => {
    const store = openStore();
    const streamId = `slow-${randomUUID()}`;
    await store.appendToStream(streamId, [event('A'), event('B')], { expectedRevision: 'no_stream' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const subscription = store.subscribeToAll({ after: null }, async () => {
      calls += 1;
      await gate;
    });
    await waitFor(() => calls === 1);
    const stopping = subscription.stop();
    release();
    await stopping;
    await expect(subscription.caughtUp).rejects.toThrow('stopped before catching up');
    expect(calls).toBe(1);
  });
});
