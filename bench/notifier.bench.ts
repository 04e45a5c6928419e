import { deleteRedisKeys } from '@trame/testing';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { emailJobOptions, type EmailJob, QUEUES } from '@trame/messaging';
import { PersonalDataCipher } from '@trame/personal-data';
import { CoreModule } from '@trame/runtime';
import { NotifierModule } from '../apps/notifier/src/notifier.module';
import { matchJob, registerMember } from '../apps/notifier/test/members.fixture';
import { startSmtpSink } from '../libs/mail/src/testing/smtp-sink';
import { count, ms, now, perSecond, table } from './bench-kit';

/**
 * `npm run bench:notifier`: emails per second through the real notifier (read the member's
 * stream, open their sealed contact, domain rate-limit check, MJML render, SMTP to a local
 * smtp-server sink, sent record) with 1 and 4 concurrent jobs, next to BullMQ's raw job
 * throughput with a no-op processor on the same Redis, in the same run. The SMTP sink runs
 * in a child process, as a relay would. Progress goes to stderr, the report to stdout.
 */

const USAGE = `usage: npm run bench:notifier -- [options]
  --emails N        emails per notifier run (default 2000)
  --jobs N          jobs per raw BullMQ run (default 20000)
  --concurrency L   comma-separated concurrencies (default 1,4)`;

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const started = Date.now();
const log = (message: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);

type SinkMessage = { type: 'ready'; url: string } | { type: 'reached'; count: number; duplicates: number };

/** Child process: a smtp-server sink that answers "wait for N messages" requests. */
async function runSink(): Promise<void> {
  const sink = await startSmtpSink();
  const send = (m: SinkMessage) => process.send!(m);
  process.on('message', (request: { waitFor: number; timeoutMs: number }) => {
    // Not caught: a sink that times out is an unhandled rejection, which ends this child and so the run.
    void (async () => {
      await sink.waitFor(request.waitFor, request.timeoutMs);
      const ids = new Set(sink.messages.map((m) => m.messageId));
      send({ type: 'reached', count: sink.messages.length, duplicates: sink.messages.length - ids.size });
    })();
  });
  process.on('disconnect', () => void sink.close().then(() => process.exit(0)));
  send({ type: 'ready', url: sink.url });
}

function startSink(): Promise<{
  child: ChildProcess;
  url: string;
  waitFor: (n: number) => Promise<{ count: number; duplicates: number }>;
}> {
  const child = fork(process.argv[1], ['--sink'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: SinkMessage) => {
      if (m.type !== 'ready') return reject(new Error('sink did not start'));
      resolve({
        child,
        url: m.url,
        waitFor: (n) =>
          new Promise((done) => {
            child.once('message', (r: SinkMessage) => r.type === 'reached' && done(r));
            child.send({ waitFor: n, timeoutMs: 30 * 60_000 });
          }),
      });
    });
  });
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  await deleteRedisKeys(redis, prefix);
  await redis.quit();
}

const RETRY = { attempts: 5, backoffDelayMs: 1000 };

async function addAll(queue: Queue, jobs: readonly EmailJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += 1000) {
    await queue.addBulk(jobs.slice(i, i + 1000).map((data) => ({ name: data.kind, data, opts: emailJobOptions(data.factId, RETRY) })));
  }
}

type Row = { what: string; concurrency: number; jobs: number; ms: number; note: string };

/** BullMQ alone: the same job options, a processor that does nothing. */
async function rawBullmq(jobs: number, concurrency: number): Promise<Row> {
  const prefix = `bench-raw-${randomUUID()}`;
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  const queue = new Queue(QUEUES.email, { connection, prefix });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const worker = new Worker(QUEUES.email, async () => undefined, { connection, prefix, concurrency });
  worker.on('completed', () => ++done === jobs && finished());
  await worker.waitUntilReady();
  const payloads = Array.from({ length: jobs }, () => matchJob(randomUUID()));
  const t0 = now();
  await addAll(queue, payloads);
  await allDone;
  const elapsed = now() - t0;
  await worker.close();
  await queue.close();
  await deleteKeys(prefix);
  return { what: 'BullMQ raw, no-op processor', concurrency, jobs, ms: elapsed, note: 'same job options as emails' };
}

/** The notifier's real workers, from enqueue to the last message accepted by the sink. */
async function notifier(
  emails: number,
  concurrency: number,
  smtpUrl: string,
  waitFor: (n: number) => Promise<{ count: number; duplicates: number }>,
  already: number,
): Promise<Row> {
  const prefix = `bench-notifier-${randomUUID()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-bench-notifier-'));
  @Module({
    imports: [
      CoreModule.forRoot({
        DATA_DIR: dataDir,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'silent',
        MONGO_URL: '',
        EVENTSTORE_URL: '',
        SMTP_URL: smtpUrl,
        NOTIFIER_CONCURRENCY: String(concurrency),
        // The limiter still runs (one Redis call per email); it just never holds one back here.
        NOTIFIER_DOMAIN_RATE_LIMIT: String(10 * emails),
      }),
      NotifierModule,
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  await app.init();
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const cipher = app.get(PersonalDataCipher);
    const payloads: EmailJob[] = [];
    for (let i = 0; i < emails; i++) {
      const memberId = await registerMember(store, cipher, { email: `m${i}@d${i % 50}.example`, locale: i % 2 ? 'en' : 'fr' });
      payloads.push(matchJob(memberId));
    }
    log(`notifier, concurrency ${concurrency}: ${count(emails)} members seeded, sending`);
    const queue = app.get<Queue>(getQueueToken(QUEUES.email));
    const t0 = now();
    await addAll(queue, payloads);
    const reached = await waitFor(already + emails);
    const elapsed = now() - t0;
    if (reached.duplicates > 0) throw new Error(`${reached.duplicates} duplicate emails`);
    return {
      what: 'notifier → SMTP sink',
      concurrency,
      jobs: emails,
      ms: elapsed,
      note: 'stream read, unseal, render (MJML), SMTP, record',
    };
  } finally {
    await app.close();
    await deleteKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      emails: { type: 'string' },
      jobs: { type: 'string' },
      concurrency: { type: 'string' },
      sink: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.sink) return runSink();
  const emails = Number(values.emails ?? 2000);
  const jobs = Number(values.jobs ?? 20000);
  const concurrencies = (values.concurrency ?? '1,4').split(',').map(Number);
  if (![emails, jobs, ...concurrencies].every((n) => Number.isInteger(n) && n > 0)) throw new Error(`bad options\n${USAGE}`);

  const sink = await startSink();
  const rows: Row[] = [];
  let delivered = 0;
  try {
    for (const c of concurrencies) {
      log(`BullMQ raw, concurrency ${c}: ${count(jobs)} jobs`);
      rows.push(await rawBullmq(jobs, c));
      rows.push(await notifier(emails, c, sink.url, sink.waitFor, delivered));
      delivered += emails;
    }
  } finally {
    sink.child.disconnect();
  }
  process.stdout.write(
    `\nNotifier throughput (Node ${process.version}, ${cpus().length} CPU, Redis ${REDIS_URL}; sink in a child process)\n\n` +
      table(
        ['what', 'concurrency', 'jobs', 'time', 'throughput', 'per job includes'],
        rows.map((r) => [r.what, String(r.concurrency), count(r.jobs), ms(r.ms), perSecond((r.jobs / r.ms) * 1000), r.note]),
      ) +
      '\n',
  );
}

main().then(
  () => undefined,
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
