import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  type AllStreamJSONRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  ANY,
  type AppendResult,
  type AppendToStreamOptions,
  BACKWARDS,
  END,
  type EventData,
  type EventType,
  type JSONType,
  NO_STREAM,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  START,
  type StreamingRead,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { EventStoreDbClient } from '../src/eventstoredb/eventstoredb-event-store';

type Stored = AllStreamJSONRecordedEvent;
type FakeSubscription = { from: Position | 'start'; stream: PassThrough & { unsubscribe(): Promise<void> }; open: boolean; live: boolean };

/**
 * An in-memory EventStoreDB behind the gRPC client's own types, for what cannot run here:
 * positions are sparse (commit = prepare, gaps between events), a read from a position
 * that is not an event's is refused ("invalid position"), appends follow the server's
 * idempotency check (events right after the expected revision; with `any`, an id cache a
 * `restart()` empties; ids never checked across streams), and subscriptions can be dropped
 * mid-stream (`drop`) or ended by the "server" (`end`), as a real connection loss does.
 */
export class FakeEventStoreDbClient implements EventStoreDbClient {
  readonly log: Stored[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  /** Reads of $all that fail (server unreachable) before they work again. */
  failReads = 0;
  /** Reads of $all that never answer. */
  hangReads = false;
  /** Subscriptions that fail as soon as they are opened. */
  failSubscriptions = 0;
  private readonly streams = new Map<string, Stored[]>();
  private idCache = new Map<string, Stored>();
  private nextPosition = 1000n;

  constructor() {
    // The server writes its own events in $all too: the adapter must skip them.
    this.store('$$$settings', '$settings', {});
  }

  /** An event written by someone else (another process), e.g. while a subscription is down. */
  add(streamId: string, type: string, data: JSONType = {}): Stored {
    return this.store(streamId, type, data);
  }

  /** Forgets the id cache, as a server restart does. */
  restart(): void {
    this.idCache = new Map();
  }

  /** Breaks every open subscription with the client's own error for a lost connection. */
  drop(message = 'connection lost'): void {
    for (const s of this.openSubscriptions()) s.stream.destroy(new UnavailableError(undefined, message));
  }

  /** Ends every open subscription without an error, as a server closing the call does. */
  end(): void {
    for (const s of this.openSubscriptions()) {
      s.open = false;
      s.stream.end();
    }
  }

  openSubscriptions(): FakeSubscription[] {
    return this.subscriptions.filter((s) => s.open && !s.stream.destroyed);
  }

  /** Open subscriptions the "server" confirmed and that now receive live events. */
  liveSubscriptions(): FakeSubscription[] {
    return this.openSubscriptions().filter((s) => s.live);
  }

  appendToStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    events: EventData<KnownEventType> | EventData<KnownEventType>[],
    options?: AppendToStreamOptions,
  ): Promise<AppendResult> {
    const batch = Array.isArray(events) ? events : [events];
    const expected = options?.expectedRevision ?? ANY;
    const stream = this.streams.get(streamName) ?? [];
    const current = BigInt(stream.length - 1);
    const conflict = () =>
      new WrongExpectedVersionError(undefined, {
        streamName,
        expected,
        current: stream.length === 0 ? NO_STREAM : current,
      });
    const idempotent = (last: Stored): AppendResult => ({ success: true, nextExpectedRevision: last.revision });

    if (expected === ANY) {
      const first = this.idCache.get(batch[0].id);
      if (first?.streamId === streamName) {
        const all = batch.map((e) => this.idCache.get(e.id));
        if (all.every((e) => e?.streamId === streamName)) return Promise.resolve(idempotent(all[all.length - 1]!));
        return Promise.reject(conflict());
      }
    } else if (typeof expected === 'bigint' || expected === NO_STREAM) {
      const at = expected === NO_STREAM ? -1n : expected;
      if (at < current) {
        for (const [i, e] of batch.entries()) {
          if (stream[Number(at) + 1 + i]?.id !== e.id) return Promise.reject(conflict());
        }
        return Promise.resolve(idempotent(stream[Number(at) + batch.length]));
      }
      if (at > current) return Promise.reject(conflict());
    } else {
      return Promise.reject(new Error(`the fake does not model expectedRevision ${String(expected)}`));
    }
    let last!: Stored;
    for (const e of batch) last = this.store(streamName, e.type, e.data as JSONType, e.metadata as JSONType, e.id);
    return Promise.resolve({ success: true, nextExpectedRevision: last.revision, position: last.position });
  }

  readStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    options: ReadStreamOptions = {},
  ): StreamingRead<ResolvedEvent<KnownEventType>> {
    const stream = this.streams.get(streamName);
    if (!stream) return failingRead(new StreamNotFoundError(undefined, streamName));
    if (options.direction === BACKWARDS) return failingRead(new Error('the fake reads streams forwards only'));
    const from = options.fromRevision === undefined || options.fromRevision === START ? 0 : Number(options.fromRevision);
    const events = stream.slice(from, from + Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    return streamingRead(events.map((event) => ({ event }) as unknown as ResolvedEvent<KnownEventType>));
  }

  readAll(options: ReadAllOptions = {}): StreamingRead<AllStreamResolvedEvent> {
    if (this.hangReads) return Object.assign(new PassThrough({ objectMode: true }), { cancel: () => Promise.resolve() });
    if (this.failReads > 0) {
      this.failReads -= 1;
      return failingRead(new UnavailableError(undefined, 'failed to connect'));
    }
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (options.direction === BACKWARDS ? END : START);
    let events: Stored[];
    if (options.direction === BACKWARDS) {
      const before = from === END ? this.log.length : from === START ? 0 : this.indexOf(from);
      if (typeof from === 'object' && before < 0) return failingRead(invalidPosition(from));
      events = this.log.slice(0, before).reverse();
    } else {
      const start = from === START ? 0 : from === END ? this.log.length : this.indexOf(from);
      if (typeof from === 'object' && start < 0) return failingRead(invalidPosition(from));
      events = this.log.slice(start);
    }
    return streamingRead(events.slice(0, maxCount).map((event) => ({ event })));
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllStreamSubscription {
    const stream = Object.assign(new PassThrough({ objectMode: true, highWaterMark: 1 }), {
      unsubscribe: () => {
        subscription.open = false;
        if (!stream.writableEnded) stream.end();
        return Promise.resolve();
      },
    });
    const from = options.fromPosition === undefined || options.fromPosition === START ? 'start' : options.fromPosition;
    const subscription: FakeSubscription = { from: from === END ? this.lastPosition() : from, stream, open: true, live: false };
    this.subscriptions.push(subscription);
    setImmediate(() => {
      if (this.failSubscriptions > 0) {
        this.failSubscriptions -= 1;
        stream.destroy(new UnavailableError(undefined, 'failed to connect'));
        return;
      }
      const at = subscription.from;
      const start = at === 'start' ? 0 : this.indexOf(at) + 1;
      if (at !== 'start' && start === 0) return void stream.destroy(invalidPosition(at));
      stream.emit('confirmation');
      for (const event of this.log.slice(start)) stream.write({ event });
      subscription.live = true;
    });
    return stream;
  }

  dispose(): Promise<void> {
    for (const s of this.openSubscriptions()) void s.stream.unsubscribe();
    return Promise.resolve();
  }

  private store(streamId: string, type: string, data: JSONType, metadata: JSONType = {}, id: string = randomUUID()): Stored {
    const stream = this.streams.get(streamId) ?? [];
    this.nextPosition += 137n;
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    const event = {
      streamId,
      id,
      isJson: true,
      revision: BigInt(stream.length),
      type,
      created: new Date(),
      data,
      metadata,
      position,
    } as Stored;
    stream.push(event);
    this.streams.set(streamId, stream);
    this.log.push(event);
    this.idCache.set(id, event);
    for (const s of this.subscriptions) {
      if (s.open && s.live && !s.stream.destroyed && !s.stream.writableEnded) s.stream.write({ event });
    }
    return event;
  }

  private lastPosition(): Position | 'start' {
    return this.log.length === 0 ? 'start' : this.log[this.log.length - 1].position;
  }

  private indexOf(position: Position): number {
    return this.log.findIndex((e) => e.position.commit === position.commit && e.position.prepare === position.prepare);
  }
}

function streamingRead<E>(items: E[]): StreamingRead<E> {
  return Object.assign(Readable.from(items), { cancel: () => Promise.resolve() });
}

function failingRead<E>(error: Error): StreamingRead<E> {
  const stream = new PassThrough({ objectMode: true });
  setImmediate(() => stream.destroy(error));
  return Object.assign(stream, { cancel: () => Promise.resolve() });
}

function invalidPosition(position: Position): Error {
  return new UnknownError(undefined, `invalid position ${position.commit}/${position.prepare}`);
}
