import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { EMAIL_BACKOFF_TYPE } from './email-retry';
import { enqueueEmail, type EmailQueue } from './enqueue-email';
import { matchFactId, type MatchEmailJob } from './notification-jobs';
import { QUEUES } from './queues';

const job = (factId: string, title = 'Ferme'): MatchEmailJob => ({
  kind: 'match',
  factId,
  audience: 'member',
  recipientId: 'member-1',
  decidedAt: '2025-01-01T00:00:00.000Z',
  match: {
    projectId: 'p',
    projectTitle: title,
    memberId: 'member-1',
    memberFirstName: 'Camille',
    role: 'r',
    score: 0.8,
    distanceKm: 3,
    reasons: { fr: 'fr', en: 'en' },
  },
});

describe('enqueueEmail (real Redis)', () => {
  const prefix = `test-enqueue-${randomUUID()}`;
  let queue: EmailQueue;
  beforeAll(() => {
    queue = new Queue(QUEUES.email, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('uses the fact id as job id, so the same fact enqueued twice is one job', async () => {
    const factId = matchFactId('member', randomUUID(), randomUUID());
    const first = await enqueueEmail(queue, job(factId), { attempts: 4, backoffDelayMs: 250 });
    await enqueueEmail(queue, job(factId, 'changed since'), { attempts: 4, backoffDelayMs: 250 });
    expect(first.id).toBe(factId);
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'active')).toBe(1);
    const stored = await queue.getJob(factId);
    expect(stored?.data).toEqual(job(factId)); // the first one stands
    expect(stored?.opts).toMatchObject({ attempts: 4, backoff: { type: EMAIL_BACKOFF_TYPE, delay: 250 }, removeOnFail: false });
  });
});
