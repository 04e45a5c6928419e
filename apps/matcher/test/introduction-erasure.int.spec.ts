import { randomUUID } from 'node:crypto';
import { memberDecider, streamId } from '@trame/domain';
import { handleCommand } from '@trame/event-store';
import { introductionFactId, introductionTimerId } from '@trame/messaging';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { IntroductionEmailProcessor } from '../../notifier/src/introduction-email.processor';
import { createIntroductionTestApp, type IntroductionTestApp, TERRITORIES } from './introduction-test-app';

/*
 * Erasure reaches the introduction side too: pending introduction emails naming an erased
 * member leave the queue, one that escaped (queued late, or taken by a worker) is skipped
 * at send time, and no reminder or escalation is run for an introduction naming them.
 */
describe('introduction emails and timers after an erasure (matcher + notifier, real Redis and SMTP)', () => {
  jest.setTimeout(60_000);
  let smtp: SmtpSink;
  let t: IntroductionTestApp;
  let emails: IntroductionEmailProcessor;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createIntroductionTestApp({ SMTP_URL: smtp.url });
    emails = t.app.get(IntroductionEmailProcessor);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const erase = async (memberId: string) => {
    await handleCommand(t.store, streamId('member', memberId), memberDecider, {
      type: 'EraseMember',
      data: { memberId },
      metadata: { now: new Date() },
    });
    await t.keys.deleteKey(memberId);
  };

  it('drops the pending emails naming the erased member, skips one that escaped, and runs no reminder for them', async () => {
    const referentId = await t.appoint('Dominique', 'Roux', 'dominique.roux@example.org', TERRITORIES.commune);
    const holderId = await t.register('Camille', 'Porteuse', 'camille.porteuse@example.org');
    const memberId = await t.register('Léa', 'Dubois', 'lea.dubois@example.org');
    const projectId = await t.propose(holderId, 'Ferme maraîchère coopérative');

    // The notifier is down: the request waits in the queue.
    await emails.worker.pause(true);
    const introductionId = await t.request({
      projectId,
      holderId,
      memberId,
      requestedBy: 'holder',
      assignment: { referentId, level: 'commune' },
    });
    const factId = introductionFactId(introductionId, 0, 'requested', { kind: 'referent', referentId });
    await waitUntil(
      () => t.emailQueue.getJobState(factId),
      (state) => state === 'waiting',
      'the request email queued',
    );

    await erase(memberId);
    await waitUntil(
      () => t.emailQueue.getJob(factId),
      (job) => job === undefined,
      'the request email purged',
    );

    // A job naming her that escaped the purge (a late duplicate) is skipped when its turn comes.
    const escaped = `intro.${introductionId}.0.requested.referent-${randomUUID()}`;
    await t.emailQueue.add(
      'requested',
      {
        kind: 'introduction',
        step: 'requested',
        factId: escaped,
        introductionId,
        revision: 0,
        projectId,
        projectTitle: 'Ferme maraîchère coopérative',
        holderId,
        memberId,
        holderFirstName: 'Camille',
        memberFirstName: 'Léa',
        requestedBy: 'holder',
        recipient: { kind: 'referent', referentId },
        actorId: referentId,
        stepAt: new Date().toISOString(),
      },
      { jobId: escaped },
    );
    await emails.worker.resume();
    await waitUntil(
      () => t.emailQueue.getJobState(escaped),
      (state) => state === 'completed',
      'the escaped job done',
    );
    expect((await t.emailQueue.getJob(escaped))!.returnvalue).toEqual({ status: 'skipped', reason: 'party-erased' });
    expect(await t.records.outcomeOf(escaped)).toMatchObject({ status: 'skipped', reason: 'party-erased' });
    expect(smtp.messages.filter((m) => m.messageId.startsWith('<intro.'))).toHaveLength(0);

    // The referent's reminder falls due (promoted now): it completes without reminding anyone.
    const reminderId = introductionTimerId('remind-referent', introductionId, 'commune');
    const reminder = (await t.timerQueue.getJob(reminderId))!;
    expect(await reminder.getState()).toBe('delayed');
    await reminder.promote();
    await waitUntil(
      () => t.timerQueue.getJobState(reminderId),
      (state) => state === 'completed',
      'the reminder job done',
    );
    expect((await t.timerQueue.getJob(reminderId))!.returnvalue).toEqual({ status: 'skipped', reason: 'party-erased' });
    const { events } = await t.store.readStream(streamId('introduction', introductionId));
    expect(events.map((e) => e.type)).toEqual(['IntroductionRequested']);
  });
});
