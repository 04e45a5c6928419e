import { simpleParser } from 'mailparser';
import { memberDecider, projectDecider, type ProjectCommand, streamId } from '@trame/domain';
import { aggregateStream, handleCommand } from '@trame/event-store';
import { introductionTimerId, introductionTimerJobOptions } from '@trame/messaging';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { IntroductionLifecycle } from '../src/introductions/introduction-lifecycle';
import { createIntroductionTestApp, type IntroductionTestApp, TERRITORIES } from './introduction-test-app';

const HOUR = 3_600_000;

/*
 * Issue 14, items 1 and 2: what depends on a project or a member follows its lifecycle,
 * through the matcher's cascade on the log. A paused project holds its introductions (no
 * timer runs, no decision is taken) and a resumed one lets them go on with their deadlines
 * moved; an erased holder's projects close and their introductions end, the other side told.
 */
describe('introduction lifecycle cascades (matcher + notifier, real Redis and SMTP)', () => {
  jest.setTimeout(60_000);
  let smtp: SmtpSink;
  let t: IntroductionTestApp;
  let referentId: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createIntroductionTestApp({ SMTP_URL: smtp.url });
    referentId = await t.appoint('Dominique', 'Roux', 'dominique.roux@example.org', TERRITORIES.commune);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const project = (projectId: string, command: Omit<ProjectCommand, 'metadata'>) =>
    handleCommand(t.store, streamId('project', projectId), projectDecider, { ...command, metadata: { now: new Date() } } as ProjectCommand);
  const typesOf = async (introductionId: string) =>
    (await t.store.readStream(streamId('introduction', introductionId))).events.map((e) => e.type);
  const timersOf = async (introductionId: string) => {
    const ids = [
      introductionTimerId('remind-referent', introductionId, 'commune'),
      introductionTimerId('escalate', introductionId, 'commune'),
      introductionTimerId('expire', introductionId),
    ];
    const jobs = await Promise.all(ids.map((id) => t.timerQueue.getJob(id)));
    return jobs.filter((j) => j !== undefined).map((j) => ({ id: j.id, dueAt: j.data.dueAt }));
  };

  it('a paused project holds its introduction: timers removed, no decision; resumed, it goes on with its deadlines moved', async () => {
    const holderId = await t.register('Camille', 'Porteuse', 'camille.p1@example.org');
    const memberId = await t.register('Léa', 'Dubois', 'lea.d1@example.org');
    const projectId = await t.propose(holderId, 'Ferme maraîchère coopérative');
    const introductionId = await t.request({
      projectId,
      holderId,
      memberId,
      requestedBy: 'holder',
      assignment: { referentId, level: 'commune' },
    });
    const planned = await waitUntil(
      () => timersOf(introductionId),
      (timers) => timers.length === 3,
      'the three timers planned',
    );

    await project(projectId, { type: 'PauseProject', data: { projectId } });
    await waitUntil(
      () => typesOf(introductionId),
      (types) => types.includes('IntroductionHeld'),
      'the introduction held',
    );
    await waitUntil(
      () => timersOf(introductionId),
      (timers) => timers.length === 0,
      'its timers removed',
    );
    // Nothing moves while held, whoever asks.
    await expect(
      t.command(introductionId, 'ApproveIntroduction', {
        actor: { kind: 'referent', id: referentId, level: 'commune', coversProject: true },
      }),
    ).rejects.toThrow(/en pause .* paused/);
    await expect(t.command(introductionId, 'ExpireIntroduction', { now: new Date(Date.now() + 400 * 24 * HOUR) })).rejects.toThrow(
      /paused/,
    );

    await project(projectId, { type: 'ResumeProject', data: { projectId } });
    await waitUntil(
      () => typesOf(introductionId),
      (types) => types.includes('IntroductionResumed'),
      'the introduction resumed',
    );
    const replanned = await waitUntil(
      () => timersOf(introductionId),
      (timers) => timers.length === 3,
      'its timers planned again',
    );
    // Each deadline moved by the time it was held (a few ms here, but never earlier).
    for (const timer of replanned) {
      const before = planned.find((p) => p.id === timer.id)!;
      expect(Date.parse(timer.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
    }
    await t.command(introductionId, 'ApproveIntroduction', {
      actor: { kind: 'referent', id: referentId, level: 'commune', coversProject: true },
    });
    expect(await typesOf(introductionId)).toEqual([
      'IntroductionRequested',
      'IntroductionHeld',
      'IntroductionResumed',
      'IntroductionApproved',
    ]);
  });

  it('a timer that falls due while the project is paused comes back later instead of completing (it would swallow its id)', async () => {
    const holderId = await t.register('Inès', 'Fontaine', 'ines.f3@example.org');
    const memberId = await t.register('Yann', 'Girard', 'yann.g3@example.org');
    const projectId = await t.propose(holderId, 'Jardin partagé');
    const introductionId = await t.request({
      projectId,
      holderId,
      memberId,
      requestedBy: 'holder',
      assignment: { referentId, level: 'commune' },
    });
    await waitUntil(
      () => timersOf(introductionId),
      (timers) => timers.length === 3,
      'the timers planned',
    );
    await project(projectId, { type: 'PauseProject', data: { projectId } });
    await waitUntil(
      () => timersOf(introductionId),
      (timers) => timers.length === 0,
      'its timers removed',
    );

    // One already taken by a worker when the project paused: it runs now, while held.
    const jobId = introductionTimerId('expire', introductionId);
    await t.timerQueue.add(
      'expire',
      { kind: 'expire', introductionId, dueAt: new Date().toISOString() },
      introductionTimerJobOptions({ kind: 'expire', introductionId, dueAt: new Date().toISOString() }, new Date()),
    );
    const job = await waitUntil(
      () => t.timerQueue.getJob(jobId),
      (j) => j !== undefined && j.attemptsMade === 0 && j.delay > 0 && j.processedOn !== undefined,
      'the timer run and sent back to the delayed set',
    );
    expect(await job!.getState()).toBe('delayed');
    expect(job!.timestamp + job!.delay).toBeGreaterThan(Date.now() + HOUR / 2);
    expect(await typesOf(introductionId)).toEqual(['IntroductionRequested', 'IntroductionHeld']);
  });

  it('an erased holder: their projects close as holder-erased, their introductions end, the other side is told kindly', async () => {
    const holderId = await t.register('Hugo', 'Lemaire', 'hugo.l2@example.org');
    const memberId = await t.register('Zoé', 'Martel', 'zoe.m2@example.org');
    const projectId = await t.propose(holderId, 'Atelier de réparation');
    const paused = await t.propose(holderId, 'Épicerie coopérative');
    await project(paused, { type: 'PauseProject', data: { projectId: paused } });
    const introductionId = await t.request({
      projectId,
      holderId,
      memberId,
      requestedBy: 'member',
      assignment: { referentId, level: 'commune' },
    });
    await waitUntil(
      () => timersOf(introductionId),
      (timers) => timers.length === 3,
      'the timers planned',
    );
    const sentBefore = smtp.messages.length;

    await handleCommand(t.store, streamId('member', holderId), memberDecider, {
      type: 'EraseMember',
      data: { memberId: holderId },
      metadata: { now: new Date() },
    });
    await t.keys.deleteKey(holderId);

    for (const id of [projectId, paused]) {
      const closed = await waitUntil(
        () => aggregateStream(t.store, streamId('project', id), projectDecider),
        ({ state }) => state.status === 'closed',
        `project ${id} closed`,
      );
      expect(closed.state).toMatchObject({ status: 'closed', closeReason: 'holder-erased' });
    }
    await waitUntil(
      () => typesOf(introductionId),
      (types) => types.includes('IntroductionEnded'),
      'the introduction ended',
    );
    const { events } = await t.store.readStream(streamId('introduction', introductionId));
    expect(events.map((e) => e.type)).toEqual(['IntroductionRequested', 'IntroductionEnded']);
    expect(events[1].data).toMatchObject({ reason: 'party-erased', erasedParty: 'holder' });
    await waitUntil(
      () => timersOf(introductionId),
      (timers) => timers.length === 0,
      'its timers removed',
    );

    // The member who asked hears it kindly, without the erased holder's name; the holder hears nothing.
    await waitUntil(
      () => smtp.messages.slice(sentBefore).filter((m) => m.messageId.includes('.ended.')),
      (ended) => ended.length >= 1,
      'the ended email',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ended = smtp.messages.filter((m) => m.messageId.startsWith(`<intro.${introductionId}.`) && m.messageId.includes('.ended.'));
    expect(ended.map((m) => m.to)).toEqual([['zoe.m2@example.org']]);
    const text = (await simpleParser(ended[0].raw)).text ?? '';
    expect(text).toContain('L’autre personne a quitté Trame');
    expect(text).toContain('The other person has left Trame');
    for (const secret of ['Hugo', 'Lemaire', 'hugo.l2@example.org']) expect(text).not.toContain(secret);

    // A replay of the erasure (the cascade runs again on every catch-up) appends nothing more.
    const all = await t.store.readAll({ after: null, maxCount: 100_000 });
    const count = all.length;
    expect(await t.app.get(IntroductionLifecycle).react(all, new Date())).toBe(0);
    expect((await t.store.readAll({ after: null, maxCount: 100_000 })).slice(count).map((e) => [e.type, e.data])).toEqual([]);
  });
});
