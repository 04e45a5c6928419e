import { deleteRedisKeys } from '@trame/testing';
import { randomUUID } from 'node:crypto';
import { type JobsOptions, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { RecordedEvent } from '@trame/event-store';
import {
  type DigestEmailJob,
  type DigestItem,
  type EmailJob,
  type EmailQueue,
  matchFactId,
  type MatchEmailJob,
  NotificationRecords,
  PartnerBatches,
  partnersEmailJob,
  type PartnersEmailJob,
  SqliteNotificationOutcomeStore,
  QUEUES,
} from '@trame/messaging';
import { ErasurePurger } from './erasure-purger';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const [P1, P2, P3] = [randomUUID(), randomUUID(), randomUUID()];
const [ZOE, LEO, H, H2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

const item = (audience: 'member' | 'holder', projectId: string, memberId: string): DigestItem => ({
  factId: matchFactId(audience, projectId, memberId),
  audience,
  decidedAt: '2025-01-01T00:00:00.000Z',
  projectId,
  projectTitle: 'Ferme',
  memberId,
  memberFirstName: memberId === ZOE ? 'Zoé' : 'Léo',
  role: 'maraîcher·e',
  score: 0.8,
  distanceKm: 12,
  reasons: { fr: '1 compétence sur 1', en: '1 of 1 skills' },
});
const matchJob = (audience: 'member' | 'holder', recipientId: string, projectId: string, memberId: string): MatchEmailJob => {
  const { audience: _a, factId, decidedAt, ...match } = item(audience, projectId, memberId);
  return { kind: 'match', factId, audience, recipientId, match, decidedAt };
};
const digestJob = (recipientId: string, items: DigestItem[]): DigestEmailJob => ({
  kind: 'digest',
  factId: `digest.daily.${recipientId}.20250101000000000`,
  recipientId,
  frequency: 'daily',
  items,
  periodEnd: '2025-01-01T00:00:00.000Z',
});
const erasure = (memberId: string, eventId = randomUUID()): RecordedEvent => ({
  eventId,
  streamId: `member-${memberId}`,
  type: 'MemberErased',
  data: { memberId, erasedAt: '2025-01-02T00:00:00.000Z' },
  metadata: {},
  revision: 1,
  position: 42,
  recordedAt: new Date(),
});

describe('ErasurePurger (real Redis and BullMQ, unique prefix)', () => {
  const prefix = `test-erasure-${randomUUID()}`;
  let redis: Redis;
  let queue: EmailQueue;
  let records: NotificationRecords;
  let purger: ErasurePurger;
  let batches: PartnerBatches;
  const add = (job: EmailJob, opts: JobsOptions = {}) => queue.add(job.kind, job, { jobId: job.factId, ...opts });

  beforeAll(async () => {
    redis = new Redis(url, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUES.email, { connection: { url, maxRetriesPerRequest: null }, prefix });
    records = new NotificationRecords(redis, { QUEUE_PREFIX: prefix }, new SqliteNotificationOutcomeStore(':memory:'));
    batches = new PartnerBatches(redis, { QUEUE_PREFIX: prefix }, records);
    purger = new ErasurePurger(queue, records, redis, { QUEUE_PREFIX: prefix }, batches);

    // A failed job (kept for the admin, who may retry it): made by a worker that throws,
    // before any other job exists so that it is the only one the worker takes.
    const failing = matchJob('holder', H2, P3, ZOE);
    await add(failing, { attempts: 1 });
    const worker = new Worker(QUEUES.email, async () => Promise.reject(new Error('relay down')), {
      connection: { url, maxRetriesPerRequest: null },
      prefix,
    });
    await new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    await worker.close();
    expect(await queue.getJobState(failing.factId)).toBe('failed');
  });
  afterAll(async () => {
    await queue.close();
    await deleteRedisKeys(redis, prefix);
    await redis.quit();
  });

  it('removes the jobs for or about the erased member, trims digests, drops digest items, and nothing else', async () => {
    await add(matchJob('member', ZOE, P1, ZOE)); // to her
    await add(matchJob('holder', H, P1, ZOE)); // about her, to a holder
    await add(matchJob('holder', ZOE, P2, LEO)); // to her as a holder
    await add(matchJob('member', ZOE, P2, ZOE), { priority: 3 }); // prioritized
    await add(matchJob('holder', H, P1, LEO)); // neither: stays
    await add(matchJob('member', LEO, P1, LEO)); // neither: stays
    await add(digestJob(H, [item('holder', P1, LEO), item('holder', P1, ZOE)]), { delay: 3_600_000 }); // trimmed
    await add(digestJob(H2, [item('holder', P1, ZOE)]), { delay: 3_600_000 }); // nothing left: removed
    await add(digestJob(ZOE, [item('member', P1, ZOE)]), { delay: 3_600_000 }); // hers
    expect(await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'failed')).toEqual({
      waiting: 5,
      prioritized: 1,
      delayed: 3,
      failed: 1,
    });

    await records.addDigestItems([
      { memberId: ZOE, item: item('member', P1, ZOE) },
      { memberId: ZOE, item: item('holder', P2, LEO) },
      { memberId: H, item: item('holder', P1, ZOE) },
      { memberId: H, item: item('holder', P1, LEO) },
      { memberId: H2, item: item('holder', P1, ZOE) },
      { memberId: LEO, item: item('member', P1, LEO) },
    ]);

    const report = await purger.purge([erasure(ZOE)]);

    expect(report).toEqual({ purged: 1, alreadyPurged: 0, jobsRemoved: 7, jobsUpdated: 1, jobsBusy: 0, digestItemsRemoved: 2 });
    const left = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'failed', 'waiting-children']);
    expect(left.map((j) => j.id).sort()).toEqual(
      [matchFactId('holder', P1, LEO), matchFactId('member', P1, LEO), digestJob(H, []).factId].sort(),
    );
    expect(JSON.stringify(left.map((j) => j.data))).not.toContain(ZOE);
    const trimmed = left.find((j) => j.data.kind === 'digest')!.data as DigestEmailJob;
    expect(trimmed.items.map((i) => i.memberId)).toEqual([LEO]);

    expect(await records.pendingDigest(ZOE)).toEqual([]);
    expect((await records.pendingDigest(H)).map((i) => i.memberId)).toEqual([LEO]);
    expect(await records.pendingDigest(H2)).toEqual([]);
    expect(await records.pendingDigest(LEO)).toHaveLength(1);
    expect((await redis.smembers(records.keys.digestMembers)).sort()).toEqual([H, LEO].sort());
  });

  it('is idempotent: a replayed erasure does nothing (one set lookup), purging again is harmless', async () => {
    const event = erasure(LEO);
    const first = await purger.purge([event]);
    expect(first).toMatchObject({ purged: 1, jobsRemoved: 3, digestItemsRemoved: 1 });
    const snapshot = async () => ({
      jobs: (await queue.getJobs(['waiting', 'prioritized', 'delayed', 'failed'])).map((j) => [j.id, j.data]),
      members: (await redis.smembers(records.keys.digestMembers)).sort(),
      holder: await records.pendingDigest(H),
    });
    const before = await snapshot();
    expect(before.jobs).toEqual([]); // the trimmed digest of H carried Léo only: gone too
    expect(before.members).toEqual([]);

    // A replay of the log hands the same event again: skipped without a scan, even if
    // something about that member had appeared since (only a new erasure purges again).
    await add(matchJob('member', LEO, P3, LEO));
    expect(await purger.purge([event])).toEqual({
      purged: 0,
      alreadyPurged: 1,
      jobsRemoved: 0,
      jobsUpdated: 0,
      jobsBusy: 0,
      digestItemsRemoved: 0,
    });
    expect(await queue.getJob(matchFactId('member', P3, LEO))).toBeDefined();

    // The same member erased by another event (another log, a lost set): purged again, harmlessly.
    expect(await purger.purge([event, erasure(LEO)])).toMatchObject({ purged: 1, alreadyPurged: 1, jobsRemoved: 1 });
    expect(await purger.purge([erasure(LEO)])).toMatchObject({ purged: 1, jobsRemoved: 0, jobsUpdated: 0, digestItemsRemoved: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('takes an erased partner out of holders’ partner batches (the window stays), and drops an erased holder’s batches', async () => {
    const [ana, bob, holder, gone, p] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const now = new Date('2025-01-03T10:00:00.000Z');
    const named = (memberId: string) => ({ ...item('holder', p, memberId), memberFirstName: memberId === ana ? 'Ana' : 'Bob' });
    const start = (await batches.add(holder, p, [named(ana), named(bob)], now))!;
    const { job } = partnersEmailJob(holder, p, start, 600, now);
    await add({ ...job, items: [named(ana), named(bob)] }, { delay: 3_600_000 }); // as if a send had begun
    await batches.add(gone, p, [named(bob)], now);
    await add(partnersEmailJob(gone, p, start, 600, now).job, { delay: 3_600_000 });

    const report = await purger.purge([erasure(ana), erasure(gone)]);

    expect(report).toMatchObject({ jobsRemoved: 1, jobsUpdated: 1, digestItemsRemoved: 2 });
    expect((await batches.pending(holder, p)).map((i) => i.memberId)).toEqual([bob]);
    expect(await batches.openWindow(holder, p)).toBe(start);
    const kept = (await queue.getJob(job.factId))!.data as PartnersEmailJob;
    expect(kept.items.map((i) => i.memberId)).toEqual([bob]);
    expect(await batches.pending(gone, p)).toEqual([]);
    expect(await batches.openWindow(gone, p)).toBeNull();
    expect(await redis.smembers(batches.keys.partnerBatches)).toEqual([`${holder}.${p}`]);
  });
});
