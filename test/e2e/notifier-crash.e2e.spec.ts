import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { SqliteEventStore } from '@trame/event-store';
import { enqueueEmail, type EmailQueue, QUEUES } from '@trame/messaging';
import { PersonalDataCipher, SqliteKeyStore } from '@trame/personal-data';
import { matchJob, registerMember } from '../../apps/notifier/test/members.fixture';
import { startSmtpSink, type SmtpSink } from '../../libs/mail/src/testing/smtp-sink';
import { waitUntil } from '@trame/testing';
import { deleteQueueKeys, freePort, kill, startApp, stoppedCleanly, whileRunning, type AppProcess } from './processes';

/** Another build than dist/ (e.g. `.tmp/<name>-dist`), for runs beside a tree others build. */
const DIST_DIR = process.env.E2E_DIST_DIR;
const EMAILS = 200;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe(`notifier crash: SIGKILL while sending ${EMAILS} emails, restart, each arrives exactly once`, () => {
  jest.setTimeout(300_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-notifier-crash-'));
  const prefix = `e2e-notifier-${randomUUID()}`;
  const jobs: ReturnType<typeof matchJob>[] = [];
  const emailOf = new Map<string, string>(); // memberId → address
  let smtp: SmtpSink;
  let queue: EmailQueue;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    // 200 members registered as the api does (decider, contact sealed under each one's key).
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const keys = new SqliteKeyStore(join(dataDir, 'keys.sqlite'));
    const cipher = new PersonalDataCipher(keys);
    for (let i = 0; i < EMAILS; i++) {
      const email = `member${i}@crash${i % 7}.example`;
      const memberId = await registerMember(store, cipher, { email, firstName: `M${i}`, locale: i % 2 ? 'en' : 'fr' });
      emailOf.set(memberId, email);
      jobs.push(matchJob(memberId));
    }
    await store.close();
    await keys.close();
    queue = new Queue(QUEUES.email, { connection: { url: REDIS_URL }, prefix });
    for (const job of jobs) await enqueueEmail(queue, job, { attempts: 5, backoffDelayMs: 500 });
    smtp = await startSmtpSink();
  });

  afterAll(async () => {
    for (const p of running) await kill(p, 'SIGKILL');
    await smtp?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (port: number) => {
    const p = await startApp(
      'notifier',
      {
        DATA_DIR: dataDir,
        QUEUE_PREFIX: prefix,
        SMTP_URL: smtp.url,
        NOTIFIER_PORT: String(port),
        NOTIFIER_CONCURRENCY: '4',
        LOG_LEVEL: 'info',
      },
      { distDir: DIST_DIR },
    );
    running.push(p);
    return p;
  };

  it('kills the notifier mid-batch, restarts it, and every email arrives exactly once', async () => {
    const first = await start(await freePort());
    await waitUntil(
      () => smtp.messages.length,
      (n) => n >= 40,
      '40 emails',
      whileRunning(first, 'notifier', 120_000, 25),
    );
    // Freeze the relay before its next 250: the sends under way then wait for an answer,
    // and those already answered get time to record it. The kill thus lands mid-send, never
    // in the one-Redis-write gap after an acceptance (the residual duplicate window, which
    // no SMTP client can close: the Message-ID lets receivers drop such a duplicate).
    smtp.hold();
    await waitUntil(
      () => smtp.held,
      (n) => n > 0,
      'a send under way',
      whileRunning(first, 'notifier', 120_000, 25),
    );
    await new Promise((r) => setTimeout(r, 300));
    const beforeKill = smtp.messages.length;
    await kill(first, 'SIGKILL');
    smtp.release();
    expect(beforeKill).toBeLessThan(EMAILS); // killed in the middle of the batch

    const port = await freePort();
    const second = await start(port);
    // Jobs the dead process held come back once their locks expire (~25 s).
    await waitUntil(
      () => smtp.messages.length,
      (n) => n >= EMAILS,
      `${EMAILS} emails`,
      whileRunning(second, 'notifier', 180_000, 25),
    );
    await waitUntil(
      () => queue.getJobCounts('completed').then((c) => c.completed),
      (n) => n === EMAILS,
      'all jobs completed',
      whileRunning(second, 'notifier', 120_000, 25),
    );

    const byMessageId = new Map<string, number>();
    for (const m of smtp.messages) byMessageId.set(m.messageId, (byMessageId.get(m.messageId) ?? 0) + 1);
    expect(smtp.messages).toHaveLength(EMAILS);
    expect([...byMessageId.values()].every((n) => n === 1)).toBe(true);
    expect([...byMessageId.keys()].sort()).toEqual(jobs.map((j) => `<${j.factId}@localhost>`).sort());
    expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual([...emailOf.values()].sort());
    for (const m of smtp.messages) {
      const job = jobs.find((j) => m.messageId === `<${j.factId}@localhost>`)!;
      expect(m.to).toEqual([emailOf.get(job.recipientId)]);
    }

    // The restarted process served its own metrics and health on NOTIFIER_PORT.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain(`trame_emails_sent_total{kind="match"} ${EMAILS - beforeKill}`);
    expect(metrics).toMatch(/trame_queue_depth\{queue="email",state="completed"\} 200/);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    expect(stoppedCleanly(await kill(second, 'SIGTERM'))).toBe(true);
  });
});
