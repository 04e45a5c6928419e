import type { Command, Decider, Event } from '@trame/domain';
import type { EventStore, RecordedEvent } from './event-store.port';

/** A stored event as its aggregate knows it, with where it stands in the stream and the log. */
export type AggregateEvent<E extends Event> = E & Pick<RecordedEvent, 'eventId' | 'revision' | 'position'>;

export type AggregateStreamResult<State, E extends Event> = Readonly<{
  /** The stream folded with the decider's own evolve. */
  state: State;
  /** Last revision of the stream, or 'no_stream' when it holds no event. */
  revision: number | 'no_stream';
  /** Its events, typed as the aggregate's. */
  events: readonly AggregateEvent<E>[];
}>;

/**
 * Reads one stream and folds it with a decider's `evolve`: the one place where stored events
 * (typed `unknown` by the port) become the aggregate's events, so call sites need no cast.
 * Trusts the stream to hold its aggregate's events: every stream is written through its
 * decider by `handleCommand`, and each `evolve` ignores what it does not know.
 */
export async function aggregateStream<State, E extends Event>(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  decider: Pick<Decider<State, Command, E>, 'initialState' | 'evolve'>,
): Promise<AggregateStreamResult<State, E>> {
  const { events: stored, revision } = await store.readStream(streamId);
  const events = stored.map(
    (e) => ({ type: e.type, data: e.data, eventId: e.eventId, revision: e.revision, position: e.position }) as AggregateEvent<E>,
  );
  return { state: events.reduce(decider.evolve, decider.initialState()), revision, events };
}
