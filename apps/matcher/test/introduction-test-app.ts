import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import {
  type Assignment,
  createIntroductionDecider,
  type IntroductionActor,
  type IntroductionCommand,
  memberDecider,
  projectDecider,
  referentDecider,
  type ResolvedTerritory,
  streamId,
} from '@trame/domain';
import { EVENT_STORE, type EventStore, handleCommand } from '@trame/event-store';
import { IntroductionRecords, NotificationRecords, QUEUES, REDIS } from '@trame/messaging';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import { CoreModule } from '@trame/runtime';
import { deleteRedisKeys } from '@trame/testing';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { IntroductionReactor, type IntroductionEmailQueue, type IntroductionTimerQueue } from '../src/introductions/introduction-reactor';
import { IntroductionTimerProcessor } from '../src/introductions/introduction-timer.processor';
import { MatcherModule } from '../src/matcher.module';
import { MatcherService } from '../src/matcher.service';

/** Forcalquier (04088), in the Alpes-de-Haute-Provence (04), Provence-Alpes-Côte d'Azur (93). */
const FORCALQUIER = {
  lat: 43.9596,
  lon: 5.7803,
  label: 'Forcalquier',
  communeCode: '04088',
  departementCode: '04',
  regionCode: '93',
} as const;
export const TERRITORIES = {
  commune: { kind: 'area', level: 'commune', code: '04088', ...FORCALQUIER },
  departement: {
    kind: 'area',
    level: 'departement',
    code: '04',
    lat: 44.0926,
    lon: 6.2356,
    label: 'Alpes-de-Haute-Provence',
    departementCode: '04',
    regionCode: '93',
  },
} as const satisfies Record<string, ResolvedTerritory>;

export type IntroductionTestApp = {
  app: INestApplication;
  env: Record<string, string>;
  store: EventStore;
  keys: KeyStore;
  redis: Redis;
  emailQueue: IntroductionEmailQueue;
  timerQueue: IntroductionTimerQueue;
  records: NotificationRecords;
  introductionRecords: IntroductionRecords;
  reactor: IntroductionReactor;
  timers: IntroductionTimerProcessor;
  register(firstName: string, lastName: string, email: string, locale?: 'fr' | 'en'): Promise<string>;
  appoint(firstName: string, lastName: string, email: string, territory: ResolvedTerritory): Promise<string>;
  propose(holderId: string, title: string): Promise<string>;
  request(input: {
    projectId: string;
    holderId: string;
    memberId: string;
    requestedBy: 'holder' | 'member';
    assignment: Assignment;
    message?: string;
  }): Promise<string>;
  /** Runs an introduction command as the api (or a timer) would, at `now`. */
  command(
    introductionId: string,
    type: IntroductionCommand['type'],
    extra?: { actor?: IntroductionActor; note?: string; to?: Assignment; now?: Date },
  ): Promise<number>;
  /** Closes the app; `keepData` leaves the SQLite files and Redis keys for a restart over them. */
  close(options?: { keepData?: boolean }): Promise<void>;
};

/**
 * The matcher and the notifier in one Nest app over the embedded adapters (SQLite files in
 * `env.DATA_DIR` or a new temp dir, in-memory read models) and the local Redis under a
 * unique prefix; people and projects are created through their deciders, as the api does.
 * Pass the same `env` again to restart over the same log and Redis (a replay).
 */
export async function createIntroductionTestApp(overrides: Record<string, string> = {}): Promise<IntroductionTestApp> {
  const env: Record<string, string> = {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'trame-intro-')),
    QUEUE_PREFIX: `test-intro-${randomUUID()}`,
    LOG_LEVEL: 'silent',
    MONGO_URL: '',
    EVENTSTORE_URL: '',
    PUBLIC_URL: 'https://trame.example',
    LINK_SECRET: 'introduction-test-secret-introduction-test-secret',
    NOTIFIER_BACKOFF_MS: '100',
    ...overrides,
  };
  @Module({ imports: [CoreModule.forRoot(env), MatcherModule, NotifierModule] })
  class TestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await app.get(MatcherService).ready;

  const store = app.get<EventStore>(EVENT_STORE);
  const cipher = app.get(PersonalDataCipher);
  const keys = app.get<KeyStore>(KEY_STORE);
  const reactor = app.get(IntroductionReactor);
  const decider = createIntroductionDecider(reactor.delays);

  const run = async <C extends { type: string; data: object; metadata: { now: Date } }>(stream: string, d: unknown, command: C) => {
    const result = await handleCommand(store, stream, d as never, command as never);
    return result.nextRevision as number;
  };

  return {
    app,
    env,
    store,
    keys,
    redis: app.get<Redis>(REDIS),
    emailQueue: app.get(getQueueToken(QUEUES.introductionEmail)),
    timerQueue: app.get(getQueueToken(QUEUES.introductionTimers)),
    records: app.get(NotificationRecords),
    introductionRecords: app.get(IntroductionRecords),
    reactor,
    timers: app.get(IntroductionTimerProcessor),
    async register(firstName, lastName, email, locale = 'fr') {
      const memberId = randomUUID();
      const pii = await cipher.seal(memberId, { displayName: `${firstName} ${lastName}`, email });
      await run(streamId('member', memberId), memberDecider, {
        type: 'RegisterMember',
        data: {
          memberId,
          firstName,
          pii,
          locale,
          skills: ['maraîchage'],
          interests: ['alimentation'],
          territories: [{ kind: 'radius', radiusKm: 20, ...FORCALQUIER }],
          availability: { hoursPerWeek: 6 },
          // Introduction emails are transactional: `never` silences recommendations only.
          notify: 'never',
        },
        metadata: { now: new Date() },
      });
      // Confirmed, as following the confirmation email does: an unconfirmed address gets no introduction email.
      await run(streamId('member', memberId), memberDecider, { type: 'ConfirmMember', data: { memberId }, metadata: { now: new Date() } });
      return memberId;
    },
    async appoint(firstName, lastName, email, territory) {
      const referentId = randomUUID();
      const pii = await cipher.seal(referentId, { displayName: `${firstName} ${lastName}`, email });
      await run(streamId('referent', referentId), referentDecider, {
        type: 'AppointReferent',
        data: { referentId, firstName, pii, territories: [territory], themes: [] },
        metadata: { now: new Date() },
      });
      return referentId;
    },
    async propose(holderId, title) {
      const projectId = randomUUID();
      await run(streamId('project', projectId), projectDecider, {
        type: 'ProposeProject',
        data: {
          projectId,
          holderId,
          title,
          summary: 'Une ferme en maraîchage biologique gérée en coopérative.',
          kind: 'ferme-cooperative',
          themes: ['alimentation'],
          location: FORCALQUIER,
          radiusKm: 30,
          remoteFriendly: false,
          stage: 'maturing',
          needs: [{ role: 'maraîcher·e', skills: ['maraîchage'] }],
        },
        metadata: { now: new Date() },
      });
      return projectId;
    },
    async request({ projectId, holderId, memberId, requestedBy, assignment, message }) {
      const introductionId = randomUUID();
      const requester = requestedBy === 'holder' ? holderId : memberId;
      await run(streamId('introduction', introductionId), decider, {
        type: 'RequestIntroduction',
        data: {
          introductionId,
          projectId,
          memberId,
          holderId,
          requestedBy,
          actor: { kind: 'member', id: requester },
          ...(message ? { message: await cipher.seal(requester, message) } : {}),
          assignment,
        },
        metadata: { now: new Date() },
      });
      return introductionId;
    },
    async command(introductionId, type, extra = {}) {
      const { now = new Date(), ...data } = extra;
      return run(streamId('introduction', introductionId), decider, { type, data: { introductionId, ...data }, metadata: { now } });
    },
    async close(options = {}) {
      await app.close();
      if (options.keepData) return;
      // Workers and the matcher are stopped: nothing recreates keys behind the cleanup.
      const cleaner = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        await deleteRedisKeys(cleaner, env.QUEUE_PREFIX);
      } finally {
        await cleaner.quit();
      }
      rmSync(env.DATA_DIR, { recursive: true, force: true });
    },
  };
}
