import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@trame/event-store';
import { CoreModule } from '@trame/runtime';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { deleteRedisKeys } from '@trame/testing';
import { Redis } from 'ioredis';
import { ApiModule } from '../src/api.module';
import { configureHttpApp } from '../src/http-app';
import type { Principal } from '../src/auth/principal';
import { SessionTokens } from '../src/auth/session-tokens';
import { AccountDirectory } from '../src/auth/account-directory';
import { MemberConfirmations } from '../src/members/confirmation-recorder';

export type ApiTestApp = {
  app: INestApplication<Server>;
  http: () => ReturnType<typeof request>;
  store: EventStore;
  dataDir: string;
  allEvents(): Promise<RecordedEvent[]>;
  /** `Bearer …` for a session of the given accounts (as sign-in would issue), for the Authorization header. */
  bearer(principal: Partial<Principal>): string;
  /** `bearer` for one member's own session (the same subject at each call, as sign-in gives). */
  asMember(memberId: string): string;
  /** `bearer` for an admin session (one subject). */
  asAdmin(): string;
  /**
   * Registers a member over HTTP (expects the neutral 202) and returns the member's id as
   * signing in would give it (`memberIds`): the registration answer never holds it. The
   * member's address is then confirmed (as following the confirmation email would), unless
   * `confirmed: false` leaves it awaiting confirmation (double opt-in).
   */
  registerMember(overrides?: Record<string, unknown>, options?: { confirmed?: boolean }): Promise<string>;
  /** The live member ids of an address, as `POST /v1/auth/token` returns them in `memberIds`. */
  memberIdsOf(email: string): Promise<string[]>;
  close(): Promise<void>;
};

/**
 * The real api over the embedded adapters (SQLite files in a temp dir, the local Redis
 * under a unique prefix, deleted on close), driven through HTTP.
 */
export async function createApiTestApp(env: Record<string, string> = {}, extraModules: Type[] = []): Promise<ApiTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-api-'));
  @Module({
    imports: [
      CoreModule.forRoot({
        DATA_DIR: dataDir,
        QUEUE_PREFIX: `test-${randomUUID()}`,
        LOG_LEVEL: 'silent',
        MONGO_URL: '',
        EVENTSTORE_URL: '',
        ...env,
      }),
      ApiModule,
      ...extraModules,
    ],
  })
  class TestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
  const app = moduleRef.createNestApplication<INestApplication<Server>>({ logger: false });
  configureHttpApp(app);
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  const bearer = (principal: Partial<Principal>) => {
    const full: Principal = { subject: `test-${randomUUID()}`, memberIds: [], referentIds: [], admin: false, ...principal };
    return `Bearer ${app.get(SessionTokens).issue(full)}`;
  };
  const memberIdsOf = async (email: string) => {
    const directory = app.get(AccountDirectory);
    return (await directory.accountsOf(directory.lookupHash(email))).memberIds;
  };
  return {
    app,
    http: () => request(app.getHttpServer()),
    memberIdsOf,
    async registerMember(overrides = {}, { confirmed = true } = {}) {
      const body = validMember(overrides);
      await request(app.getHttpServer()).post('/v1/members').send(body).expect(202);
      const [id, ...more] = await memberIdsOf(String(body.email));
      if (!id || more.length > 0) throw new Error(`registerMember: ${more.length + (id ? 1 : 0)} members for this address`);
      if (confirmed) await app.get(MemberConfirmations).confirm([id]);
      return id;
    },
    store,
    dataDir,
    bearer,
    asMember: (memberId) => bearer({ subject: `test-member-${memberId}`, memberIds: [memberId] }),
    asAdmin: () => bearer({ subject: 'test-admin', admin: true }),
    async allEvents() {
      return store.readAll({ after: null, maxCount: 1_000_000 });
    },
    async close() {
      const { REDIS_URL, QUEUE_PREFIX } = app.get<TrameConfig>(TRAME_CONFIG);
      await app.close();
      // Workers and the matcher are stopped now: nothing recreates keys behind the cleanup.
      const redis = new Redis(REDIS_URL);
      try {
        await deleteRedisKeys(redis, QUEUE_PREFIX);
      } finally {
        await redis.quit();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const validMember = (overrides: Record<string, unknown> = {}) => ({
  displayName: 'Camille Martin',
  email: `camille.${randomUUID().slice(0, 8)}@example.org`,
  locale: 'fr',
  skills: ['maraîchage', 'comptabilité'],
  interests: ['alimentation'],
  territories: [{ postcode: '04300', radiusKm: 30 }],
  availability: { hoursPerWeek: 6 },
  notify: 'instant',
  ...overrides,
});

export const validProject = (holderId: string, overrides: Record<string, unknown> = {}) => ({
  holderId,
  title: 'Ferme maraîchère coopérative',
  summary: 'Une ferme en maraîchage biologique gérée en coopérative, près de Forcalquier.',
  kind: 'ferme-cooperative',
  themes: ['alimentation', 'agriculture'],
  location: { communeCode: '04088' },
  radiusKm: 30,
  stage: 'maturing',
  needs: [{ role: 'maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 10, count: 2 }],
  ...overrides,
});
