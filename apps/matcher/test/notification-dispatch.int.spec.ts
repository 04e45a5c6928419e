import { waitUntil } from '@trame/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { matchFactId, NotificationRecords, PartnerBatches, partnersFactId, QUEUES } from '@trame/messaging';
import { MEMBER_RECOMMENDATIONS, PROJECT_RECOMMENDATIONS, READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { createApiTestApp, type ApiTestApp, validProject } from '../../api/test/api-test-app';
import { idOf } from '../../api/test/typed-reads';
import { MatcherModule } from '../src/matcher.module';
import { MatcherService } from '../src/matcher.service';
import { NotificationDispatcher } from '../src/notifications/notification-dispatcher';

describe('matcher notification decisions (api + matcher, real Redis and BullMQ)', () => {
  let t: ApiTestApp;
  let queue: Queue;
  let records: NotificationRecords;
  beforeAll(async () => {
    t = await createApiTestApp({}, [MatcherModule]);
    await t.app.get(MatcherService).ready;
    queue = t.app.get<Queue>(getQueueToken(QUEUES.email));
    records = t.app.get(NotificationRecords);
  });
  afterAll(() => t.close());

  it('queues one instant email per new fact, digest items for daily/weekly, nothing for `never`, once', async () => {
    const near = { territories: [{ postcode: '04300', radiusKm: 30 }] };
    const register = (displayName: string, email: string, notify: string, skills: string[]) =>
      t.registerMember({ displayName, email, notify, skills, ...near });
    const instant = await register('Léa Instantanée', 'lea@example.org', 'instant', ['maraîchage']);
    const weekly = await register('Hugo Hebdo', 'hugo@example.org', 'weekly', ['maraîchage']);
    const never = await register('Nora Jamais', 'nora@example.org', 'never', ['maraîchage']);
    const holder = await register('Camille Porteuse', 'camille@example.org', 'daily', []);
    const project = idOf(
      await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holder))
        .send(
          validProject(holder, { location: { postcode: '04300' }, radiusKm: 30, needs: [{ role: 'maraîcher·e', skills: ['maraîchage'] }] }),
        )
        .expect(201),
    );

    const job = await waitUntil(
      () => queue.getJob(matchFactId('member', project, instant)),
      (j) => !!j,
      'the instant job',
    );
    expect(job!.data).toMatchObject({
      kind: 'match',
      audience: 'member',
      recipientId: instant,
      match: { projectId: project, role: 'maraîcher·e' },
    });
    // Payloads never carry contact details: the notifier reads them at send time.
    expect(JSON.stringify(job!.data)).not.toMatch(/@|Instantanée/);

    const weeklyItems = await waitUntil(
      () => records.pendingDigest(weekly),
      (items) => items.length === 1,
      'the weekly item',
    );
    expect(weeklyItems[0]).toMatchObject({ factId: matchFactId('member', project, weekly), audience: 'member' });
    // `never` only silences the member's own emails: the (daily) holder hears of all three partners.
    const holderItems = await waitUntil(
      () => records.pendingDigest(holder),
      (items) => items.length === 3,
      'the holder items',
    );
    expect(holderItems.map((i) => i.memberId).sort()).toEqual([instant, weekly, never].sort());
    expect(holderItems.every((i) => i.audience === 'holder' && i.memberFirstName.length > 0)).toBe(true);
    expect(await records.outcomeOf(matchFactId('member', project, never))).toMatchObject({ status: 'skipped', reason: 'never' });
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'completed', 'active')).toBe(1);

    // Publishing the same lists again (a restart, a rebuild) decides nothing new.
    const readModels = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    const projects = await readModels.collection(PROJECT_RECOMMENDATIONS).find({});
    const members = await readModels.collection(MEMBER_RECOMMENDATIONS).find({});
    await records.markSent(matchFactId('member', project, instant), '<sent@trame.test>');
    await t.app.get(NotificationDispatcher).dispatch(projects as never, members as never, new Date());
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'completed', 'active')).toBe(1);
    expect(await records.pendingDigest(weekly)).toHaveLength(1);
  });

  it('gathers an instant holder’s new partners into one batch job, delayed by the window (600 s by default), once', async () => {
    const near = { territories: [{ postcode: '04300', radiusKm: 30 }] };
    const register = (displayName: string, email: string, notify: string, skills: string[]) =>
      t.registerMember({ displayName, email, notify, skills, ...near });
    const ana = await register('Ana Daily', 'ana@example.org', 'daily', ['apiculture']);
    const bob = await register('Bob Weekly', 'bob@example.org', 'weekly', ['apiculture']);
    const holder = await register('Sacha Porteur', 'sacha@example.org', 'instant', []);
    const before = Date.now();
    const project = idOf(
      await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holder))
        .send(
          validProject(holder, {
            location: { postcode: '04300' },
            radiusKm: 30,
            needs: [{ role: 'apiculteur·rice', skills: ['apiculture'] }],
          }),
        )
        .expect(201),
    );
    const batches = t.app.get(PartnerBatches);
    const items = await waitUntil(
      () => batches.pending(holder, project),
      (found) => found.length === 2,
      'both partners in the batch',
    );
    expect(items.map((i) => i.memberId).sort()).toEqual([ana, bob].sort());
    const windowStart = (await batches.openWindow(holder, project))!;
    const job = (await queue.getJob(partnersFactId(project, holder, windowStart)))!;
    expect(job.data).toEqual({ kind: 'partners', factId: job.id, recipientId: holder, projectId: project, windowStart, items: [] });
    expect(await job.getState()).toBe('delayed');
    expect(job.opts.delay).toBeGreaterThan(590_000);
    expect(Date.parse(windowStart) + 600_000 - before).toBeGreaterThanOrEqual(job.opts.delay!);
    // No email per partner for this holder.
    expect(await queue.getJob(matchFactId('holder', project, ana))).toBeUndefined();

    // Publishing the same lists again: the facts join the same window, no second job.
    const readModels = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    const projects = await readModels.collection(PROJECT_RECOMMENDATIONS).find({});
    await t.app.get(NotificationDispatcher).dispatch(projects as never, [], new Date());
    expect(await batches.openWindow(holder, project)).toBe(windowStart);
    expect((await queue.getJobs(['delayed'])).filter((j) => (j.data as { kind: string }).kind === 'partners').map((j) => j.id)).toEqual([
      job.id,
    ]);
  });
});
