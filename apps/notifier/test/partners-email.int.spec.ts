import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { type DigestItem, matchFactId, PartnerBatches, partnersEmailJob, type PartnersEmailJob } from '@trame/messaging';
import { createNotifierTestApp, type NotifierTestApp } from './notifier-test-app';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';

const WINDOW_S = 1;

describe('partner batches: a holder’s new partners of one window in one email (real Redis, real SMTP server)', () => {
  let smtp: SmtpSink;
  let t: NotifierTestApp;
  let batches: PartnerBatches;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createNotifierTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://trame.example',
      NOTIFIER_BACKOFF_MS: '100',
      HOLDER_BATCH_WINDOW_SECONDS: String(WINDOW_S),
    });
    batches = t.app.get(PartnerBatches);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const partner = (projectId: string, firstName: string, score: number): DigestItem => {
    const memberId = randomUUID();
    return {
      factId: matchFactId('holder', projectId, memberId),
      audience: 'holder',
      decidedAt: new Date().toISOString(),
      projectId,
      projectTitle: 'Ferme maraîchère coopérative',
      memberId,
      memberFirstName: firstName,
      role: 'maraîcher·e',
      score,
      distanceKm: 12,
      reasons: { fr: `raisons de ${firstName}`, en: `reasons of ${firstName}` },
    };
  };
  /** What the matcher's dispatcher does with a decided batch: add to the open window, (re)add its delayed job. */
  const dispatch = async (holderId: string, projectId: string, items: DigestItem[]): Promise<PartnersEmailJob | null> => {
    const now = new Date();
    const start = await batches.add(holderId, projectId, items, now);
    if (start === null) return null;
    const { job, delayMs } = partnersEmailJob(holderId, projectId, start, WINDOW_S, now);
    await t.emails.enqueueDelayed(job, delayMs);
    return job;
  };
  const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

  it('gathers the partners of the window into one email listing them all, best first, then nothing more on replay', async () => {
    const holder = await t.register({ firstName: 'Sacha', email: 'sacha@holder.example' });
    const projectId = randomUUID();
    const [lea, noe, zoe] = [partner(projectId, 'Léa', 0.7), partner(projectId, 'Noé', 0.9), partner(projectId, 'Zoé', 0.5)];
    const first = await dispatch(holder, projectId, [lea]);
    // Partners decided within the window join the same batch: same job, no email yet.
    expect(await dispatch(holder, projectId, [noe, zoe])).toEqual(first);
    expect(await t.emailQueue.getJobState(first!.factId)).toBe('delayed');
    expect(mailsTo('sacha@holder.example')).toHaveLength(0);

    expect(await t.settled(first!.factId)).toBe('completed');
    expect(mailsTo('sacha@holder.example')).toHaveLength(1);
    const mail = await simpleParser(mailsTo('sacha@holder.example')[0].raw);
    expect(mail.messageId).toBe(`<${first!.factId}@trame.example>`);
    expect(mail.subject).toMatch(/^3 nouveaux partenaires pour votre projet : Ferme maraîchère coopérative/);
    const fr = mail.text!.slice(0, mail.text!.indexOf('Hello Sacha'));
    const positions = ['Noé', 'Léa', 'Zoé'].map((name) => fr.indexOf(`raisons de ${name}`)); // best first
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(fr).toContain(`https://trame.example/projets/${projectId}#partenaires`);
    for (const item of [lea, noe, zoe]) {
      expect(await t.records.outcomeOf(item.factId)).toMatchObject({ status: 'sent', via: first!.factId });
    }
    expect(await batches.openWindow(holder, projectId)).toBeNull();

    // Replays: the matcher deciding the same facts again adds nothing; the job run again
    // (a worker that died before completing it) or added again after BullMQ forgot it sends nothing.
    expect(await dispatch(holder, projectId, [lea, noe, zoe])).toBeNull();
    await (await t.emailQueue.getJob(first!.factId))!.retry('completed');
    expect(await t.settled(first!.factId)).toBe('completed');
    expect((await t.emailQueue.getJob(first!.factId))!.returnvalue).toEqual({ status: 'already-done', outcome: 'sent' });
    await t.emailQueue.remove(first!.factId);
    await t.emails.enqueue(first!);
    expect(await t.settled(first!.factId)).toBe('completed');
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo('sacha@holder.example')).toHaveLength(1);
  });

  it('a retried send lists the same partners; one who came meanwhile gets the next window’s email', async () => {
    const holder = await t.register({ firstName: 'Ana', email: 'ana@holder.example', locale: 'en' });
    const projectId = randomUUID();
    const [lou, max] = [partner(projectId, 'Lou', 0.8), partner(projectId, 'Max', 0.6)];
    const first = (await dispatch(holder, projectId, [lou]))!;
    // The relay does not answer: the send is under way when Max comes, then it fails (451) and is retried.
    smtp.hold();
    for (let i = 0; i < 200 && smtp.held === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(smtp.held).toBe(1);
    expect(await dispatch(holder, projectId, [max])).toMatchObject({ factId: first.factId }); // the window is still open
    smtp.release();

    expect(await t.settled(first.factId)).toBe('completed');
    expect((await t.emailQueue.getJob(first.factId))!.data).toMatchObject({ items: [{ factId: lou.factId }] });
    const next = await batches.openWindow(holder, projectId);
    expect(next).not.toBeNull();
    const second = partnersEmailJob(holder, projectId, next!, WINDOW_S, new Date()).job;
    expect(second.factId).not.toBe(first.factId);
    expect(await t.settled(second.factId)).toBe('completed');

    const mails = await Promise.all(mailsTo('ana@holder.example').map((m) => simpleParser(m.raw)));
    expect(mails.map((m) => m.subject)).toEqual([
      'A new partner fits your project: Ferme maraîchère coopérative · Nouveaux partenaires pour votre projet',
      'A new partner fits your project: Ferme maraîchère coopérative · Nouveaux partenaires pour votre projet',
    ]);
    expect([mails[0].text!.includes('Lou'), mails[0].text!.includes('Max')]).toEqual([true, false]);
    expect([mails[1].text!.includes('Lou'), mails[1].text!.includes('Max')]).toEqual([false, true]);
    expect(await t.records.outcomeOf(max.factId)).toMatchObject({ status: 'sent', via: second.factId });
    expect(await batches.openWindow(holder, projectId)).toBeNull();
  });

  it('a crash between the relay’s acceptance and the record sends the same email again, as for a digest', async () => {
    const holder = await t.register({ firstName: 'Eli', email: 'eli@holder.example' });
    const projectId = randomUUID();
    const [ida, ugo] = [partner(projectId, 'Ida', 0.8), partner(projectId, 'Ugo', 0.7)];
    const crash = jest.spyOn(t.records, 'markSent').mockRejectedValueOnce(new Error('killed before the record'));
    try {
      const job = (await dispatch(holder, projectId, [ida, ugo]))!;
      expect(await t.settled(job.factId)).toBe('completed');
      expect(crash).toHaveBeenCalledTimes(2);
      const mine = mailsTo('eli@holder.example');
      expect(mine.map((m) => m.messageId)).toEqual([`<${job.factId}@trame.example>`, `<${job.factId}@trame.example>`]);
      const texts = await Promise.all(mine.map(async (m) => (await simpleParser(m.raw)).text));
      expect(texts[1]).toBe(texts[0]);
      expect(await t.records.outcomeOf(ugo.factId)).toMatchObject({ status: 'sent', via: job.factId });
    } finally {
      crash.mockRestore();
    }
  });

  it('records every partner as skipped, without an email, for a holder now on `never`', async () => {
    const holder = await t.register({ email: 'quiet@holder.example' });
    const projectId = randomUUID();
    const ivy = partner(projectId, 'Ivy', 0.8);
    const job = (await dispatch(holder, projectId, [ivy]))!;
    await t.changeNotify(holder, 'never');
    expect(await t.settled(job.factId)).toBe('completed');
    expect((await t.emailQueue.getJob(job.factId))!.returnvalue).toEqual({ status: 'skipped', reason: 'notify-never' });
    expect(await t.records.outcomeOf(ivy.factId)).toMatchObject({ status: 'skipped', reason: 'notify-never' });
    expect(mailsTo('quiet@holder.example')).toHaveLength(0);
    expect(await batches.openWindow(holder, projectId)).toBeNull();
  });
});
