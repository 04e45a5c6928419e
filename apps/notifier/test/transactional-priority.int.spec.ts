import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { emailRetryPolicy, QUEUES, type SignInEmailJob, signInFactId, signInJobOptions } from '@trame/messaging';
import { createNotifierTestApp, type NotifierTestApp } from './notifier-test-app';
import { matchJob } from './members.fixture';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';

const LIMIT = 5;
const WINDOW_MS = 5000;
const BACKLOG = 80;

describe('a sign-in email for a domain with a backlog of match emails', () => {
  jest.setTimeout(60_000); // about 3 windows of 5 s
  let smtp: SmtpSink;
  let t: NotifierTestApp;
  let started: number;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    started = Date.now();
    t = await createNotifierTestApp({
      SMTP_URL: smtp.url,
      NOTIFIER_DOMAIN_RATE_LIMIT: String(LIMIT),
      NOTIFIER_DOMAIN_RATE_WINDOW_MS: String(WINDOW_MS),
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('is sent in the window it was asked in, long before the backlog drains, and the domain stays within its limit', async () => {
    const matched = await t.register({ email: 'matched@busy.example' });
    const signingIn = await t.register({ email: 'signing-in@busy.example' });
    // Start at a window boundary, so the backlog takes its places in line in the same window
    // the sign-in link then asks in (as with 1,100 match emails queued in one go).
    await new Promise((r) => setTimeout(r, WINDOW_MS - (Date.now() % WINDOW_MS) + 50));
    await t.emails.enqueueMany(Array.from({ length: BACKLOG }, () => matchJob(matched)));
    const queued = Date.now() + WINDOW_MS / 2;
    while ((await t.emailQueue.getDelayedCount()) < BACKLOG - LIMIT && Date.now() < queued) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await t.emailQueue.getDelayedCount()).toBeGreaterThanOrEqual(BACKLOG - LIMIT);

    const requestId = randomBytes(32).toString('base64url');
    const now = Date.now();
    const job: SignInEmailJob = {
      kind: 'sign-in',
      factId: signInFactId(requestId),
      requestId,
      recipient: { kind: 'member', id: signingIn },
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 15 * 60_000).toISOString(),
    };
    const signInQueue = t.app.get<Queue<SignInEmailJob>>(getQueueToken(QUEUES.signIn));
    const retry = emailRetryPolicy({ NOTIFIER_ATTEMPTS: 3, NOTIFIER_BACKOFF_MS: 100 });
    await signInQueue.add('sign-in', job, signInJobOptions(job.factId, retry));

    const deadline = Date.now() + 2 * WINDOW_MS;
    while (!smtp.messages.some((m) => m.to.includes('signing-in@busy.example')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const matchesSoFar = smtp.messages.filter((m) => m.to.includes('matched@busy.example')).length;
    expect(smtp.messages.some((m) => m.to.includes('signing-in@busy.example'))).toBe(true);
    expect(matchesSoFar).toBeLessThan(BACKLOG / 2); // the backlog (20 windows) is far from drained

    // Both lanes together stay within the domain's limit (windows started since the app did).
    const windows = Math.ceil((Date.now() - started) / WINDOW_MS) + 1;
    expect(smtp.messages.length).toBeLessThanOrEqual(LIMIT * windows);
  });
});
