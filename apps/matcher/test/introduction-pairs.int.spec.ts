import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntroductionEvent } from '@trame/domain';
import { SqliteEventStore } from '@trame/event-store';
import { memberRegistered, projectProposed } from '../../../libs/matching/src/matching.fixtures';
import {
  InMemoryReadModelStore,
  PROJECT_RECOMMENDATIONS,
  MEMBER_RECOMMENDATIONS,
  type MemberRecommendations,
  type ProjectRecommendations,
} from '@trame/read-models';
import { waitUntil } from '@trame/testing';
import { Matcher } from '../src/matcher';

const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/*
 * DESIGN.md's hard filter through the real matcher: a pair with an introduction under way
 * leaves both lists at once (live), a declined pair stays out for 90 days and comes back
 * with the first event after that, and a rebuild from the log at the same time gives the
 * same lists.
 */
describe('matcher: pairs with an introduction are not recommended', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trame-pairs-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const readModels = new InMemoryReadModelStore();
  let now = T0;
  const matcher = new Matcher(store, readModels, { clock: () => new Date(now) });
  const [p1, m1, m2] = [randomUUID(), randomUUID(), randomUUID()];
  const introductionId = randomUUID();

  const append = (streamId: string, event: { type: string; data: object }) =>
    store.appendToStream(streamId, [{ eventId: randomUUID(), type: event.type, data: event.data }], { expectedRevision: 'any' });
  const partnersOf = async (rm = readModels) =>
    ((await rm.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).get(p1))?.partners ?? []).map((p) => p.memberId).sort();
  const projectsOf = async (memberId: string, rm = readModels) =>
    ((await rm.collection<MemberRecommendations>(MEMBER_RECOMMENDATIONS).get(memberId))?.projects ?? []).map((p) => p.projectId);
  const partnersBecome = (expected: string[]) =>
    waitUntil(
      () => partnersOf(),
      (ids) => JSON.stringify(ids) === JSON.stringify([...expected].sort()),
      `partners ${expected.join(',')}`,
      { timeoutMs: 5000 },
    );
  const intro = (event: IntroductionEvent) => append(`introduction-${introductionId}`, event);
  const rebuiltAt = async (time: number) => {
    const fresh = new InMemoryReadModelStore();
    const rebuild = new Matcher(store, fresh, { clock: () => new Date(time) });
    await rebuild.synchronise();
    return { partners: await partnersOf(fresh), m1: await projectsOf(m1, fresh) };
  };

  afterAll(async () => {
    await matcher.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a requested pair out at once, keeps a declined one out 90 days, and a rebuild agrees', async () => {
    await append(`member-${m1}`, memberRegistered(m1, { availability: { hoursPerWeek: 10 } }));
    await append(`member-${m2}`, memberRegistered(m2, { availability: { hoursPerWeek: 10 } }));
    await append(`project-${p1}`, projectProposed(p1));
    await matcher.start();
    await partnersBecome([m1, m2]);
    expect(await projectsOf(m1)).toEqual([p1]);

    await intro({
      type: 'IntroductionRequested',
      data: {
        introductionId,
        projectId: p1,
        memberId: m1,
        holderId: 'holder-1',
        requestedBy: 'holder',
        requesterId: 'holder-1',
        assignment: { referentId: 'admin', level: 'admin' },
        requestedAt: new Date(now).toISOString(),
      },
    });
    await partnersBecome([m2]);
    expect(await projectsOf(m1)).toEqual([]);

    now += DAY;
    await intro({ type: 'IntroductionDeclined', data: { introductionId, by: { kind: 'admin' }, declinedAt: new Date(now).toISOString() } });
    const declinedAt = now;
    // Still out 89 days later, whatever else happens.
    now = declinedAt + 89 * DAY;
    await append(`member-${randomUUID()}`, memberRegistered(randomUUID(), { skills: ['apiculture'] }));
    await waitUntil(
      () => matcher.stats.processed,
      (n) => n === 6,
      'the sixth event processed',
    );
    expect(await partnersOf()).toEqual([m2]);
    expect(await rebuiltAt(now)).toEqual({ partners: [m2], m1: [] });

    // After 90 days, the next event brings the pair back.
    now = declinedAt + 90 * DAY + 1;
    await append(`member-${randomUUID()}`, memberRegistered(randomUUID(), { skills: ['apiculture'] }));
    await partnersBecome([m1, m2]);
    expect(await projectsOf(m1)).toEqual([p1]);
    expect(await rebuiltAt(now)).toEqual({ partners: [m1, m2].sort(), m1: [p1] });
  });
});
