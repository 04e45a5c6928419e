import { randomUUID } from 'node:crypto';
import type { Command, Decider, Event } from '@trame/domain';
import { type AggregateEvent, aggregateStream } from './aggregate-stream';
import { type EventMetadata, type EventStore, WrongExpectedRevisionError } from './event-store.port';

export type HandleCommandOptions = {
  /** Attempts on a revision conflict before giving up (the api then answers 409). */
  maxAttempts?: number;
  /**
   * Ids (UUIDs) for the events decided, by index. Derive them from an idempotency key so a
   * retried request appends nothing new: when the stream already holds `eventId(0)`, the
   * command is not decided again and the events stored then are returned.
   */
  eventId?: (index: number) => string;
  metadata?: EventMetadata;
};

export type HandleCommandResult<State, E extends Event> = {
  newEvents: E[];
  newState: State;
  /** Stream revision after the command ('no_stream' when nothing was ever appended). */
  nextRevision: number | 'no_stream';
  position: number | null;
  /** The command had been applied before (same event ids): nothing was appended now. */
  replayed?: true;
};

export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`stream ${streamId} kept changing; gave up after ${attempts} attempts`);
    this.name = 'ConcurrencyConflictError';
  }
}

/**
 * Read the stream, fold it, decide, append with the expected revision; on a conflict
 * read again and retry (bounded, with a small jittered pause to let the winner finish).
 */
export async function handleCommand<State, C extends Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, C, E>,
  command: C,
  options: HandleCommandOptions = {},
): Promise<HandleCommandResult<State, E>> {
  const maxAttempts = options.maxAttempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    const { state, revision, events } = await aggregateStream(store, streamId, decider);
    const replay = options.eventId ? alreadyAppended(events, options.eventId) : [];
    if (replay.length > 0) {
      // This command (same idempotency key) was applied before: answer as the first time.
      const last = replay[replay.length - 1];
      return {
        newEvents: replay.map((e) => ({ type: e.type, data: e.data }) as E),
        newState: state,
        nextRevision: last.revision,
        position: last.position,
        replayed: true,
      };
    }
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) {
      return { newEvents, newState: state, nextRevision: revision, position: null };
    }
    try {
      const result = await store.appendToStream(
        streamId,
        newEvents.map((e, i) => ({
          eventId: options.eventId ? options.eventId(i) : randomUUID(),
          type: e.type,
          data: e.data,
          metadata: options.metadata,
        })),
        { expectedRevision: revision },
      );
      return {
        newEvents,
        newState: newEvents.reduce(decider.evolve, state),
        nextRevision: result.nextRevision,
        position: result.position,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (attempt >= maxAttempts) throw new ConcurrencyConflictError(streamId, attempt);
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/** The events of an earlier run of the same command: ids eventId(0), eventId(1)… in the stream. */
function alreadyAppended<E extends Event>(events: readonly AggregateEvent<E>[], eventId: (index: number) => string): AggregateEvent<E>[] {
  const byId = new Map(events.map((e) => [e.eventId.toLowerCase(), e]));
  const found: AggregateEvent<E>[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = byId.get(eventId(i).toLowerCase());
    if (!event || found.includes(event)) break;
    found.push(event);
  }
  return found;
}
