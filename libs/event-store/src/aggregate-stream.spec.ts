import { randomUUID } from 'node:crypto';
import type { Command, Decider, Event } from '@trame/domain';
import { aggregateStream } from './aggregate-stream';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

type Added = Event<'Added', { item: string }>;
type Removed = Event<'Removed', { item: string }>;
type Basket = { items: string[] };
const basket: Pick<Decider<Basket, Command, Added | Removed>, 'initialState' | 'evolve'> = {
  initialState: () => ({ items: [] }),
  evolve: (state, event) =>
    event.type === 'Added' ? { items: [...state.items, event.data.item] } : { items: state.items.filter((i) => i !== event.data.item) },
};

describe('aggregateStream', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
  });
  afterEach(() => store.close());

  it('given no stream, then the initial state and no_stream', async () => {
    expect(await aggregateStream(store, `basket-${randomUUID()}`, basket)).toEqual({
      state: { items: [] },
      revision: 'no_stream',
      events: [],
    });
  });

  it('given a stream, then its events folded with evolve, typed, with their ids, revisions and positions', async () => {
    const id = `basket-${randomUUID()}`;
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await store.appendToStream(
      id,
      [
        { eventId: ids[0], type: 'Added', data: { item: 'pain' } },
        { eventId: ids[1], type: 'Added', data: { item: 'miel' } },
        { eventId: ids[2], type: 'Removed', data: { item: 'pain' } },
      ],
      { expectedRevision: 'no_stream' },
    );
    const { state, revision, events } = await aggregateStream(store, id, basket);
    expect(state).toEqual({ items: ['miel'] });
    expect(revision).toBe(2);
    expect(events.map((e) => [e.type, e.data, e.eventId, e.revision])).toEqual([
      ['Added', { item: 'pain' }, ids[0], 0],
      ['Added', { item: 'miel' }, ids[1], 1],
      ['Removed', { item: 'pain' }, ids[2], 2],
    ]);
    // Typed as the aggregate's events: no cast needed to read `data`.
    const removed = events.find((e) => e.type === 'Removed');
    expect(removed?.type === 'Removed' && removed.data.item).toBe('pain');
    expect(events.every((e) => typeof e.position === 'number')).toBe(true);
  });
});
