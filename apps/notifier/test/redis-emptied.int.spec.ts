import { rmSync } from 'node:fs';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { type DigestTickJob, NotificationRecords, QUEUES } from '@trame/messaging';
import { PersonalDataCipher } from '@trame/personal-data';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { createIntroductionTestApp, type IntroductionTestApp } from '../../matcher/test/introduction-test-app';
import { SendEmailProcessor } from '../src/send-email.processor';
import { registerMember } from './members.fixture';
import { ownRedisServer, type OwnRedisServer } from './own-redis-server';

async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, withinMs = 20_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Redis coming back empty under running apps (matcher and notifier, a redis-server of its own)', () => {
  jest.setTimeout(120_000);
  let redisServer: OwnRedisServer;
  let smtp: SmtpSink;
  let t: IntroductionTestApp;
  let admin: Redis;

  beforeAll(async () => {
    redisServer = await ownRedisServer();
    smtp = await startSmtpSink();
    t = await createIntroductionTestApp({
      REDIS_URL: redisServer.url,
      SMTP_URL: smtp.url,
      ADMIN_EMAILS: 'admin@trame.example',
      // The holder's new partners wait for a window of one second, in Redis too.
      HOLDER_BATCH_WINDOW_SECONDS: '1',
    });
    admin = new Redis(redisServer.url);
  });
  afterAll(async () => {
    await t?.close({ keepData: true });
    if (t) rmSync(t.env.DATA_DIR, { recursive: true, force: true });
    admin?.disconnect();
    await smtp?.close();
    await redisServer?.stop();
  });

  it('loses nothing, sends nothing twice, and has its schedules and timers back without a restart', async () => {
    const cipher = t.app.get(PersonalDataCipher);
    const records = t.app.get(NotificationRecords);
    const emailQueue = t.app.get<Queue>(getQueueToken(QUEUES.email));
    const digestQueue = t.app.get<Queue<DigestTickJob>>(getQueueToken(QUEUES.digest));
    const to = (address: string) => smtp.messages.filter((m) => m.to.includes(address)).length;

    // Before: a holder and a member mailed about each other, an introduction asked (admins mailed, timers planned).
    const holder = await registerMember(t.store, cipher, { firstName: 'Hugo', email: 'hugo@holder.example', notify: 'instant' });
    const alice = await registerMember(t.store, cipher, { firstName: 'Alice', email: 'alice@member.example', notify: 'instant' });
    const projectId = await t.propose(holder, 'Ferme maraîchère coopérative');
    await until(
      async () => [to('alice@member.example'), to('hugo@holder.example')],
      ([a, h]) => a === 1 && h >= 1,
      'first match emails',
    );
    await t.request({
      projectId,
      holderId: holder,
      memberId: alice,
      requestedBy: 'holder',
      assignment: { referentId: 'admin', level: 'admin' },
    });
    await until(
      async () => to('admin@trame.example'),
      (n) => n === 1,
      'the admins told of the request',
    );
    const timers = await until(
      async () => (await t.timerQueue.getJobs(['delayed', 'waiting'])).map((j) => j.id).sort(),
      (ids) => ids.length > 0,
      'timers planned',
    );
    const schedulers = await until(
      async () => (await digestQueue.getJobSchedulers()).map((s) => s.key).sort(),
      (keys) => keys.length === 2,
      'digest schedules',
    );
    // And someone who has not confirmed their address yet: the timer that erases them in 7 days. (Every registration
    // plans one; those confirmed since will find nothing to do.)
    const memberTimers = t.app.get<Queue>(getQueueToken(QUEUES.memberTimers));
    const pending = await registerMember(t.store, cipher, { firstName: 'Paul', email: 'paul@member.example', confirmed: false });
    await until(
      async () => (await memberTimers.getJobs(['delayed'])).map((j) => j.id),
      (ids) => ids.includes(`${pending}.erase-unconfirmed`),
      'the unconfirmed member’s erasure timer',
    );

    // Then, while the match emails wait in the queue: a second instant member and a weekly one.
    const worker = t.app.get(SendEmailProcessor).worker;
    await worker.pause(true);
    const bruno = await registerMember(t.store, cipher, { firstName: 'Bruno', email: 'bruno@member.example', notify: 'instant' });
    const wendy = await registerMember(t.store, cipher, { firstName: 'Wendy', email: 'wendy@member.example', notify: 'weekly' });
    await until(
      async () => (await records.pendingDigest(wendy)).length,
      (n) => n === 1,
      'the weekly member’s digest item',
    );
    await until(
      async () => (await emailQueue.getJob(`match.member.${projectId}.${bruno}`))?.id,
      (id) => id !== undefined,
      'queued email',
    );

    await admin.flushall();
    expect(await admin.dbsize()).toBeLessThan(5); // emptied (a worker may already write a key or two back)
    await worker.resume();

    // Back, from the log and the durable records, without a restart.
    await until(
      async () => (await digestQueue.getJobSchedulers()).map((s) => s.key).sort(),
      (keys) => keys.join() === schedulers.join(),
      'schedules back',
    );
    await until(
      async () => (await t.timerQueue.getJobs(['delayed', 'waiting'])).map((j) => j.id).sort(),
      (ids) => ids.join() === timers.join(),
      'timers back',
    );
    await until(
      async () => (await memberTimers.getJobs(['delayed'])).map((j) => j.id),
      // Only the unconfirmed member's is planned again.
      (ids) => ids.join() === `${pending}.erase-unconfirmed`,
      'the erasure timer back',
    );
    await until(
      async () => (await records.pendingDigest(wendy)).map((i) => i.projectId),
      (ids) => ids.join() === projectId,
      'digest item back',
    );
    await until(
      async () => to('bruno@member.example'),
      (n) => n === 1,
      'the queued email sent after all',
    );
    // The holder hears of Bruno and Wendy (instant: the holder's own preference), in one email: their batch was
    // lost with Redis, and decided again.
    await until(
      async () => to('hugo@holder.example'),
      (n) => n === 2,
      'the holder’s batch sent after all',
    );
    const batch = (await simpleParser(smtp.messages.filter((m) => m.to.includes('hugo@holder.example'))[1].raw)).text!;
    expect([batch.includes('Bruno'), batch.includes('Wendy')]).toEqual([true, true]);

    // Time for anything sent twice to arrive; then every Message-ID exactly once.
    await new Promise((r) => setTimeout(r, 3000));
    const ids = smtp.messages.map((m) => m.messageId);
    expect(ids.length).toBe(new Set(ids).size);
    expect([to('alice@member.example'), to('admin@trame.example'), to('bruno@member.example'), to('hugo@holder.example')]).toEqual([
      1, 1, 1, 2,
    ]);
    expect(to('wendy@member.example')).toBe(0); // weekly: in the next digest
    expect(to('paul@member.example')).toBe(0); // unconfirmed: nothing but the confirmation (the api's, not run here)
  });
});
