import { randomUUID } from 'node:crypto';
import type { Command, Decider, Event } from '@trame/domain';
import type { EventStore, ExpectedRevision, NewEvent, RecordedEvent } from './event-store.port';
import { ConcurrencyConflictError, handleCommand } from './handle-command';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

type Incremented = Event<'Incremented', { by: number }>;
type Increment = Command<'Increment', { by: number }>;
type Counter = { total: number; increments: number };

/** Increments by `by`; incrementing by 0 changes nothing and so decides no event. */
const counter: Decider<Counter, Increment, Incremented> = {
  initialState: () => ({ total: 0, increments: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.by, increments: state.increments + 1 }),
  decide: (command) => (command.data.by === 0 ? [] : [{ type: 'Incremented', data: { by: command.data.by } }]),
};

const increment = (by: number): Increment => ({ type: 'Increment', data: { by }, metadata: { now: new Date() } });
/** What a stored `Incremented` added (the store keeps `data` untyped). */
const byOf = (e: RecordedEvent) => (e.data as Incremented['data']).by;

/** Records the appends it forwards; `beforeAppend` may play a concurrent writer. */
function spyStore(inner: EventStore, beforeAppend?: (streamId: string) => Promise<void>) {
  const appends: Array<{ events: readonly NewEvent[]; expectedRevision: ExpectedRevision }> = [];
  const store: EventStore = {
    readStream: (id) => inner.readStream(id),
    readAll: (o) => inner.readAll(o),
    subscribeToAll: (o, h) => inner.subscribeToAll(o, h),
    ping: () => inner.ping(),
    close: () => inner.close(),
    async appendToStream(streamId, events, options) {
      appends.push({ events, expectedRevision: options.expectedRevision });
      await beforeAppend?.(streamId);
      return inner.appendToStream(streamId, events, options);
    },
  };
  return { store, appends };
}

const concurrentIncrement = (inner: EventStore) => async (streamId: string) => {
  await inner.appendToStream(streamId, [{ eventId: randomUUID(), type: 'Incremented', data: { by: 100 } }], {
    expectedRevision: 'any',
  });
};

describe('handleCommand', () => {
  let inner: SqliteEventStore;
  const streamId = () => `counter-${randomUUID()}`;

  beforeEach(() => {
    inner = new SqliteEventStore(':memory:');
  });

  afterEach(() => inner.close());

  it('appends to a new stream with no_stream, then with the revision it read', async () => {
    const { store, appends } = spyStore(inner);
    const id = streamId();
    const first = await handleCommand(store, id, counter, increment(2));
    const second = await handleCommand(store, id, counter, increment(3), { metadata: { userId: 'u-1' } });

    expect(appends.map((a) => a.expectedRevision)).toEqual(['no_stream', 0]);
    expect(first).toMatchObject({ newEvents: [{ type: 'Incremented', data: { by: 2 } }], nextRevision: 0 });
    expect(second.newState).toEqual({ total: 5, increments: 2 });
    expect(second.nextRevision).toBe(1);
    const { events } = await inner.readStream(id);
    expect(second.position).toBe(events[1].position);
    expect(events[1].metadata).toEqual({ userId: 'u-1' });
  });

  it('appends nothing when the decider decides no event', async () => {
    const { store, appends } = spyStore(inner);
    const id = streamId();
    await handleCommand(store, id, counter, increment(4));
    const result = await handleCommand(store, id, counter, increment(0));

    expect(appends).toHaveLength(1);
    expect(result).toEqual({ newEvents: [], newState: { total: 4, increments: 1 }, nextRevision: 0, position: null });
  });

  it('reads again and retries when another writer got in first', async () => {
    let interfered = false;
    const { store, appends } = spyStore(inner, async (id) => {
      if (interfered) return;
      interfered = true;
      await concurrentIncrement(inner)(id);
    });
    const id = streamId();
    const result = await handleCommand(store, id, counter, increment(1));

    expect(appends.map((a) => a.expectedRevision)).toEqual(['no_stream', 0]);
    expect(result.newState).toEqual({ total: 101, increments: 2 });
    expect(result.nextRevision).toBe(1);
    expect((await inner.readStream(id)).events.map(byOf)).toEqual([100, 1]);
  });

  it('gives up with ConcurrencyConflictError after maxAttempts', async () => {
    const { store, appends } = spyStore(inner, concurrentIncrement(inner));
    const id = streamId();
    const attempt = handleCommand(store, id, counter, increment(1), { maxAttempts: 3 });

    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflictError);
    await expect(attempt).rejects.toMatchObject({ streamId: id, attempts: 3 });
    expect(appends).toHaveLength(3);
    expect((await inner.readStream(id)).events.map(byOf)).toEqual([100, 100, 100]);
  });

  it('does not retry other errors', async () => {
    const { store, appends } = spyStore(inner);
    const failing = {
      ...counter,
      decide: () => {
        throw new Error('rule broken');
      },
    };
    await expect(handleCommand(store, streamId(), failing, increment(1))).rejects.toThrow('rule broken');
    expect(appends).toHaveLength(0);
  });

  it('makes a retried command idempotent with the eventId option', async () => {
    const ids = [randomUUID(), randomUUID()];
    const eventId = (i: number) => ids[i];
    const id = streamId();
    // The first append reaches the store but its answer is lost (e.g. a timeout).
    let lose = true;
    const { store } = spyStore(inner);
    const lossy: EventStore = {
      ...store,
      async appendToStream(s, events, options) {
        const result = await store.appendToStream(s, events, options);
        if (lose) {
          lose = false;
          throw new Error('connection reset');
        }
        return result;
      },
    };
    await expect(handleCommand(lossy, id, counter, increment(7), { eventId })).rejects.toThrow('connection reset');
    await handleCommand(store, id, counter, increment(1));

    const retried = await handleCommand(lossy, id, counter, increment(7), { eventId });
    const { events } = await inner.readStream(id);
    expect(events.map(byOf)).toEqual([7, 1]);
    expect(events[0].eventId).toBe(ids[0]);
    expect(retried).toEqual({
      newEvents: [{ type: 'Incremented', data: { by: 7 } }],
      newState: { total: 8, increments: 2 },
      nextRevision: 0,
      position: events[0].position,
      replayed: true,
    });
  });
});
