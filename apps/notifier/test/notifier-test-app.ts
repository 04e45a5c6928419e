import { deleteRedisKeys } from '@trame/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { type INestApplication, Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { type DigestTickJob, EmailEnqueuer, type EmailQueue, NotificationRecords, QUEUES, REDIS } from '@trame/messaging';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import { CoreModule } from '@trame/runtime';
import { NotifierModule } from '../src/notifier.module';
import { changeNotify, eraseMember, type MemberInput, registerMember } from './members.fixture';

export type NotifierTestApp = {
  app: INestApplication<Server>;
  prefix: string;
  dataDir: string;
  store: EventStore;
  keys: KeyStore;
  records: NotificationRecords;
  emails: EmailEnqueuer;
  emailQueue: EmailQueue;
  digestQueue: Queue<DigestTickJob>;
  redis: Redis;
  register(input: MemberInput): Promise<string>;
  changeNotify(memberId: string, notify: 'instant' | 'daily' | 'weekly' | 'never'): Promise<void>;
  erase(memberId: string): Promise<void>;
  /** Resolves when the job reaches a final state (completed or failed). */
  settled(jobId: string, timeoutMs?: number): Promise<'completed' | 'failed'>;
  close(): Promise<void>;
};

/**
 * The notifier's workers in-process over the embedded adapters (SQLite files in a temp dir)
 * and the local Redis under a unique prefix; `extraModules` adds e.g. the api's AdminModule.
 */
export async function createNotifierTestApp(env: Record<string, string> = {}, extraModules: Type[] = []): Promise<NotifierTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-notifier-'));
  const prefix = `test-notifier-${randomUUID()}`;
  @Module({
    imports: [
      CoreModule.forRoot({ DATA_DIR: dataDir, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', MONGO_URL: '', EVENTSTORE_URL: '', ...env }),
      NotifierModule,
      ...extraModules,
    ],
  })
  class TestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
  const app = moduleRef.createNestApplication<INestApplication<Server>>({ logger: false });
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  const cipher = app.get(PersonalDataCipher);
  const keys = app.get<KeyStore>(KEY_STORE);
  const redis = app.get<Redis>(REDIS);
  const emailQueue = app.get<EmailQueue>(getQueueToken(QUEUES.email));
  return {
    app,
    prefix,
    dataDir,
    store,
    keys,
    records: app.get(NotificationRecords),
    emails: app.get(EmailEnqueuer),
    emailQueue,
    digestQueue: app.get(getQueueToken(QUEUES.digest)),
    redis,
    register: (input) => registerMember(store, cipher, input),
    changeNotify: (memberId, notify) => changeNotify(store, memberId, notify),
    erase: (memberId) => eraseMember(store, keys, memberId),
    async settled(jobId, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const state = await emailQueue.getJobState(jobId);
        if (state === 'completed' || state === 'failed') return state;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await app.close();
      // Workers are closed now, so nothing recreates keys behind the cleanup.
      const cleaner = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        await deleteRedisKeys(cleaner, prefix);
      } finally {
        await cleaner.quit();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
