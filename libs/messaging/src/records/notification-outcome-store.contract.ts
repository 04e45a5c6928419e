import { randomUUID } from 'node:crypto';
import type { NotificationOutcomeStore } from './notification-outcome-store.port';

const at = '2026-12-07T06:00:00.000Z';
const later = '2026-12-07T07:00:00.000Z';

/** The one contract every NotificationOutcomeStore adapter passes. */
export function notificationOutcomeStoreContract(
  name: string,
  factory: () => Promise<{
    store: NotificationOutcomeStore;
    reopen?: () => Promise<NotificationOutcomeStore>;
    cleanup: () => Promise<void>;
  }>,
) {
  describe(`NotificationOutcomeStore contract: ${name}`, () => {
    let store: NotificationOutcomeStore;
    let reopen: (() => Promise<NotificationOutcomeStore>) | undefined;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, reopen, cleanup } = await factory());
    });
    afterAll(async () => {
      await cleanup();
    });
    const fact = () => `match.member.${randomUUID()}.${randomUUID()}`;

    it('knows nothing of a fact never recorded, and answers an empty question', async () => {
      expect(await store.outcomesOf([fact()])).toEqual(new Map());
      expect(await store.outcomesOf([])).toEqual(new Map());
    });

    it('records sent and skipped outcomes and reads them back, a digest item with the digest that carried it', async () => {
      const [sent, item, skipped] = [fact(), fact(), fact()];
      await store.record([
        { factId: sent, outcome: { status: 'sent', messageId: `<${sent}@trame.example>`, at } },
        { factId: item, outcome: { status: 'sent', messageId: `<${sent}@trame.example>`, at, via: sent } },
        { factId: skipped, outcome: { status: 'skipped', reason: 'never', at } },
      ]);
      expect(await store.outcomesOf([sent, item, skipped, fact()])).toEqual(
        new Map([
          [sent, { status: 'sent', messageId: `<${sent}@trame.example>`, at }],
          [item, { status: 'sent', messageId: `<${sent}@trame.example>`, at, via: sent }],
          [skipped, { status: 'skipped', reason: 'never', at }],
        ]),
      );
    });

    it('keeps the first sent outcome of a fact, lets sent replace skipped, never skipped replace anything', async () => {
      const [a, b, c] = [fact(), fact(), fact()];
      await store.record([{ factId: a, outcome: { status: 'sent', messageId: '<first@x>', at } }]);
      await store.record([{ factId: a, outcome: { status: 'sent', messageId: '<second@x>', at: later } }]);
      await store.record([{ factId: a, outcome: { status: 'skipped', reason: 'never', at: later } }]);
      await store.record([{ factId: b, outcome: { status: 'skipped', reason: 'never', at } }]);
      await store.record([{ factId: b, outcome: { status: 'sent', messageId: '<b@x>', at: later } }]);
      await store.record([{ factId: c, outcome: { status: 'skipped', reason: 'erased', at } }]);
      await store.record([{ factId: c, outcome: { status: 'skipped', reason: 'never', at: later } }]);
      const outcomes = await store.outcomesOf([a, b, c]);
      expect(outcomes.get(a)).toEqual({ status: 'sent', messageId: '<first@x>', at });
      expect(outcomes.get(b)).toEqual({ status: 'sent', messageId: '<b@x>', at: later });
      expect(outcomes.get(c)).toEqual({ status: 'skipped', reason: 'erased', at });
    });

    it('records a batch that mixes new facts and facts already sent, and keeps every new one', async () => {
      const old = fact();
      await store.record([{ factId: old, outcome: { status: 'sent', messageId: '<old@x>', at } }]);
      const fresh = Array.from({ length: 250 }, fact);
      await store.record([
        { factId: old, outcome: { status: 'sent', messageId: '<again@x>', at: later } },
        ...fresh.map((factId) => ({ factId, outcome: { status: 'sent' as const, messageId: `<${factId}@x>`, at } })),
      ]);
      const outcomes = await store.outcomesOf([old, ...fresh]);
      expect(outcomes.size).toBe(251);
      expect(outcomes.get(old)).toMatchObject({ messageId: '<old@x>' });
    });

    it('answers for many facts at once (more than one read batch)', async () => {
      const many = Array.from({ length: 2500 }, fact);
      await store.record(
        many.filter((_, i) => i % 2 === 0).map((factId) => ({ factId, outcome: { status: 'skipped', reason: 'never', at } })),
      );
      const outcomes = await store.outcomesOf(many);
      expect(outcomes.size).toBe(1250);
      expect([...outcomes.keys()].every((id) => many.indexOf(id) % 2 === 0)).toBe(true);
    });

    it('keeps its records when reopened (they outlive the process and Redis)', async () => {
      if (!reopen) return;
      const kept = fact();
      await store.record([{ factId: kept, outcome: { status: 'sent', messageId: '<kept@x>', at } }]);
      await store.close();
      store = await reopen();
      expect((await store.outcomesOf([kept])).get(kept)).toMatchObject({ status: 'sent', messageId: '<kept@x>' });
    });

    it('answers the readiness probe', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
