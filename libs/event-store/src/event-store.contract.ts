import { randomUUID } from 'node:crypto';
import {
  EventIdConflictError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from './event-store.port';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

/**
 * The behaviour every EventStore adapter must have. Written against a store that may hold
 * other events (a shared EventStoreDB): every test uses fresh stream ids and looks only at
 * its own streams in $all, and reads $all only after positions the store returned (never
 * `position - 1`: EventStoreDB refuses a position that is not an event's).
 */
export function eventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    const subscriptions: Subscription[] = [];

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await cleanup();
    });

    const streamId = (category = 'contract') => `${category}-${randomUUID()}`;
    const event = (type: string, data: object = { n: Math.random() }, metadata?: Record<string, unknown>): NewEvent => ({
      eventId: randomUUID(),
      type,
      data,
      ...(metadata ? { metadata } : {}),
    });
    /** A fresh event whose position marks "now" in $all. */
    const checkpoint = async () =>
      (await store.appendToStream(streamId('marker'), [event('Marked')], { expectedRevision: 'no_stream' })).position;
    const subscribe = (after: number | null, streams: string[], handler?: (e: RecordedEvent) => void | Promise<void>) => {
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after }, async (e) => {
        if (!streams.includes(e.streamId)) return;
        received.push(e);
        await handler?.(e);
      });
      subscriptions.push(subscription);
      return { subscription, received };
    };

    describe('appendToStream', () => {
      it('creates a stream with no_stream and numbers its events from 0', async () => {
        const id = streamId();
        const result = await store.appendToStream(id, [event('A', { a: 1 }), event('B', { b: 2 })], {
          expectedRevision: 'no_stream',
        });
        const { events, revision } = await store.readStream(id);
        expect(revision).toBe(1);
        expect(result.nextRevision).toBe(1);
        expect(events.map((e) => [e.streamId, e.revision, e.type, e.data])).toEqual([
          [id, 0, 'A', { a: 1 }],
          [id, 1, 'B', { b: 2 }],
        ]);
        expect(events[1].position).toBeGreaterThan(events[0].position);
        expect(result.position).toBe(events[1].position);
        expect(events[0].recordedAt).toBeInstanceOf(Date);
        expect(Number.isNaN(events[0].recordedAt.getTime())).toBe(false);
      });

      it('refuses no_stream when the stream exists', async () => {
        const id = streamId();
        await store.appendToStream(id, [event('A')], { expectedRevision: 'no_stream' });
        const second = store.appendToStream(id, [event('B')], { expectedRevision: 'no_stream' });
        await expect(second).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(second).rejects.toMatchObject({ streamId: id, expected: 'no_stream', actual: 0 });
        expect((await store.readStream(id)).events).toHaveLength(1);
      });

      it('appends at the exact revision and refuses a stale one', async () => {
        const id = streamId();
        await store.appendToStream(id, [event('A')], { expectedRevision: 'no_stream' });
        const ok = await store.appendToStream(id, [event('B'), event('C')], { expectedRevision: 0 });
        expect(ok.nextRevision).toBe(2);
        const stale = store.appendToStream(id, [event('D')], { expectedRevision: 0 });
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(stale).rejects.toMatchObject({ streamId: id, expected: 0, actual: 2 });
        const ahead = store.appendToStream(id, [event('D')], { expectedRevision: 5 });
        await expect(ahead).rejects.toMatchObject({ expected: 5, actual: 2 });
        expect((await store.readStream(id)).events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('refuses an exact revision on a stream that does not exist', async () => {
        const id = streamId();
        const attempt = store.appendToStream(id, [event('A')], { expectedRevision: 0 });
        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(attempt).rejects.toMatchObject({ actual: 'no_stream' });
        expect((await store.readStream(id)).revision).toBe('no_stream');
      });

      it('appends with any whether or not the stream exists', async () => {
        const id = streamId();
        expect((await store.appendToStream(id, [event('A')], { expectedRevision: 'any' })).nextRevision).toBe(0);
        expect((await store.appendToStream(id, [event('B')], { expectedRevision: 'any' })).nextRevision).toBe(1);
        expect((await store.readStream(id)).events.map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('keeps revisions contiguous across appends', async () => {
        const id = streamId();
        let expected: 'no_stream' | number = 'no_stream';
        for (const size of [1, 3, 2]) {
          const batch = Array.from({ length: size }, (_, i) => event(`E${i}`));
          expected = (await store.appendToStream(id, batch, { expectedRevision: expected })).nextRevision;
        }
        const { events, revision } = await store.readStream(id);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(revision).toBe(5);
      });

      // The port's whole idempotency promise: a retry with the same ids and the same numeric
      // or no_stream expected revision. Nothing is promised for `any` or ids reused elsewhere.
      it('ignores a retry with the same ids and expected revision: same result, nothing appended', async () => {
        const id = streamId();
        const batch = [event('A'), event('B')];
        const first = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        const retry = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        expect(retry).toEqual(first);
        expect((await store.readStream(id)).events.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));

        const next = [event('C')];
        const second = await store.appendToStream(id, next, { expectedRevision: 1 });
        expect(await store.appendToStream(id, next, { expectedRevision: 1 })).toEqual(second);

        // Still a no-op after the stream moved on.
        await store.appendToStream(id, [event('D')], { expectedRevision: 2 });
        expect(await store.appendToStream(id, batch, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.appendToStream(id, next, { expectedRevision: 1 })).toEqual(second);
        expect((await store.readStream(id)).events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      it('refuses a partial retry (only the first ids stored after the expected revision) and appends nothing', async () => {
        const id = streamId();
        const [a, b] = [event('A'), event('B')];
        await store.appendToStream(id, [a, b], { expectedRevision: 'no_stream' });
        const fromStart = store.appendToStream(id, [a, event('X')], { expectedRevision: 'no_stream' });
        await expect(fromStart).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(fromStart).rejects.toMatchObject({ streamId: id, eventIds: [a.eventId] });

        const c = event('C');
        await store.appendToStream(id, [c], { expectedRevision: 1 });
        const atRevision = store.appendToStream(id, [c, event('Y')], { expectedRevision: 1 });
        await expect(atRevision).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(atRevision).rejects.toMatchObject({ streamId: id, eventIds: [c.eventId] });
        expect((await store.readStream(id)).events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it.each<[string, unknown]>([
        ['-1', -1],
        ['1.5', 1.5],
        ['NaN', NaN],
        ['Infinity', Infinity],
        ['2^53', 2 ** 53],
        ['a numeric string', '0'],
        ['an unknown constant', 'stream_exists'],
        ['a bigint', 0n],
        ['null', null],
        ['undefined', undefined],
      ])('refuses %s as expectedRevision with a TypeError and appends nothing', async (_label, expectedRevision) => {
        const id = streamId();
        const options = { expectedRevision: expectedRevision as ExpectedRevision };
        const fresh = store.appendToStream(id, [event('A')], options);
        await expect(fresh).rejects.toBeInstanceOf(TypeError);
        await expect(fresh).rejects.toThrow(/expectedRevision/);
        expect((await store.readStream(id)).revision).toBe('no_stream');

        await store.appendToStream(id, [event('A')], { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(id, [event('B')], options)).rejects.toBeInstanceOf(TypeError);
        expect((await store.readStream(id)).events.map((e) => e.type)).toEqual(['A']);
      });

      it('lets exactly one of concurrent appends at the same revision win', async () => {
        const id = streamId();
        await store.appendToStream(id, [event('Created')], { expectedRevision: 'no_stream' });
        const contenders = Array.from({ length: 5 }, (_, i) => event(`Contender${i}`));
        const outcomes = await Promise.allSettled(contenders.map((e) => store.appendToStream(id, [e], { expectedRevision: 0 })));
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(4);
        for (const o of lost) expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        const { events } = await store.readStream(id);
        expect(events).toHaveLength(2);
        expect(events[1].eventId).toBe(contenders[outcomes.findIndex((o) => o.status === 'fulfilled')].eventId);
      });

      it('rejects an empty batch and an event id that is not a UUID', async () => {
        const id = streamId();
        await expect(store.appendToStream(id, [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(TypeError);
        await expect(
          store.appendToStream(id, [{ eventId: 'not-a-uuid', type: 'A', data: {} }], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(TypeError);
        expect((await store.readStream(id)).revision).toBe('no_stream');
      });

      it('round-trips data and metadata (unicode, nesting, JSON types)', async () => {
        const id = streamId();
        const data = {
          title: 'Écolieu « Les Trois Chênes » 🌱 — ça marche',
          nested: { list: [1, 2.5, -3, { deep: ['ä', 'ß', '中文', '😀'] }], empty: {}, none: null },
          flags: [true, false],
          quote: 'he said "hi"\nthen \\ left',
        };
        const metadata = { correlationId: randomUUID(), actor: { id: randomUUID(), roles: ['référent'] } };
        const start = await checkpoint();
        await store.appendToStream(id, [event('Rich', data, metadata), event('Plain', { x: 1 })], {
          expectedRevision: 'no_stream',
        });
        const { events } = await store.readStream(id);
        expect(events[0].data).toEqual(data);
        expect(events[0].metadata).toEqual(metadata);
        expect(events[1].metadata).toEqual({});

        // `after` is a position the store returned (never arithmetic on one).
        const fromAll = (await store.readAll({ after: start, maxCount: 10 })).find((e) => e.eventId === events[0].eventId);
        expect(fromAll?.data).toEqual(data);
        expect(fromAll?.metadata).toEqual(metadata);
      });
    });

    describe('readStream', () => {
      it('reports a missing stream as no_stream', async () => {
        expect(await store.readStream(streamId())).toEqual({ events: [], revision: 'no_stream' });
      });
    });

    describe('readAll', () => {
      it('returns events in append order across streams and pages with after', async () => {
        const start = await checkpoint();
        const a = streamId();
        const b = streamId();
        const appended: string[] = [];
        for (let i = 0; i < 3; i++) {
          for (const id of [a, b]) {
            const e = event(`E${i}`);
            await store.appendToStream(id, [e], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
            appended.push(e.eventId);
          }
        }

        const seen: RecordedEvent[] = [];
        let after: number | null = start;
        for (;;) {
          const page: RecordedEvent[] = await store.readAll({ after, maxCount: 2 });
          expect(page.length).toBeLessThanOrEqual(2);
          if (page.length === 0) break;
          for (const e of page) expect(e.position).toBeGreaterThan(after);
          seen.push(...page);
          after = page[page.length - 1].position;
        }
        const ours = seen.filter((e) => e.streamId === a || e.streamId === b);
        expect(ours.map((e) => e.eventId)).toEqual(appended);
        const positions = seen.map((e) => e.position);
        expect(positions).toEqual([...positions].sort((x, y) => x - y));
        expect(new Set(positions).size).toBe(positions.length);

        const first = await store.readAll({ after: null, maxCount: 1 });
        expect(first).toHaveLength(1);
        expect(first[0].position).toBeLessThanOrEqual(start);
      });
    });

    describe('subscribeToAll', () => {
      it('delivers the backlog, reports caught up, then delivers live events in order', async () => {
        const start = await checkpoint();
        const a = streamId();
        const b = streamId();
        await store.appendToStream(a, [event('A0'), event('A1')], { expectedRevision: 'no_stream' });
        const { subscription, received } = subscribe(start, [a, b]);
        await subscription.caughtUp;
        expect(received.map((e) => e.type)).toEqual(['A0', 'A1']);

        await store.appendToStream(b, [event('B0')], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [event('A2')], { expectedRevision: 1 });
        await waitFor(() => received.length >= 4);
        expect(received.map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'A2']);
        const positions = received.map((e) => e.position);
        expect(positions).toEqual([...positions].sort((x, y) => x - y));
      });

      it('hands events over one at a time, awaiting the handler', async () => {
        const start = await checkpoint();
        const id = streamId();
        await store.appendToStream(id, [event('E0'), event('E1'), event('E2')], { expectedRevision: 'no_stream' });
        let running = 0;
        let overlapped = false;
        const { subscription, received } = subscribe(start, [id], async () => {
          running += 1;
          if (running > 1) overlapped = true;
          await new Promise((r) => setTimeout(r, 5));
          running -= 1;
        });
        await subscription.caughtUp;
        expect(received).toHaveLength(3);
        expect(overlapped).toBe(false);
      });

      it('resumes from a checkpoint without duplicates or gaps', async () => {
        const start = await checkpoint();
        const id = streamId();
        const all = Array.from({ length: 6 }, (_, i) => event(`E${i}`));
        await store.appendToStream(id, all.slice(0, 4), { expectedRevision: 'no_stream' });

        let reachedTwo!: () => void;
        const twoReceived = new Promise<void>((r) => (reachedTwo = r));
        const first = subscribe(start, [id], (e) => {
          if (e.revision === 1) reachedTwo();
        });
        await twoReceived;
        await first.subscription.stop();
        const resumeAt = first.received[first.received.length - 1].position;

        await store.appendToStream(id, all.slice(4), { expectedRevision: 3 });
        const second = subscribe(resumeAt, [id]);
        await waitFor(() => first.received.length + second.received.length >= 6);
        await second.subscription.caughtUp;
        expect([...first.received, ...second.received].map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
      });

      it('stops delivering after stop() and resolves done', async () => {
        const start = await checkpoint();
        const id = streamId();
        await store.appendToStream(id, [event('E0')], { expectedRevision: 'no_stream' });
        const { subscription, received } = subscribe(start, [id]);
        await subscription.caughtUp;
        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();

        await store.appendToStream(id, [event('E1')], { expectedRevision: 0 });
        // A second subscription that has caught up past E1 proves E1 was deliverable.
        const witness = subscribe(start, [id]);
        await witness.subscription.caughtUp;
        expect(witness.received.map((e) => e.type)).toEqual(['E0', 'E1']);
        expect(received.map((e) => e.type)).toEqual(['E0']);
      });

      it('rejects done and stops delivering when the handler throws', async () => {
        const start = await checkpoint();
        const id = streamId();
        await store.appendToStream(id, [event('E0'), event('E1'), event('E2')], { expectedRevision: 'no_stream' });
        const { subscription, received } = subscribe(start, [id], (e) => {
          if (e.type === 'E1') throw new Error('boom');
        });
        await expect(subscription.done).rejects.toThrow('boom');
        await expect(subscription.caughtUp).rejects.toThrow('boom');
        expect(received.map((e) => e.type)).toEqual(['E0', 'E1']);
        await subscription.stop();
      });

      it('is caught up at once when nothing is stored after the checkpoint', async () => {
        const start = await checkpoint();
        const { subscription, received } = subscribe(start, []);
        await subscription.caughtUp;
        expect(received).toEqual([]);
      });
    });
  });
}

/** Waits for a condition with a generous deadline (failure, not a timing assertion). */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
