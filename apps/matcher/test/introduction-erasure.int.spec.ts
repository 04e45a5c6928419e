import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { memberDecider, streamId } from '@trame/domain';
import { handleCommand } from '@trame/event-store';
import { introductionFactId, introductionTimerId } from '@trame/messaging';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { createIntroductionTestApp, type IntroductionTestApp, TERRITORIES } from './introduction-test-app';

/*
 * Erasure reaches the introduction side too: pending introduction emails naming an erased
 * member leave the queue, one that escaped (queued late, or taken by a worker) is skipped
 * at send time, and the introduction ends (issue 14): no reminder or escalation is left to
 * run, and the other side is told kindly, without the erased person's name.
 */
describe('introduction emails and timers after an erasure (matcher + notifier, real Redis and SMTP)', () => {
  jest.setTimeout(60_000);
  let smtp: SmtpSink;
  let t: IntroductionTestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createIntroductionTestApp({ SMTP_URL: smtp.url });
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

  it('drops pending emails naming the erased member, skips one that escaped, ends the introduction, tells only the holder', async () => {
    const referentId = await t.appoint('Dominique', 'Roux', 'dominique.roux@example.org', TERRITORIES.commune);
    const holderId = await t.register('Camille', 'Porteuse', 'camille.porteuse@example.org');
    const memberId = await t.register('Léa', 'Dubois', 'lea.dubois@example.org');
    const projectId = await t.propose(holderId, 'Ferme maraîchère coopérative');

    // The notifier is down: the request waits in the queue.
    // Paused at the queue, not the worker: a worker's fetch already blocking in Redis could still take the job.
    await t.emailQueue.pause();
    const introductionId = await t.request({
      projectId,
      holderId,
      memberId,
      requestedBy: 'holder',
      assignment: { referentId, level: 'commune' },
    });
    const factId = introductionFactId(introductionId, 0, 'requested', { kind: 'referent', referentId });
    let last = '';
    await waitUntil(
      async () => (last = await t.emailQueue.getJobState(factId)),
      (state) => state === 'waiting',
      'the request email queued',
      { context: () => `state ${last}` },
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
    await t.emailQueue.resume();
    await waitUntil(
      () => t.emailQueue.getJobState(escaped),
      (state) => state === 'completed',
      'the escaped job done',
    );
    // The erasure ended the introduction (issue 14): the request it names is no longer current.
    expect((await t.emailQueue.getJob(escaped))!.returnvalue).toEqual({ status: 'skipped', reason: 'stale' });
    expect(await t.records.outcomeOf(escaped)).toMatchObject({ status: 'skipped', reason: 'stale' });
    const { events } = await t.store.readStream(streamId('introduction', introductionId));
    expect(events.map((e) => e.type)).toEqual(['IntroductionRequested', 'IntroductionEnded']);
    expect(events[1].data).toMatchObject({ reason: 'party-erased', erasedParty: 'member' });

    // Only the holder, still there, hears of it; nothing names Léa.
    await waitUntil(
      () => smtp.messages.filter((m) => m.messageId.startsWith('<intro.')),
      (sent) => sent.length >= 1,
      'the ended email to the holder',
    );
    const sent = smtp.messages.filter((m) => m.messageId.startsWith('<intro.'));
    expect(sent.map((m) => [m.messageId.split('.')[3], m.to])).toEqual([['ended', ['camille.porteuse@example.org']]]);
    const text = (await simpleParser(sent[0].raw)).text ?? '';
    expect(text).toContain('L’autre personne a quitté Trame');
    for (const secret of ['Léa', 'Dubois', 'lea.dubois']) expect(text).not.toContain(secret);

    // No reminder is left to run for it: an ended introduction keeps no timer.
    const reminderId = introductionTimerId('remind-referent', introductionId, 'commune');
    await waitUntil(
      () => t.timerQueue.getJob(reminderId),
      (job) => job === undefined,
      'the reminder removed',
    );
  });
});
