import { register } from 'prom-client';
import { freePort } from '../../../test/e2e/processes';
import { createNotifierTestApp, type NotifierTestApp } from './notifier-test-app';
import { matchJob } from './members.fixture';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';

/** How long the relay stays down (the issue asks for 30 s; NOTIFIER_OUTAGE_MS shortens it locally). */
const OUTAGE_MS = Number(process.env.NOTIFIER_OUTAGE_MS ?? 30_000);
const EMAILS = 5;

describe(`SMTP relay down for ${OUTAGE_MS / 1000} s`, () => {
  jest.setTimeout(OUTAGE_MS + 120_000);
  let t: NotifierTestApp;
  let smtp: SmtpSink | undefined;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    // 300 ms doubling with equal jitter: the first 8 retries wait at least 38 s in all, so
    // 10 attempts outlast the outage; the largest single wait stays under a minute.
    t = await createNotifierTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFIER_ATTEMPTS: '10', NOTIFIER_BACKOFF_MS: '300' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('retries with backoff while it is down, then delivers every email exactly once', async () => {
    const retried = async () =>
      (await register.getSingleMetric('trame_emails_retried_total')?.get())?.values.find((v) => v.labels.kind === 'match')?.value ?? 0;
    const retriedBefore = await retried();
    const ids = await Promise.all(Array.from({ length: EMAILS }, (_, i) => t.register({ email: `m${i}@example.org` })));
    const jobs = ids.map((id) => matchJob(id));
    for (const job of jobs) await t.emails.enqueue(job);

    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    for (const job of jobs) {
      const stored = (await t.emailQueue.getJob(job.factId))!;
      expect(await stored.getState()).not.toMatch(/completed|failed/);
      expect(stored.attemptsMade).toBeGreaterThanOrEqual(1);
      expect(await t.records.isSent(job.factId)).toBe(false);
    }
    expect((await retried()) - retriedBefore).toBeGreaterThanOrEqual(EMAILS);

    smtp = await startSmtpSink({ port });
    for (const job of jobs) expect(await t.settled(job.factId, 120_000)).toBe('completed');
    expect(smtp.messages.map((m) => m.messageId).sort()).toEqual(jobs.map((j) => `<${j.factId}@localhost>`).sort());
    expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual(ids.map((_, i) => `m${i}@example.org`).sort());
  });
});
