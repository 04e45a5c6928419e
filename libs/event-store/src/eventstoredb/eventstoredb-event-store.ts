import {
  ANY,
  type AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  type JSONType,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
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
import { runSubscription, STOPPED, type SubscriptionControl } from '../subscription-runner';

/** The part of the gRPC client the adapter uses (tests pass a fake built on the same types). */
export type EventStoreDbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export type EventStoreDbEventStoreOptions = {
  /**
   * A dropped subscription (or a failed read of the end of $all) is retried after
   * `initialDelayMs`, doubled at each consecutive failure up to `maxDelayMs`; after
   * `maxAttempts` consecutive failures `done` rejects, so the process can exit and be
   * restarted. Defaults: 200 ms, 30 s, 20 attempts (about 7 minutes of outage).
   */
  resubscribe?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  logger?: Pick<Logger, 'warn'>;
};

/** Events the server writes for itself ($stats, $metadata, projections' links…). */
type AnyRecordedEvent = {
  id: string;
  streamId: string;
  type: string;
  revision: bigint;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: boolean;
  position?: Position;
};

const isUserEvent = (e: { type: string; streamId: string }) => !e.type.startsWith('$') && !e.streamId.startsWith('$');

/** Positions ≥ 2^63 are the server's "unknown" marker (e.g. on streams read before 22.6). */
const UNKNOWN_POSITION = 2n ** 63n;

/** A failure of the consumer's handler: never retried, it rejects the subscription's `done`. */
class HandlerFailure extends Error {
  constructor(readonly error: unknown) {
    super('the subscription handler failed');
  }
}

/**
 * Production adapter on EventStoreDB (gRPC client v6). The global position is the event's
 * commit position: since 20.x every appended event is its own committed record, so commit
 * positions are unique and increase along $all. Reading $all needs an admin user in secure
 * mode: put the credentials in the connection string.
 *
 * Idempotency is EventStoreDB's, durable: a retry with the same numeric or `no_stream`
 * expected revision whose events carry the ids stored right after that revision appends
 * nothing and returns the original result. With `any` only the server's event-id cache
 * (emptied by a restart) catches a retry, and ids are not checked across streams: the port
 * promises no more (see `EventStore.appendToStream`).
 *
 * The client rebuilds its channel for the next call after a connection loss, but never
 * resubscribes: `subscribeToAll` does, from the last delivered event.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClient;
  private readonly subscriptions = new Set<Subscription>();
  private readonly logger: Pick<Logger, 'warn'>;
  private readonly retry: { initialDelayMs: number; maxDelayMs: number; maxAttempts: number };
  private closed = false;

  constructor(connection: string | EventStoreDbClient, options: EventStoreDbEventStoreOptions = {}) {
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.logger = options.logger ?? new Logger('EventStoreDB');
    this.retry = {
      initialDelayMs: options.resubscribe?.initialDelayMs ?? 200,
      maxDelayMs: options.resubscribe?.maxDelayMs ?? 30_000,
      maxAttempts: options.resubscribe?.maxAttempts ?? 20,
    };
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    assertValidBatch(streamId, events);
    assertValidExpectedRevision(streamId, options.expectedRevision);
    const expectedRevision: AppendExpectedRevision =
      options.expectedRevision === 'no_stream' ? NO_STREAM : options.expectedRevision === 'any' ? ANY : BigInt(options.expectedRevision);
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as JSONType, metadata: e.metadata ?? {} })),
        { expectedRevision },
      );
      const nextRevision = Number(result.nextExpectedRevision);
      const commit = result.position?.commit;
      if (commit !== undefined && commit >= 0n && commit < UNKNOWN_POSITION) {
        return { nextRevision, position: Number(commit) };
      }
      // Some servers answer an idempotent retry without a position: read it back.
      return { nextRevision, position: await this.positionOf(streamId, nextRevision) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const partial = await this.partialRetry(streamId, events, options.expectedRevision);
        if (partial.length > 0) throw new EventIdConflictError(streamId, partial);
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, typeof actual === 'bigint' ? Number(actual) : 'no_stream');
      }
      throw error;
    }
  }

  /**
   * EventStoreDB answers "wrong expected version" when the events right after the expected
   * revision carry the batch's first ids but not all of them (its "corrupted idempotency"):
   * the ids of such a partial retry, read back, or none.
   */
  private async partialRetry(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<string[]> {
    if (expected === 'any') return [];
    const from = expected === 'no_stream' ? 0n : BigInt(expected) + 1n;
    const stored: string[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: from, maxCount: events.length })) {
        if (resolved.event) stored.push(resolved.event.id.toLowerCase());
      }
    } catch {
      return []; // the stream is gone or unreadable: report the revision conflict
    }
    const matching: string[] = [];
    for (const [i, event] of events.entries()) {
      if (stored[i] !== event.eventId.toLowerCase()) break;
      matching.push(event.eventId);
    }
    return matching.length < events.length ? matching : [];
  }

  async readStream(streamId: string): Promise<ReadStreamResult> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: START })) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { events: [], revision: 'no_stream' };
      throw error;
    }
    return { events, revision: events.length === 0 ? 'no_stream' : events[events.length - 1].revision };
  }

  async readAll(options: { after: number | null; maxCount: number }): Promise<RecordedEvent[]> {
    const wanted = Math.max(0, Math.floor(options.maxCount));
    const result: RecordedEvent[] = [];
    let after = options.after;
    // System events are filtered out here, so a page may come back short: read on.
    while (result.length < wanted) {
      const batch = Math.max(wanted - result.length, 32);
      let read = 0;
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: toReadPosition(after),
        maxCount: batch,
      })) {
        read += 1;
        const event = resolved.event as AnyRecordedEvent | undefined;
        if (!event?.position) continue;
        const position = Number(event.position.commit);
        // fromPosition is inclusive; the port's `after` is not.
        if (after !== null && position <= after) continue;
        after = position;
        if (isUserEvent(event) && result.length < wanted) result.push(toRecordedEvent(event));
      }
      if (read < batch) break;
    }
    return result;
  }

  subscribeToAll(options: { after: number | null }, handler: SubscriptionHandler): Subscription {
    const subscription = runSubscription(async (control) => {
      // The exact position of the last event seen, to resubscribe from (the port's number
      // stays the deduplication key: an event at or before `after` is never delivered again).
      let resumeFrom: Position | null = null;
      let after = options.after;
      let failures = 0;
      const backOff = (error: unknown, what: string) => this.backOff(control, ++failures, error, what, after);

      let target: number | null | undefined;
      while (target === undefined) {
        try {
          const read = await control.unlessStopped(this.lastUserEventPosition());
          if (read === STOPPED) return;
          target = read;
        } catch (error) {
          await backOff(error, 'reading the end of $all failed');
          if (control.isStopped()) return;
        }
      }
      if (target === null || (after !== null && after >= target)) control.markCaughtUp();

      while (!control.isStopped()) {
        const stream = this.client.subscribeToAll({
          fromPosition: resumeFrom ?? toReadPosition(after),
          filter: excludeSystemEvents(),
        });
        // The server confirmed the subscription: the connection works again.
        stream.once('confirmation', () => (failures = 0));
        // Cancelling the gRPC call does not end the client's stream: destroy it too, which
        // makes the pending iteration throw (a premature close, ignored once stopped).
        const unregister = control.onStop(() => {
          void stream
            .unsubscribe()
            .catch(() => undefined)
            .finally(() => stream.destroy());
        });
        let failure: unknown = new Error('the server ended the subscription');
        try {
          for await (const resolved of stream) {
            if (control.isStopped()) break;
            const event = resolved.event;
            if (!event?.position) continue;
            if (isUserEvent(event)) {
              const recorded = toRecordedEvent(event);
              if (after === null || recorded.position > after) {
                try {
                  await handler(recorded);
                } catch (error) {
                  throw new HandlerFailure(error);
                }
                after = recorded.position;
                failures = 0;
                if (target !== null && recorded.position >= target) control.markCaughtUp();
              }
            }
            resumeFrom = event.position;
          }
        } catch (error) {
          // The handler's own failure, unchanged (it may not be an Error).
          if (error instanceof HandlerFailure) throw error.error;
          failure = error;
        } finally {
          unregister();
          await stream.unsubscribe().catch(() => undefined);
        }
        if (control.isStopped()) return;
        // Dropped (server restart, network, leader change) or ended without stop(): resume.
        await backOff(failure, 'subscription to $all dropped');
      }
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /** Logs and waits before the next attempt; throws once the attempts are exhausted. */
  private async backOff(control: SubscriptionControl, failures: number, error: unknown, what: string, after: number | null): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    if (failures >= this.retry.maxAttempts) {
      throw new Error(`${what} ${failures} times in a row, giving up: ${reason}`, { cause: error });
    }
    const delay = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (failures - 1));
    this.logger.warn(
      `${what} (${reason}); resuming after position ${String(after)} in ${delay} ms (attempt ${failures}/${this.retry.maxAttempts})`,
    );
    await control.sleep(delay);
  }

  async ping(): Promise<void> {
    for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      // one event (or none) is enough to know the server answers
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private async positionOf(streamId: string, revision: number): Promise<number> {
    for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(revision), maxCount: 1 })) {
      const commit = resolved.event?.position?.commit;
      if (commit !== undefined && commit < UNKNOWN_POSITION) return Number(commit);
    }
    return -1;
  }

  /** Position of the newest non-system event in $all, the end of a subscription's backlog. */
  private async lastUserEventPosition(): Promise<number | null> {
    let from: ReadPosition = END;
    for (;;) {
      let read = 0;
      let last: Position | undefined;
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: 256 })) {
        read += 1;
        const event = resolved.event as AnyRecordedEvent | undefined;
        if (!event?.position) continue;
        if (isUserEvent(event)) return Number(event.position.commit);
        last = event.position;
      }
      if (read < 256 || !last) return null;
      // Backwards reads are exclusive of fromPosition: continue just before the oldest seen.
      from = last;
    }
  }
}

function toReadPosition(after: number | null): ReadPosition {
  return after === null ? START : { commit: BigInt(after), prepare: BigInt(after) };
}

function toRecordedEvent(event: AnyRecordedEvent): RecordedEvent {
  const commit = event.position?.commit;
  return {
    eventId: event.id,
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    metadata: isPlainObject(event.metadata) ? (event.metadata as EventMetadata) : {},
    revision: Number(event.revision),
    position: commit !== undefined && commit < UNKNOWN_POSITION ? Number(commit) : -1,
    recordedAt: event.created,
  };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
