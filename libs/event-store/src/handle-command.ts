import { randomUUID } from 'node:crypto';
import type { Command, Decider, Event } from '@trame/domain';
import {
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from './event-store.port';

export type HandleCommandOptions = {
  /** Attempts on a revision conflict before giving up (the api then answers 409). */
  maxAttempts?: number;
  /**
   * Ids for the events decided, by index. Derive them from an idempotency key so a
   * retried request appends nothing new (the store ignores known event ids).
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
};

export class ConcurrencyConflictError extends Error {
  constructor(readonly streamId: string, readonly attempts: number) {
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
    const { events, revision } = await store.readStream(streamId);
    const state = events.reduce(
      (s: State, e: RecordedEvent) => decider.evolve(s, { type: e.type, data: e.data } as E),
      decider.initialState(),
    );
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
