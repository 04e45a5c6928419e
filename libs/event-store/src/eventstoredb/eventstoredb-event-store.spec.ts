import { randomUUID } from 'node:crypto';
import { FakeEventStoreDbClient } from '../../test-fixtures/fake-eventstoredb-client';
import { eventStoreContract, waitFor } from '../event-store.contract';
import type { RecordedEvent, Subscription } from '../event-store.port';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store';

// EventStoreDB cannot run here: the adapter runs on a fake built on the gRPC client's own
// types, modelled on the server's documented behaviour (see the fake's comment). The same
// suite runs on a real server in eventstoredb-event-store.contract.spec.ts (EVENTSTORE_URL).
eventStoreContract('EventStoreDB adapter on a fake client', async () => {
  const store = new EventStoreDbEventStore(new FakeEventStoreDbClient(), { logger: { warn: () => undefined } });
  return { store, cleanup: () => store.close() };
});

describe('EventStoreDbEventStore subscriptions', () => {
  let client: FakeEventStoreDbClient;
  let warnings: string[];
  const running: Subscription[] = [];

  const openStore = (resubscribe: EventStoreDbEventStoreOptions['resubscribe'] = { initialDelayMs: 5, maxDelayMs: 40, maxAttempts: 5 }) =>
    new EventStoreDbEventStore(client, { resubscribe, logger: { warn: (message: string) => warnings.push(message) } });

  const subscribe = (store: EventStoreDbEventStore, after: number | null = null, handler?: (e: RecordedEvent) => void) => {
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ after }, (e) => {
      received.push(e);
      handler?.(e);
    });
    running.push(subscription);
    return { subscription, received };
  };

  const types = (events: readonly RecordedEvent[]) => events.map((e) => e.type);

  beforeEach(() => {
    client = new FakeEventStoreDbClient();
    warnings = [];
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  describe('a dropped subscription', () => {
    it('resumes from the last delivered event: every event exactly once, in order', async () => {
      const stream = `s-${randomUUID()}`;
      for (const type of ['E0', 'E1', 'E2']) client.add(stream, type);
      const { subscription, received } = subscribe(openStore());
      await subscription.caughtUp;
      expect(types(received)).toEqual(['E0', 'E1', 'E2']);
      const lastDelivered = client.log[client.log.length - 1].position;

      client.drop();
      // Written while the subscription is down: found by the resubscription.
      client.add(stream, 'E3');
      await waitFor(() => received.length >= 4);
      client.add(stream, 'E4');
      await waitFor(() => received.length >= 5);

      expect(types(received)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
      expect(new Set(received.map((e) => e.eventId)).size).toBe(5);
      expect(client.subscriptions).toHaveLength(2);
      expect(client.subscriptions[1].from).toEqual(lastDelivered);
      expect(warnings).toEqual([
        expect.stringMatching(/subscription to \$all dropped \(connection lost\); resuming after position \d+ in 5 ms/),
      ]);
    });

    it('resumes when dropped in the middle of the backlog, without losing what was buffered', async () => {
      const stream = `s-${randomUUID()}`;
      for (let i = 0; i < 6; i++) client.add(stream, `E${i}`);
      let dropped = false;
      const { subscription, received } = subscribe(openStore(), null, (e) => {
        // Events already written to the client's buffer are lost with the connection.
        if (e.type === 'E1' && !dropped) {
          dropped = true;
          client.drop();
        }
      });
      await subscription.caughtUp;
      expect(types(received)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
      expect(client.subscriptions).toHaveLength(2);
    });

    it('resumes a subscription the server ended without stop()', async () => {
      const stream = `s-${randomUUID()}`;
      client.add(stream, 'E0');
      const { subscription, received } = subscribe(openStore());
      await subscription.caughtUp;
      client.end();
      await waitFor(() => client.liveSubscriptions().length === 1 && client.subscriptions.length === 2);
      client.add(stream, 'E1');
      await waitFor(() => received.length >= 2);
      expect(types(received)).toEqual(['E0', 'E1']);
      expect(warnings[0]).toMatch(/the server ended the subscription/);
    });

    it('backs off between attempts (doubling, capped) and gives up after the last one', async () => {
      const store = openStore({ initialDelayMs: 5, maxDelayMs: 12, maxAttempts: 4 });
      client.failSubscriptions = 10;
      const { subscription } = subscribe(store);
      await expect(subscription.done).rejects.toThrow(/subscription to \$all dropped 4 times in a row, giving up: failed to connect/);
      expect(warnings.map((w) => /in (\d+) ms/.exec(w)?.[1])).toEqual(['5', '10', '12']);
      expect(client.subscriptions).toHaveLength(4);
    });

    it('counts failures again from zero once the server confirms a subscription', async () => {
      const stream = `s-${randomUUID()}`;
      const { subscription, received } = subscribe(openStore({ initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 }));
      await subscription.caughtUp;
      await waitFor(() => client.liveSubscriptions().length === 1);
      for (let i = 0; i < 4; i++) {
        // The drop and one failed attempt: 2 failures, 3 would give up without the reset.
        client.failSubscriptions = 1;
        const before = client.subscriptions.length;
        client.drop();
        await waitFor(() => client.subscriptions.length === before + 2 && client.liveSubscriptions().length === 1);
      }
      client.add(stream, 'E0');
      await waitFor(() => received.length === 1);
      expect(warnings).toHaveLength(8);
    });

    it('retries a failed read of the end of $all before subscribing', async () => {
      const stream = `s-${randomUUID()}`;
      client.add(stream, 'E0');
      client.failReads = 2;
      const { subscription, received } = subscribe(openStore());
      await subscription.caughtUp;
      expect(types(received)).toEqual(['E0']);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/reading the end of \$all failed \(failed to connect\)/);
    });

    it('does not retry a handler failure: done rejects with it', async () => {
      const stream = `s-${randomUUID()}`;
      client.add(stream, 'E0');
      client.add(stream, 'E1');
      const { subscription, received } = subscribe(openStore(), null, (e) => {
        if (e.type === 'E1') throw new Error('read model down');
      });
      await expect(subscription.done).rejects.toThrow('read model down');
      expect(types(received)).toEqual(['E0', 'E1']);
      expect(client.subscriptions).toHaveLength(1);
      expect(warnings).toEqual([]);
    });
  });

  describe('stop()', () => {
    const promptly = async <T>(promise: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('stop() hangs')), 2000)));
      try {
        return await Promise.race([promise, hang]);
      } finally {
        clearTimeout(timer);
      }
    };

    it('resolves while the first read is pending, and never subscribes', async () => {
      client.hangReads = true;
      const { subscription } = subscribe(openStore());
      await new Promise((r) => setTimeout(r, 20));
      await promptly(subscription.stop());
      await expect(subscription.done).resolves.toBeUndefined();
      await expect(subscription.caughtUp).rejects.toThrow('stopped before catching up');
      expect(client.subscriptions).toHaveLength(0);
    });

    it('resolves when called before the loop started', async () => {
      client.add(`s-${randomUUID()}`, 'E0');
      const { subscription, received } = subscribe(openStore());
      await promptly(subscription.stop());
      expect(received).toEqual([]);
      expect(client.subscriptions).toHaveLength(0);
    });

    it('resolves on a quiet store once live, and while waiting to resubscribe', async () => {
      const store = openStore({ initialDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 5 });
      const quiet = subscribe(store);
      await quiet.subscription.caughtUp;
      await waitFor(() => client.liveSubscriptions().length === 1);
      await promptly(quiet.subscription.stop());
      expect(client.openSubscriptions()).toHaveLength(0);

      const waiting = subscribe(store);
      await waiting.subscription.caughtUp;
      await waitFor(() => client.liveSubscriptions().length === 1);
      client.drop();
      await waitFor(() => warnings.length === 1);
      await promptly(waiting.subscription.stop());
      expect(client.subscriptions).toHaveLength(2);
    });
  });
});

describe('EventStoreDbEventStore appends', () => {
  it('checks expectedRevision before calling the server', async () => {
    const client = new FakeEventStoreDbClient();
    const append = jest.spyOn(client, 'appendToStream');
    const store = new EventStoreDbEventStore(client);
    const attempt = store.appendToStream(`s-${randomUUID()}`, [{ eventId: randomUUID(), type: 'A', data: {} }], { expectedRevision: -1 });
    await expect(attempt).rejects.toThrow(TypeError);
    expect(append).not.toHaveBeenCalled();
  });
});
