import { simpleParser, type ParsedMail } from 'mailparser';
import { ForbiddenError, type IntroductionEvent, streamId } from '@trame/domain';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { createIntroductionTestApp, type IntroductionTestApp, TERRITORIES } from './introduction-test-app';

const COMMUNE = { first: 'Dominique', last: 'Roux', email: 'dominique.roux@example.org' };
const DEPARTEMENT = { first: 'Sacha', last: 'Morel', email: 'sacha.morel@example.org' };
const HOLDER = { first: 'Camille', last: 'Porteuse', email: 'camille.porteuse@example.org' };
const MEMBER = { first: 'Léa', last: 'Dubois', email: 'lea.dubois@example.org' };

/*
 * Issue 5's escalation test, with the delays shortened (reminder after 300 ms, escalation
 * after 1 s): nobody acts on a request → the commune's referent is reminded → the
 * introduction escalates to the département's referent, both referents are told → the
 * département's referent approves, and the member is asked for consent. The matcher's
 * timer worker runs the timed commands; every wait is on an email or an event, never a sleep.
 */
describe('introduction escalation with shortened delays (matcher timers + notifier, real Redis and SMTP)', () => {
  jest.setTimeout(60_000);
  let smtp: SmtpSink;
  let t: IntroductionTestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createIntroductionTestApp({
      SMTP_URL: smtp.url,
      INTRODUCTION_REMIND_REFERENT_MS: '300',
      INTRODUCTION_ESCALATE_MS: '1000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** The introduction email of `step` to `to`, once it arrives. */
  async function mail(step: string, to: string): Promise<ParsedMail> {
    const message = await waitUntil(
      () => smtp.messages.find((m) => m.messageId.startsWith('<intro.') && m.messageId.split('.')[3] === step && m.to.includes(to)),
      (m) => m !== undefined,
      `the ${step} email to ${to}`,
      { timeoutMs: 20_000 },
    );
    return simpleParser(message!.raw);
  }
  const actingAs = (mail: ParsedMail) => {
    const url = /https:\/\/trame\.example\/mises-en-relation\/[^\s?]+\?as=[^\s&]+&token=[\w-]+/.exec(mail.text ?? '')?.[0];
    return url ? new URL(url).searchParams.get('as') : undefined;
  };

  it('no action → reminder → escalation to the département’s referent (both told) → that referent approves', async () => {
    const communeId = await t.appoint(COMMUNE.first, COMMUNE.last, COMMUNE.email, TERRITORIES.commune);
    const departementId = await t.appoint(DEPARTEMENT.first, DEPARTEMENT.last, DEPARTEMENT.email, TERRITORIES.departement);
    const holderId = await t.register(HOLDER.first, HOLDER.last, HOLDER.email);
    const memberId = await t.register(MEMBER.first, MEMBER.last, MEMBER.email);
    const projectId = await t.propose(holderId, 'Ferme maraîchère coopérative');

    // Once the first escalation is done, no further timer runs: the département's referent
    // must still be the assignee when the test has them act (a second escalation, to the
    // admins, would otherwise follow a second after the first).
    const escalated = new Promise<void>((resolve) => {
      t.timers.worker.on('completed', (job) => {
        if (job.name === 'escalate' && (job.returnvalue as { status?: string })?.status === 'done') {
          void t.timers.worker.pause(true);
          resolve();
        }
      });
    });

    const introductionId = await t.request({
      projectId,
      holderId,
      memberId,
      requestedBy: 'holder',
      assignment: { referentId: communeId, level: 'commune' },
    });

    const request = await mail('requested', COMMUNE.email);
    expect(actingAs(request)).toBe(communeId);
    const reminder = await mail('referent-reminder', COMMUNE.email);
    expect(reminder.subject).toMatch(/^Rappel : une mise en relation attend votre réponse/);
    expect(actingAs(reminder)).toBe(communeId);

    await escalated;
    const handedOver = await mail('escalated-to', DEPARTEMENT.email);
    expect(handedOver.text).toContain('elle vous est transmise, en tant que référent·e du territoire englobant');
    expect(actingAs(handedOver)).toBe(departementId);
    const told = await mail('escalated-from', COMMUNE.email);
    expect(told.text).toContain('transmise à Sacha, référent·e du territoire englobant');
    expect(actingAs(told)).toBeUndefined();

    // The commune's referent may no longer decide; the département's referent now may.
    await expect(
      t.command(introductionId, 'ApproveIntroduction', {
        actor: { kind: 'referent', id: communeId, level: 'commune', coversProject: true },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await t.command(introductionId, 'ApproveIntroduction', {
      actor: { kind: 'referent', id: departementId, level: 'departement', coversProject: true },
    });

    const consent = await mail('approved', MEMBER.email);
    expect(actingAs(consent)).toBe(memberId);

    const { events } = await t.store.readStream(streamId('introduction', introductionId));
    const history = events.map((e) => ({ type: e.type, data: e.data as IntroductionEvent['data'] }) as IntroductionEvent);
    expect(history.map((e) => e.type)).toEqual([
      'IntroductionRequested',
      'IntroductionReminded',
      'IntroductionEscalated',
      'IntroductionApproved',
    ]);
    expect(history[1].data).toMatchObject({ target: 'referent', assignment: { referentId: communeId, level: 'commune' } });
    expect(history[2].data).toMatchObject({
      from: { referentId: communeId, level: 'commune' },
      to: { referentId: departementId, level: 'departement' },
    });
    expect(history[3].data).toMatchObject({ by: { kind: 'referent', referentId: departementId, level: 'departement' } });
    // The decider enforced the delays: reminder and escalation no earlier than configured.
    const requestedAt = Date.parse((history[0].data as { requestedAt: string }).requestedAt);
    expect(Date.parse((history[1].data as { remindedAt: string }).remindedAt) - requestedAt).toBeGreaterThanOrEqual(300);
    expect(Date.parse((history[2].data as { escalatedAt: string }).escalatedAt) - requestedAt).toBeGreaterThanOrEqual(1000);

    // Awaiting consent now: once the matcher has reacted to the approval, the referent
    // timers are gone and the party's reminder and the expiry wait.
    await waitUntil(
      () => t.introductionRecords.reactedRevisions([introductionId]),
      (r) => r.get(introductionId) === 3,
      'the reaction to the approval',
    );
    const pending = (await t.timerQueue.getJobs(['delayed', 'waiting'])).map((j) => j.id!.replace(`${introductionId}.`, '')).sort();
    expect(pending).toEqual(['expire', 'remind-party']);
  });
});
