/**
 * The event store port. Every adapter (SQLite embedded, EventStoreDB production) passes
 * the contract suite in `event-store.contract.ts`.
 */
export type EventMetadata = Readonly<Record<string, unknown>>;

export type NewEvent = Readonly<{
  /**
   * UUID. Retrying an append whose events are all already stored in that stream appends
   * nothing and returns the original result (see `EventIdConflictError` for the rest).
   */
  eventId: string;
  type: string;
  data: object;
  metadata?: EventMetadata;
}>;

export type RecordedEvent = Readonly<{
  eventId: string;
  streamId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  /** 0-based revision of the event within its stream. */
  revision: number;
  /** Position in the global log ($all); strictly increasing, not necessarily contiguous. */
  position: number;
  recordedAt: Date;
}>;

/** `no_stream`: the stream must not exist; `any`: no check; a number: the stream's last revision. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export type AppendResult = Readonly<{
  /** Revision of the last event of the stream after the append. */
  nextRevision: number;
  /** Global position of the last event appended (or already stored). */
  position: number;
}>;

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Some but not all of a batch's event ids are already stored, or one is stored in another
 * stream: the batch is not a retry of an earlier append, and appending it would either
 * duplicate or lose events. Nothing is appended; retrying cannot help (a caller bug, such
 * as an idempotency key reused for a different request).
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: event ids already stored elsewhere or partially: ${eventIds.join(', ')}`);
    this.name = 'EventIdConflictError';
  }
}

export type ReadStreamResult = Readonly<{
  events: RecordedEvent[];
  /** Last revision of the stream, or 'no_stream' when it holds no event. */
  revision: number | 'no_stream';
}>;

export type SubscriptionHandler = (event: RecordedEvent) => Promise<void> | void;

export interface Subscription {
  /**
   * Stops delivery; resolves once the handler is no longer running. Do not await it from
   * inside the handler (it would wait for itself).
   */
  stop(): Promise<void>;
  /**
   * Resolves when the subscription has delivered everything stored at the time it started;
   * rejects if it stops or fails before that.
   */
  readonly caughtUp: Promise<void>;
  /** Resolves when stopped; rejects if delivery fails (the handler threw, or the store broke). */
  readonly done: Promise<void>;
}

export interface EventStore {
  /**
   * Appends the batch atomically. Rejects with `WrongExpectedRevisionError` on a revision
   * conflict, `EventIdConflictError` on a partial retry, `TypeError` on an empty batch,
   * duplicate ids in the batch or an id that is not a UUID.
   */
  appendToStream(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  readStream(streamId: string): Promise<ReadStreamResult>;
  /** Events of all streams with a position strictly greater than `after` (null: from the start). */
  readAll(options: { after: number | null; maxCount: number }): Promise<RecordedEvent[]>;
  /**
   * Catch-up then live delivery of every event after the checkpoint, in order, one at a
   * time: the handler of one event finishes before the next is delivered.
   */
  subscribeToAll(options: { after: number | null }, handler: SubscriptionHandler): Subscription;
  /** Readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest DI token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
