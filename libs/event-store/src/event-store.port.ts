/**
 * The event store port. Every adapter (SQLite embedded, EventStoreDB production) passes
 * the contract suite in `event-store.contract.ts`.
 */
export type EventMetadata = Readonly<Record<string, unknown>>;

export type NewEvent = Readonly<{
  /** UUID; appending an event whose id is already stored is a no-op (idempotent retries). */
  eventId: string;
  type: string;
  data: object;
  metadata?: EventMetadata;
}>;

export type RecordedEvent = Readonly<{
  eventId: string;
  streamId: string;
  type: string;
  data: any;
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

export type ReadStreamResult = Readonly<{
  events: RecordedEvent[];
  /** Last revision of the stream, or 'no_stream' when it holds no event. */
  revision: number | 'no_stream';
}>;

export type SubscriptionHandler = (event: RecordedEvent) => Promise<void> | void;

export interface Subscription {
  /** Stops delivery; resolves once the handler is no longer running. */
  stop(): Promise<void>;
  /** Resolves when the subscription has delivered everything stored at the time it started. */
  readonly caughtUp: Promise<void>;
  /** Rejects if delivery fails (the handler threw, or the store broke). */
  readonly done: Promise<void>;
}

export interface EventStore {
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
