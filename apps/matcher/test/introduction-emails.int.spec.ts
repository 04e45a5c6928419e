import { simpleParser, type ParsedMail } from 'mailparser';
import { type Assignment, type IntroductionActor, projectDecider, streamId } from '@trame/domain';
import { handleCommand } from '@trame/event-store';
import { INTRODUCTION_EMAIL_STEPS, type IntroductionEmailStep, introductionKeys } from '@trame/messaging';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { createIntroductionTestApp, type IntroductionTestApp, TERRITORIES } from './introduction-test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ADMINS = ['ada@trame.example', 'alan@trame.example'];
const HOLDER = { first: 'Camille', last: 'Porteuse', email: 'camille.porteuse@example.org' };
const MEMBER = { first: 'Léa', last: 'Dubois', email: 'lea.dubois@example.org' };
const OTHER = { first: 'Hugo', last: 'Lemaire', email: 'hugo.lemaire@example.org' };
const COMMUNE = { first: 'Dominique', last: 'Roux', email: 'dominique.roux@example.org' };
const DEPARTEMENT = { first: 'Sacha', last: 'Morel', email: 'sacha.morel@example.org' };

type Mail = { step: IntroductionEmailStep; to: string[]; mail: ParsedMail; messageId: string };

/*
 * Every introduction email, end to end inside one process: the matcher reacts to the
 * introduction events (as the api or the timers append them), the notifier renders and
 * sends over real SMTP to a sink, the emails are parsed. Then the log is replayed (a
 * restart over the same log and Redis, read models rebuilt from scratch) and nothing is
 * sent again; nor when Redis lost its records and the outcomes are old.
 */
describe('introduction emails (matcher + notifier, real Redis and SMTP)', () => {
  jest.setTimeout(60_000);
  let smtp: SmtpSink;
  let t: IntroductionTestApp;
  const mails: Mail[] = [];
  let people: Record<'holder' | 'member' | 'other' | 'commune' | 'departement', string>;
  let project: string;
  /** The introduction the first test takes to `introduced`. */
  let introducedId: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createIntroductionTestApp({ SMTP_URL: smtp.url, ADMIN_EMAILS: ADMINS.join(',') });
    people = {
      holder: await t.register(HOLDER.first, HOLDER.last, HOLDER.email),
      member: await t.register(MEMBER.first, MEMBER.last, MEMBER.email, 'en'),
      other: await t.register(OTHER.first, OTHER.last, OTHER.email),
      commune: await t.appoint(COMMUNE.first, COMMUNE.last, COMMUNE.email, TERRITORIES.commune),
      departement: await t.appoint(DEPARTEMENT.first, DEPARTEMENT.last, DEPARTEMENT.email, TERRITORIES.departement),
    };
    project = await t.propose(people.holder, 'Ferme maraîchère coopérative');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** Introduction emails received so far, parsed once each (match emails are not looked at). */
  async function received(): Promise<Mail[]> {
    const introductionMessages = smtp.messages.filter((m) => m.messageId.startsWith('<intro.'));
    for (const message of introductionMessages.slice(mails.length)) {
      const step = message.messageId.split('.')[3] as IntroductionEmailStep;
      mails.push({ step, to: [...message.to], mail: await simpleParser(message.raw), messageId: message.messageId });
    }
    return mails;
  }
  /** Waits for the next `count` introduction emails and returns them. */
  async function next(count: number): Promise<Mail[]> {
    const before = mails.length;
    await waitUntil(received, (all) => all.length >= before + count, `${count} more introduction emails`, { timeoutMs: 20_000 });
    return mails.slice(before, before + count);
  }
  const one = async () => (await next(1))[0];
  const link = (mail: ParsedMail) =>
    /https:\/\/trame\.example\/mises-en-relation\/[^\s?]+\?as=[^\s&]+&token=[\w-]+/.exec(mail.text ?? '')?.[0];
  const referent = (id: string, level: 'commune' | 'departement'): IntroductionActor => ({
    kind: 'referent',
    id,
    level,
    coversProject: true,
  });
  const at = (ms: number) => new Date(Date.now() + ms);
  const communeRef = (): Assignment => ({ referentId: people.commune, level: 'commune' });

  it('request → approval → party reminder → introduced: each step mails the right person, contacts only at the end', async () => {
    const id = await t.request({
      projectId: project,
      holderId: people.holder,
      memberId: people.member,
      requestedBy: 'holder',
      assignment: communeRef(),
      message: 'Bonjour Léa,\nvotre expérience en maraîchage nous intéresse.',
    });

    const request = await one();
    expect(request).toMatchObject({ step: 'requested', to: [COMMUNE.email] });
    expect(request.mail.subject).toBe('Demande de mise en relation : Ferme maraîchère coopérative · Introduction request');
    expect(request.mail.text).toContain('Bonjour Dominique,');
    expect(request.mail.text).toContain(
      'Camille, qui porte le projet « Ferme maraîchère coopérative », souhaite être mis·e en relation avec Léa.',
    );
    expect(new URL(link(request.mail)!).searchParams.get('as')).toBe(people.commune);
    expect(request.messageId).toBe(`<intro.${id}.0.requested.referent-${people.commune}@trame.example>`);
    // Transactional: no unsubscribe header, but auto-responders are told to stay quiet.
    expect(request.mail.headers.has('list-unsubscribe')).toBe(false);
    expect(request.mail.headers.get('auto-submitted')).toBe('auto-generated');

    await t.command(id, 'ApproveIntroduction', { actor: referent(people.commune, 'commune'), note: 'Belle rencontre en perspective.' });
    const consent = await one();
    expect(consent).toMatchObject({ step: 'approved', to: [MEMBER.email] });
    // Léa reads English first.
    expect(consent.mail.text!.indexOf('Hello Léa')).toBeLessThan(consent.mail.text!.indexOf('Bonjour Léa'));
    expect(consent.mail.text).toContain('Belle rencontre en perspective.');
    expect(new URL(link(consent.mail)!).searchParams.get('as')).toBe(people.member);

    await t.command(id, 'RemindParty', { now: at(15 * DAY) });
    const reminder = await one();
    expect(reminder).toMatchObject({ step: 'party-reminder', to: [MEMBER.email] });
    expect(new URL(link(reminder.mail)!).searchParams.get('as')).toBe(people.member);

    // No address and no last name went out before both consented.
    for (const { mail } of mails) {
      for (const secret of [HOLDER.email, MEMBER.email, HOLDER.last, MEMBER.last]) expect(mail.text).not.toContain(secret);
    }

    await t.command(id, 'AcceptIntroduction', { actor: { kind: 'member', id: people.member } });
    introducedId = id;
    const introduced = await next(2);
    const toHolder = introduced.find((m) => m.to[0] === HOLDER.email)!;
    const toMember = introduced.find((m) => m.to[0] === MEMBER.email)!;
    expect([toHolder.step, toMember.step]).toEqual(['introduced', 'introduced']);
    expect(toHolder.mail.text).toContain(`Léa Dubois\n  E-mail : ${MEMBER.email}`);
    expect(toHolder.mail.text).not.toContain(HOLDER.email);
    expect(toHolder.mail.text).not.toContain('votre expérience'); // her own message, not repeated to her
    expect(toMember.mail.text).toContain(`Camille Porteuse\n  Email: ${HOLDER.email}`);
    expect(toMember.mail.text).toContain('  Bonjour Léa,\n  votre expérience en maraîchage nous intéresse.');
    expect(toMember.mail.text).not.toContain(MEMBER.email);
  });

  it('reminder → escalation (both referents told) → decline, kindly, to the member who asked', async () => {
    const id = await t.request({
      projectId: project,
      holderId: people.holder,
      memberId: people.other,
      requestedBy: 'member',
      assignment: communeRef(),
    });
    expect((await one()).step).toBe('requested');

    await t.command(id, 'RemindReferent', { now: at(73 * HOUR) });
    const reminder = await one();
    expect(reminder).toMatchObject({ step: 'referent-reminder', to: [COMMUNE.email] });
    expect(reminder.mail.text).toContain('Hugo souhaite rejoindre le projet « Ferme maraîchère coopérative », porté par Camille.');
    expect(new URL(link(reminder.mail)!).searchParams.get('as')).toBe(people.commune);

    await t.command(id, 'EscalateIntroduction', { to: { referentId: people.departement, level: 'departement' }, now: at(8 * DAY) });
    const escalation = await next(2);
    const handedTo = escalation.find((m) => m.step === 'escalated-to')!;
    const handedFrom = escalation.find((m) => m.step === 'escalated-from')!;
    expect(handedTo.to).toEqual([DEPARTEMENT.email]);
    expect(new URL(link(handedTo.mail)!).searchParams.get('as')).toBe(people.departement);
    expect(handedFrom.to).toEqual([COMMUNE.email]);
    expect(link(handedFrom.mail)).toBeUndefined();
    expect(handedFrom.mail.text).toContain('transmise à Sacha, référent·e du territoire englobant');

    await t.command(id, 'DeclineIntroduction', {
      actor: referent(people.departement, 'departement'),
      note: 'Le projet cherche plutôt en 2027.',
    });
    const declined = await one();
    expect(declined).toMatchObject({ step: 'declined', to: [OTHER.email] });
    expect(declined.mail.text).toContain('Ce n’est un jugement ni sur vous ni sur le projet.');
    expect(declined.mail.text).toContain('Le projet cherche plutôt en 2027.');
  });

  it('refused → the holder who asked; nobody covering → every admin address; expired → the member who asked', async () => {
    const refusedId = await t.request({
      projectId: project,
      holderId: people.holder,
      memberId: people.other,
      requestedBy: 'holder',
      assignment: communeRef(),
    });
    expect((await one()).step).toBe('requested');
    await t.command(refusedId, 'ApproveIntroduction', { actor: { kind: 'admin' } });
    const approvedByTeam = await one();
    expect(approvedByTeam.to).toEqual([OTHER.email]);
    // An admin approved (nobody covering the place stepped in): the email says who, not "the local referent".
    expect(approvedByTeam.mail.text).toContain('l’équipe du réseau a approuvé cette mise en relation');
    expect(approvedByTeam.mail.text).toContain('the network’s team approved this introduction');
    expect(approvedByTeam.mail.text).not.toMatch(/référent·e local·e|local referent/);
    await t.command(refusedId, 'RefuseIntroduction', { actor: { kind: 'member', id: people.other } });
    const refused = await one();
    expect(refused).toMatchObject({ step: 'refused', to: [HOLDER.email] });
    expect(refused.mail.text).toContain('Hugo n’a pas souhaité y donner suite pour le moment');

    const orphanId = await t.request({
      projectId: project,
      holderId: people.holder,
      memberId: people.member,
      requestedBy: 'member',
      assignment: { referentId: 'admin', level: 'admin' },
    });
    const toAdmins = await one();
    expect(toAdmins).toMatchObject({ step: 'requested', to: ADMINS });
    expect(toAdmins.mail.text).toContain('la décision revient aux administrateurs');
    expect(new URL(link(toAdmins.mail)!).searchParams.get('as')).toBe('admin');

    await t.command(orphanId, 'ExpireIntroduction', { now: at(31 * DAY) });
    const expired = await one();
    expect(expired).toMatchObject({ step: 'expired', to: [MEMBER.email] });
    expect(expired.mail.text).toContain('went unanswered and has expired');
  });

  it('a project closed → its open introduction ends, both parties told kindly, in their own language first', async () => {
    const closing = await t.propose(people.holder, 'Atelier vélo partagé');
    const endedId = await t.request({
      projectId: closing,
      holderId: people.holder,
      memberId: people.member,
      requestedBy: 'member',
      assignment: communeRef(),
    });
    expect((await one()).step).toBe('requested');
    await handleCommand(t.store, streamId('project', closing), projectDecider, {
      type: 'CloseProject',
      data: { projectId: closing, reason: 'team-complete' },
      metadata: { now: new Date() },
    });
    const ended = await next(2);
    expect(ended.map((m) => m.step)).toEqual(['ended', 'ended']);
    expect(ended.map((m) => m.to[0]).sort()).toEqual([HOLDER.email, MEMBER.email].sort());
    const toMember = ended.find((m) => m.to[0] === MEMBER.email)!;
    expect(toMember.mail.text!.indexOf('Hello Léa')).toBeLessThan(toMember.mail.text!.indexOf('Bonjour Léa'));
    expect(toMember.mail.text).toContain('The project is now closed, so this introduction stops here.');
    expect(toMember.mail.text).toContain('Le projet est désormais clos');
    const toHolder = ended.find((m) => m.to[0] === HOLDER.email)!;
    expect(toHolder.mail.text).toContain('Votre projet est désormais clos');
    for (const mail of ended)
      for (const secret of [HOLDER.email, MEMBER.email].filter((e) => !mail.to.includes(e))) {
        expect(mail.mail.text).not.toContain(secret);
      }
    const { events } = await t.store.readStream(streamId('introduction', endedId));
    expect(events.map((e) => e.type)).toEqual(['IntroductionRequested', 'IntroductionEnded']);
    expect(events[1].data).toMatchObject({ reason: 'project-closed', from: 'awaiting-referent' });
  });

  it('withdrawn → the party asked to consent is told; a resend → the introduced email again, to the one who asked', async () => {
    const garden = await t.propose(people.holder, 'Jardin partagé');
    const id = await t.request({
      projectId: garden,
      holderId: people.holder,
      memberId: people.member,
      requestedBy: 'member',
      assignment: communeRef(),
    });
    expect((await one()).step).toBe('requested');
    await t.command(id, 'ApproveIntroduction', { actor: referent(people.commune, 'commune') });
    expect(await one()).toMatchObject({ step: 'approved', to: [HOLDER.email] });
    await t.command(id, 'WithdrawIntroduction', { actor: { kind: 'member', id: people.member } });
    const withdrawn = await one();
    expect(withdrawn).toMatchObject({ step: 'withdrawn', to: [HOLDER.email] });
    expect(withdrawn.mail.text).toContain('Léa a retiré sa demande de mise en relation pour votre projet « Jardin partagé »');
    expect(link(withdrawn.mail)).toBeUndefined();

    await t.command(introducedId, 'ResendIntroducedEmail', { actor: { kind: 'member', id: people.member } });
    const again = await one();
    expect(again).toMatchObject({ step: 'introduced', to: [MEMBER.email] });
    expect(again.mail.text).toContain(HOLDER.email);
  });

  it('covered every kind of introduction email, each exactly once', async () => {
    const all = await received();
    expect(new Set(all.map((m) => m.step))).toEqual(new Set(INTRODUCTION_EMAIL_STEPS));
    expect(new Set(all.map((m) => m.messageId)).size).toBe(all.length);
    // Job payloads held no address, last name or message.
    const jobs = await t.emailQueue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed']);
    expect(jobs).toHaveLength(all.length);
    for (const job of jobs) expect(JSON.stringify(job.data)).not.toMatch(/@|Porteuse|Dubois|Lemaire|Roux|Morel|expérience|plutôt en 2027/);
    expect(jobs.every((j) => j.returnvalue?.status === 'sent')).toBe(true);
  });

  it('a restart replaying the whole log (read models rebuilt) queues and sends nothing again', async () => {
    const jobIds = (await t.emailQueue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).map((j) => j.id).sort();
    const timerIds = (await t.timerQueue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).map((j) => j.id).sort();
    const sent = smtp.messages.length;
    const env = t.env;
    await t.close({ keepData: true });
    t = await createIntroductionTestApp(env);
    // `ready` resolves once catch-up (which reacts to every introduction event) is done.
    expect((await t.emailQueue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).map((j) => j.id).sort()).toEqual(jobIds);
    expect((await t.timerQueue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).map((j) => j.id).sort()).toEqual(timerIds);
    // Finished introductions keep no timer.
    expect(timerIds).toEqual([]);
    expect(smtp.messages.length).toBe(sent);
  });

  it('with its records gone, a replay still sends nothing: sent facts are skipped, and outcomes a week old are not mailed', async () => {
    const events = await t.store.readAll({ after: null, maxCount: 100_000 });
    // Redis lost the 'reacted' record: the sent records alone hold every email back.
    await t.redis.del(introductionKeys(t.env.QUEUE_PREFIX).reacted);
    const now = await t.reactor.react(events, new Date());
    expect(now).toMatchObject({ introductions: 6, emails: 0, timers: 0 });
    // A new, empty Redis with the old log: the sent records are in the durable outcome store
    // (not Redis), and the outcomes are old by now anyway.
    await t.redis.del(introductionKeys(t.env.QUEUE_PREFIX).reacted);
    await t.emailQueue.obliterate({ force: true });
    const later = await t.reactor.react(events, new Date(Date.now() + 40 * DAY)); // the expiry happened at +31 days
    expect(later).toMatchObject({ introductions: 6, emails: 0, timers: 0 });
    expect(await t.emailQueue.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0, active: 0 });
  });
});
