/**
 * The event store port. Every adapter (SQLite embedded, EventStoreDB production) passes
 * the contract suite in `event-store.contract.ts`.
 */
export type EventMetadata = Readonly<Record<string, unknown>>;

export type NewEvent = Readonly<{
  /**
   * UUID, unique in the whole store: derive it from the stream and the request, never reuse
   * one in another stream (an adapter may refuse that, or store the event twice). What a
   * retry with the same ids does: see `EventStore.appendToStream`.
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
  /**
   * Position in the global log ($all); strictly increasing, not necessarily contiguous. Only
   * a value the store returned is a valid `after` (see `EventStore.readAll`): no arithmetic.
   */
  position: number;
  recordedAt: Date;
}>;

/**
 * `no_stream`: the stream must not exist; `any`: no check; a number (a non-negative safe
 * integer): the stream's last revision. Anything else is a `TypeError`, nothing appended.
 */
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
 * A partial retry: the events right after the expected revision carry the batch's first
 * ids but not all of them (every adapter), or one of its ids is stored in another stream
 * (only adapters that check it, such as SQLite). The batch is not a retry of an earlier
 * append, and appending it would duplicate or lose events. Nothing is appended; retrying
 * cannot help (a caller bug, such as an idempotency key reused for a different request).
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
   * duplicate ids in the batch, an id that is not a UUID or an invalid `expectedRevision`.
   *
   * Idempotency, the part every adapter keeps (EventStoreDB's, durable across restarts): a
   * retry of an append that succeeded, with the same event ids in the same order and the
   * same numeric or `no_stream` expected revision, appends nothing and resolves with the
   * same `nextRevision` and `position`, even after the stream moved on. Nothing more is
   * promised: a retry with `any` may append the events again (EventStoreDB only remembers
   * ids in a cache a restart empties), and so may ids reused in another stream. Callers that
   * need a retry to be harmless pass the revision they read (as `handleCommand` does, which
   * also finds an earlier run of the command in the stream before deciding again).
   */
  appendToStream(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  readStream(streamId: string): Promise<ReadStreamResult>;
  /**
   * Events of all streams with a position strictly greater than `after`. `after` is null
   * (from the start) or a position this store returned (a `RecordedEvent.position` or an
   * `AppendResult.position`): EventStoreDB refuses any other number ("invalid position"),
   * so no arithmetic on positions, and a checkpoint saved against another store (another
   * database, a rebuilt or migrated log) is not a position of this one.
   */
  readAll(options: { after: number | null; maxCount: number }): Promise<RecordedEvent[]>;
  /**
   * Catch-up then live delivery of every event after the checkpoint (`after` as for
   * `readAll`), in order, one at a time: the handler of one event finishes before the next
   * is delivered. A connection the store drops is resumed from the last delivered event
   * (bounded backoff, logged): the handler sees every event exactly once, in order. `done`
   * rejects when the handler throws, or when the store stays unreachable past the
   * adapter's retries.
   */
  subscribeToAll(options: { after: number | null }, handler: SubscriptionHandler): Subscription;
  /** Readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest DI token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
