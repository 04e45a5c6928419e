import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { type DigestEmailJob, type DigestItem, digestFactId, matchFactId } from '@trame/messaging';
import { digestSchedulerId } from '../src/digest.processor';
import { createNotifierTestApp, type NotifierTestApp } from './notifier-test-app';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';

const digestItem = (memberId: string, title: string, score: number): DigestItem => {
  const projectId = randomUUID();
  return {
    factId: matchFactId('member', projectId, memberId),
    audience: 'member',
    decidedAt: new Date().toISOString(),
    projectId,
    projectTitle: title,
    memberId,
    memberFirstName: 'Lou',
    role: 'menuisier·e',
    score,
    distanceKm: 8,
    reasons: { fr: `raisons ${title}`, en: `reasons ${title}` },
  };
};

describe('digests (real Redis, real SMTP server)', () => {
  let smtp: SmtpSink;
  let t: NotifierTestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createNotifierTestApp({ SMTP_URL: smtp.url, DIGEST_WEEKLY_CRON: '0 7 * * 1' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** Runs one tick as the scheduler would (a job on the digest queue) and waits for it. */
  const tick = async (frequency: 'daily' | 'weekly', periodEnd = new Date().toISOString()) => {
    const job = await t.digestQueue.add('tick', { frequency, periodEnd });
    for (let i = 0; i < 600; i++) {
      const state = await job.getState();
      if (state === 'completed') return (await t.digestQueue.getJob(job.id!))!.returnvalue as { digests: number; dropped: number };
      if (state === 'failed') throw new Error(`tick failed: ${(await t.digestQueue.getJob(job.id!))!.failedReason}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('tick did not finish');
  };
  const settleEmails = async () => {
    for (let i = 0; i < 600; i++) {
      const counts = await t.emailQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('emails still pending');
  };

  it('registers the daily and weekly ticks under stable ids with the configured patterns', async () => {
    const schedulers = await t.digestQueue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([digestSchedulerId('daily'), digestSchedulerId('weekly')]);
    expect(schedulers.find((s) => s.key === 'digest-weekly')).toMatchObject({ pattern: '0 7 * * 1', tz: 'Europe/Paris' });
  });

  it('a weekly member gets nothing instantly, one digest at the weekly tick, and nothing at the next tick', async () => {
    const memberId = await t.register({ firstName: 'Lou', email: 'lou@example.org', notify: 'weekly' });
    const low = digestItem(memberId, 'Atelier vélo', 0.5);
    const high = digestItem(memberId, 'Habitat partagé', 0.9);
    await t.records.addDigestItem(memberId, low);
    await t.records.addDigestItem(memberId, high);
    expect(await t.emailQueue.count()).toBe(0);

    expect(await tick('daily')).toMatchObject({ digests: 0 }); // not their frequency
    const periodEnd = new Date().toISOString();
    expect(await tick('weekly', periodEnd)).toMatchObject({ digests: 1 });
    await settleEmails();
    const mine = smtp.messages.filter((m) => m.to.includes('lou@example.org'));
    expect(mine).toHaveLength(1);
    const mail = await simpleParser(mine[0].raw);
    expect(mail.messageId).toBe(`<${digestFactId(memberId, 'weekly', periodEnd)}@localhost>`);
    expect(mail.text!.indexOf('Habitat partagé')).toBeLessThan(mail.text!.indexOf('Atelier vélo')); // best first
    expect(mail.text).toContain('raisons Habitat partagé');
    // The items' own facts count as mailed: a rebuild re-deciding them queues nothing.
    expect(await t.records.isSent(high.factId)).toBe(true);
    expect(await t.records.addDigestItem(memberId, high)).toBe(false);
    expect(await t.records.pendingDigest(memberId)).toEqual([]);

    expect(await tick('weekly')).toMatchObject({ digests: 0 });
    await settleEmails();
    expect(smtp.messages.filter((m) => m.to.includes('lou@example.org'))).toHaveLength(1);
  });

  it('drops the pending items of a member now on `never`, or erased', async () => {
    const quiet = await t.register({ email: 'quiet@example.org', notify: 'weekly' });
    const gone = await t.register({ email: 'gone@example.org', notify: 'weekly' });
    await t.records.addDigestItem(quiet, digestItem(quiet, 'Ferme', 0.7));
    await t.records.addDigestItem(gone, digestItem(gone, 'Ferme', 0.7));
    await t.changeNotify(quiet, 'never');
    await t.erase(gone);
    expect(await tick('weekly')).toMatchObject({ digests: 0, dropped: 2 });
    expect(await t.records.pendingDigest(quiet)).toEqual([]);
    expect(await t.records.pendingDigest(gone)).toEqual([]);
    await settleEmails();
    expect(smtp.messages.flatMap((m) => m.to)).not.toEqual(expect.arrayContaining(['quiet@example.org']));
  });

  it('a retried tick adds no second digest, and hands over only what the first try carried', async () => {
    const memberId = await t.register({ email: 'retry@example.org', notify: 'weekly' });
    const first = digestItem(memberId, 'Premier', 0.8);
    const later = digestItem(memberId, 'Arrivé après', 0.6);
    await t.records.addDigestItem(memberId, first);
    await t.records.addDigestItem(memberId, later);
    const periodEnd = new Date().toISOString();
    // As if the first try had queued its digest (with `first` only) and crashed before removing the items.
    const queued: DigestEmailJob = {
      kind: 'digest',
      factId: digestFactId(memberId, 'weekly', periodEnd),
      recipientId: memberId,
      frequency: 'weekly',
      items: [first],
      periodEnd,
    };
    await t.emails.enqueue(queued);
    await settleEmails();

    expect(await tick('weekly', periodEnd)).toMatchObject({ digests: 1 }); // the retry
    await settleEmails();
    expect(smtp.messages.filter((m) => m.to.includes('retry@example.org'))).toHaveLength(1);
    expect((await t.records.pendingDigest(memberId)).map((i) => i.factId)).toEqual([later.factId]);

    expect(await tick('weekly')).toMatchObject({ digests: 1 }); // the next week carries it
    await settleEmails();
    expect(smtp.messages.filter((m) => m.to.includes('retry@example.org'))).toHaveLength(2);
  });
});
