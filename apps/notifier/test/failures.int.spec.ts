import { expect } from '@jest/globals';
import request from 'supertest';
import { register } from 'prom-client';
import { AdminModule } from '../../api/src/admin/admin.module';
import { bodyOf, type FailedJobsBody } from '../../api/test/typed-reads';
import { createNotifierTestApp, type NotifierTestApp } from './notifier-test-app';
import { matchJob } from './members.fixture';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const counter = async (name: string, kind: string): Promise<number> =>
  (await register.getSingleMetric(name)?.get())?.values.find((v) => v.labels.kind === kind)?.value ?? 0;

describe('failure handling: permanent refusal, admin visibility, per-domain rate limit', () => {
  const WINDOW_MS = 3000;
  let smtp: SmtpSink;
  let t: NotifierTestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink({
      onRcptTo: (address) => (address.startsWith('bounce@') ? { code: 550, message: '5.1.1 mailbox unavailable' } : undefined),
    });
    t = await createNotifierTestApp(
      {
        SMTP_URL: smtp.url,
        ADMIN_API_TOKEN: ADMIN_TOKEN,
        NOTIFIER_ATTEMPTS: '5',
        NOTIFIER_BACKOFF_MS: '100',
        NOTIFIER_DOMAIN_RATE_LIMIT: '2',
        NOTIFIER_DOMAIN_RATE_WINDOW_MS: String(WINDOW_MS),
      },
      [AdminModule],
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('a permanently refusing relay leaves the job in the failed set at once, with the reason, listed for admins', async () => {
    const failedBefore = await counter('trame_emails_failed_total', 'match');
    const memberId = await t.register({ email: 'bounce@refusing.example' });
    const job = matchJob(memberId);
    await t.emails.enqueue(job);
    expect(await t.settled(job.factId)).toBe('failed');
    const failed = (await t.emailQueue.getJob(job.factId))!;
    expect(failed.attemptsMade).toBe(1); // no retry: retrying cannot help
    expect(failed.failedReason).toMatch(/Permanent SMTP refusal.*550.*mailbox unavailable/);
    expect(await t.records.isSent(job.factId)).toBe(false);
    expect(await counter('trame_emails_failed_total', 'match')).toBe(failedBefore + 1);

    const http = () => request(t.app.getHttpServer());
    await http().get('/v1/admin/queues/failed').expect(401);
    await http().get('/v1/admin/queues/failed').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    const res = await http().get('/v1/admin/queues/failed').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    const failedJobs = bodyOf<FailedJobsBody>(res);
    expect(failedJobs.total).toBe(1);
    expect(failedJobs.jobs).toEqual([
      {
        id: job.factId,
        queue: 'email',
        kind: 'match',
        recipientId: memberId,
        attemptsMade: 1,
        failedReason: failed.failedReason,
        createdAt: expect.any(String),
        processedAt: expect.any(String),
        failedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('refusing.example'); // ids only, never an address
  });

  it('sends at most N emails per recipient domain per window; the rest wait without using an attempt', async () => {
    const ids = await Promise.all([
      t.register({ email: 'a@busy.example' }),
      t.register({ email: 'b@busy.example' }),
      t.register({ email: 'c@busy.example' }),
      t.register({ email: 'd@quiet.example' }),
    ]);
    // Start right after a window begins, so the four jobs all fall in the same window.
    await new Promise((r) => setTimeout(r, WINDOW_MS - (Date.now() % WINDOW_MS) + 50));
    const jobs = ids.map((id) => matchJob(id));
    const before = smtp.messages.length;
    await Promise.all(jobs.map((j) => t.emails.enqueue(j)));

    await smtp.waitFor(before + 3, 30_000);
    const firstThree = smtp.messages.slice(before).flatMap((m) => m.to);
    expect(firstThree.filter((a) => a.endsWith('@busy.example'))).toHaveLength(2);
    expect(firstThree).toContain('d@quiet.example');
    // The held-back job goes to the delayed set (its move may lag the other sends by a moment).
    let delayed: string[] = [];
    for (let i = 0; i < 100 && delayed.length === 0; i++) {
      delayed = (await t.emailQueue.getDelayed()).map((j) => j.id!).filter((id) => jobs.some((j) => j.factId === id));
      if (delayed.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(delayed).toHaveLength(1);
    expect(smtp.messages.length).toBe(before + 3);
    expect((await t.emailQueue.getJob(delayed[0]))!.attemptsMade).toBe(0);

    // Next window: it goes out.
    await smtp.waitFor(before + 4, WINDOW_MS * 3);
    expect(
      smtp.messages
        .slice(before)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(['a@busy.example', 'b@busy.example', 'c@busy.example', 'd@quiet.example']);
    for (const j of jobs) expect(await t.settled(j.factId)).toBe('completed');
  });
});
