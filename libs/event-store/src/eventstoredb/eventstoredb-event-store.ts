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
import { assertValidBatch } from '../append-batch';
import {
  type AppendResult,
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
import { runSubscription } from '../subscription-runner';

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

/**
 * Production adapter on EventStoreDB (gRPC client v6). The global position is the event's
 * commit position: since 20.x every appended event is its own committed record, so commit
 * positions are unique and increase along $all. Reading $all needs an admin user in secure
 * mode: put the credentials in the connection string.
 *
 * Idempotency is EventStoreDB's: a retry with the same expected revision (or `any`, while the
 * server's event-id cache remembers it) appends nothing and returns the original result.
 * `handleCommand` also skips a command whose event ids are already in the stream, so
 * idempotency-key retries hold whatever revision the retry expects.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(connection: string | EventStoreDBClient) {
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    assertValidBatch(streamId, events);
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
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, typeof actual === 'bigint' ? Number(actual) : 'no_stream');
      }
      throw error;
    }
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
      const target = await this.lastUserEventPosition();
      if (target === null || (options.after !== null && options.after >= target)) control.markCaughtUp();
      const stream = this.client.subscribeToAll({
        fromPosition: toReadPosition(options.after),
        filter: excludeSystemEvents(),
      });
      // Cancelling the gRPC call does not end the client's stream: destroy it too, which
      // makes the pending iteration throw (a premature close, ignored once stopped).
      control.onStop(() => {
        void stream
          .unsubscribe()
          .catch(() => undefined)
          .finally(() => stream.destroy());
      });
      try {
        for await (const resolved of stream) {
          if (control.isStopped()) break;
          const event = resolved.event;
          if (!event || !isUserEvent(event)) continue;
          const recorded = toRecordedEvent(event);
          if (options.after !== null && recorded.position <= options.after) continue;
          await handler(recorded);
          if (target !== null && recorded.position >= target) control.markCaughtUp();
        }
      } catch (error) {
        if (!control.isStopped()) throw error;
      } finally {
        await stream.unsubscribe().catch(() => undefined);
      }
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).then(() => this.subscriptions.delete(subscription));
    return subscription;
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
