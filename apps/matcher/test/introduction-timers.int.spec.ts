import { type IntroductionEvent, type IntroductionRequested, streamId } from '@trame/domain';
import { introductionTimerId } from '@trame/messaging';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { createIntroductionTestApp, type IntroductionTestApp, TERRITORIES } from './introduction-test-app';

const EXPIRE_MS = 2000;

/*
 * A timer planned for one deadline that moved meanwhile: expiry counts from the request
 * while unapproved, from the approval after. The expiry job planned at the request fires
 * too early for the decider (NotYetDueError), goes back to the delayed set until the
 * approval's deadline, then expires the introduction and the requester is told.
 */
describe('introduction timers: a deadline that moved (matcher timers + notifier, real Redis and SMTP)', () => {
  jest.setTimeout(60_000);
  let smtp: SmtpSink;
  let t: IntroductionTestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createIntroductionTestApp({ SMTP_URL: smtp.url, INTRODUCTION_EXPIRE_MS: String(EXPIRE_MS) });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('the expiry planned at the request waits for the approval’s deadline, then expires and tells the requester', async () => {
    const referentId = await t.appoint('Dominique', 'Roux', 'dominique.roux@example.org', TERRITORIES.commune);
    const holderId = await t.register('Camille', 'Porteuse', 'camille.porteuse@example.org');
    const memberId = await t.register('Léa', 'Dubois', 'lea.dubois@example.org');
    const projectId = await t.propose(holderId, 'Ferme maraîchère coopérative');

    const introductionId = await t.request({
      projectId,
      holderId,
      memberId,
      requestedBy: 'holder',
      assignment: { referentId, level: 'commune' },
    });
    await waitUntil(
      () => t.introductionRecords.reactedRevisions([introductionId]),
      (r) => r.get(introductionId) === 0,
      'the reaction to the request',
    );
    const expiryId = introductionTimerId('expire', introductionId);
    const planned = (await t.timerQueue.getJob(expiryId))!;
    const { events: requested } = await t.store.readStream(streamId('introduction', introductionId));
    const { requestedAt } = requested[0].data as IntroductionRequested['data'];
    expect(planned.data.dueAt).toBe(new Date(Date.parse(requestedAt) + EXPIRE_MS).toISOString());

    await t.command(introductionId, 'ApproveIntroduction', {
      actor: { kind: 'referent', id: referentId, level: 'commune', coversProject: true },
    });

    const expired = await waitUntil(
      () => smtp.messages.find((m) => m.messageId.startsWith(`<intro.${introductionId}.2.expired.`)),
      (m) => m !== undefined,
      'the expired email',
      { timeoutMs: 20_000 },
    );
    expect(expired!.to).toEqual(['camille.porteuse@example.org']);

    const { events } = await t.store.readStream(streamId('introduction', introductionId));
    const history = events.map((e) => ({ type: e.type, data: e.data as IntroductionEvent['data'] }) as IntroductionEvent);
    expect(history.map((e) => e.type)).toEqual(['IntroductionRequested', 'IntroductionApproved', 'IntroductionExpired']);
    const approvedAt = Date.parse((history[1].data as { approvedAt: string }).approvedAt);
    expect(history[2].data).toMatchObject({ from: 'awaiting-consent' });
    expect(Date.parse((history[2].data as { expiredAt: string }).expiredAt) - approvedAt).toBeGreaterThanOrEqual(EXPIRE_MS);

    // One job did it, with one attempt: run too early (re-delayed, no attempt used) and then
    // for real, or, on a loaded machine whose worker took the job late, once. That it never
    // expired before the new deadline is the expiredAt check above: the decider's own clock.
    // (BullMQ's processedOn is stamped before the processor reads the time, a few ms earlier.)
    const job = (await t.timerQueue.getJob(expiryId))!;
    expect(job.returnvalue).toEqual({ status: 'done', events: 1 });
    expect(job.attemptsMade).toBe(1);
  });
});
