import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { SqliteEventStore } from '@trame/event-store';
import { canonicalHash, MATCHER_COLLECTIONS, MongoReadModelStore } from '@trame/read-models';
import { generatePopulation, waitUntil } from '@trame/testing';
import { loadTerritoryDirectory } from '@trame/territories';
import { kill, startApp, stoppedCleanly, whileRunning, type AppProcess } from './processes';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
// E2E_DIST_DIR runs a build compiled aside (dist/ by default, as `npm test` builds it).
const DIST = process.env.E2E_DIST_DIR ?? 'dist';

/** The fingerprint the matcher logs (at debug level) once caught up. */
const fingerprintOf = (output: string) => /read models fingerprint ([0-9a-f]{64})/.exec(output)?.[1];
const progressOf = (output: string) => [...output.matchAll(/processed (\d+) events, checkpoint (\d+)/g)].map((m) => Number(m[2]));
const caughtUpOf = (output: string) => Number(/caught up: (\d+) events/.exec(output)?.[1]);

/*
 * CRASH_TEST_EVENTS sets the size of the log (the full check is 20000; CI runs a
 * smaller log to stay within its time budget: the mechanism under test is the same).
 */
const TARGET_EVENTS = Number(process.env.CRASH_TEST_EVENTS ?? 3000);
/** How long a matcher may take to reach a point: generous, a stuck one still fails. */
const WAIT_MS = Math.max(300_000, TARGET_EVENTS * 60);

/** The summary rebuild.js prints as its last line. */
type RebuildSummary = { hash: string; events: number; documents: number };

async function cleanRebuild(env: Record<string, string>): Promise<RebuildSummary> {
  const { stdout } = await run(process.execPath, [join(ROOT, DIST, 'apps/matcher/src/rebuild.js')], {
    cwd: ROOT,
    env: { ...process.env, EVENTSTORE_URL: '', LOG_LEVEL: 'warn', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as RebuildSummary;
}

describe(`matcher crash consistency (${TARGET_EVENTS} events): SIGKILL during catch-up, restart, compare with a clean rebuild`, () => {
  jest.setTimeout(3_600_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-crash-'));
  const positions: number[] = [];
  let lastPosition = 0;
  let total = 0;
  let members = 0;
  const started: AppProcess[] = [];
  const matcher = async (env: Record<string, string>) => {
    const p = await startApp('matcher', env, { distDir: DIST });
    started.push(p);
    return p;
  };

  beforeAll(async () => {
    // About 1.28 events per member with this population's churn and referents.
    members = Math.ceil(TARGET_EVENTS / 1.28);
    const events = generatePopulation(loadTerritoryDirectory(), {
      seed: 7,
      members,
      projects: Math.ceil(members / 10),
      referents: { communes: 100 },
    });
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    for (const e of events) {
      const r = await store.appendToStream(e.streamId, [{ eventId: randomUUID(), type: e.type, data: e.data }], {
        expectedRevision: 'any',
      });
      positions.push(r.position);
    }
    lastPosition = positions[positions.length - 1]!;
    total = events.length;
    await store.close();
    expect(total).toBeGreaterThanOrEqual(TARGET_EVENTS);
  });
  // A failed assertion must not leave a matcher running.
  afterEach(async () => {
    for (const p of started.splice(0)) await kill(p, 'SIGKILL');
  });
  // BullMQ creates its queues' keys even with notifications off: a prefix of our own, removed.
  const queuePrefix = `e2e-matcher-crash-${randomUUID()}`;
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  });

  // Small batches: many checkpoints, so the kill lands in the middle of the catch-up.
  // Read models only: no notification decisions (the synthetic log would queue thousands of emails).
  const base = () => ({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    MATCHER_BATCH_SIZE: String(Math.max(50, Math.floor(TARGET_EVENTS / 80))),
    MATCHER_NOTIFICATIONS: 'false',
    QUEUE_PREFIX: queuePrefix,
  });

  it('in-memory read models (embedded default)', async () => {
    const first = await matcher({ ...base(), MONGO_URL: '' });
    const seen = await waitUntil(
      () => progressOf(first.output()),
      (ps) => ps.length > 0,
      'first progress',
      whileRunning(first, 'matcher', WAIT_MS),
    );
    await kill(first, 'SIGKILL');
    expect(Math.max(...seen)).toBeLessThan(lastPosition); // killed in the middle of catching up

    const second = await matcher({ ...base(), MONGO_URL: '' });
    const resumed = await waitUntil(
      () => fingerprintOf(second.output()),
      (h) => !!h,
      'fingerprint',
      whileRunning(second, 'matcher', WAIT_MS),
    );
    expect(stoppedCleanly(await kill(second, 'SIGTERM'))).toBe(true);

    const rebuilt = await cleanRebuild({ DATA_DIR: dataDir, MONGO_URL: '' });
    expect(rebuilt.events).toBe(total);
    expect(rebuilt.documents).toBeGreaterThan(members);
    expect(resumed).toBe(rebuilt.hash);
  });

  /*
   * MONGO_URL: FerretDB 1.24 started by the jest global setup (test/services.js), or a
   * MongoDB the developer points at. Here the read models outlive the process, so the
   * restart resumes from the stored checkpoint instead of starting over.
   */
  describe('MongoDB read models', () => {
    const url = process.env.MONGO_URL;
    // Unique per run, dropped at the end.
    const runId = `trame_crash_${process.pid}_${randomUUID().slice(0, 8)}`;
    const crashedDb = `${runId}_crashed`;
    const rebuiltDb = `${runId}_rebuilt`;
    let client: MongoClient;

    beforeAll(async () => {
      if (!url) throw new Error('MONGO_URL is not set: the jest global setup (test/services.js) should have started FerretDB');
      // A server that stops answering fails the test in minutes rather than hanging it.
      client = await new MongoClient(url, { socketTimeoutMS: 120_000 }).connect();
    });
    afterAll(async () => {
      if (!client) return;
      try {
        for (const name of [crashedDb, rebuiltDb]) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    });

    it('killed during catch-up, restarted: the same read models as a clean rebuild', async () => {
      // Fewer, larger batches than in memory: FerretDB reads a whole collection for each
      // batch's `_id: {$in}` lookup (no pushdown); 20 checkpoints still leave a middle to kill in.
      const env = {
        ...base(),
        MATCHER_BATCH_SIZE: String(Math.max(50, Math.floor(TARGET_EVENTS / 20))),
        MONGO_URL: url!,
        MONGO_DB: crashedDb,
      };
      const first = await matcher(env);
      // Kill once a third of the log is in: real partial read models and checkpoint behind it.
      await waitUntil(
        () => progressOf(first.output()),
        (ps) => ps.some((p) => p >= lastPosition / 3),
        'a third of the catch-up',
        whileRunning(first, 'matcher', WAIT_MS),
      );
      await kill(first, 'SIGKILL');
      const checkpoint = (
        await client.db(crashedDb).collection<{ _id: string; position: number }>('checkpoints').findOne({ _id: 'matcher' })
      )?.position;
      expect(checkpoint).toBeGreaterThanOrEqual(lastPosition / 4);
      expect(checkpoint).toBeLessThan(lastPosition); // killed in the middle of catching up
      expect(await client.db(crashedDb).collection('member_profiles').countDocuments()).toBeGreaterThan(0);

      const second = await matcher(env);
      const resumed = await waitUntil(
        () => fingerprintOf(second.output()),
        (h) => !!h,
        'fingerprint',
        whileRunning(second, 'matcher', WAIT_MS),
      );
      expect(stoppedCleanly(await kill(second, 'SIGTERM'))).toBe(true);
      // It resumed from the stored checkpoint rather than starting over.
      expect(caughtUpOf(second.output())).toBe(positions.filter((p) => p > checkpoint!).length);

      const rebuilt = await cleanRebuild({ DATA_DIR: dataDir, MONGO_URL: url!, MONGO_DB: rebuiltDb });
      expect(rebuilt.events).toBe(total);
      expect(rebuilt.documents).toBeGreaterThan(members);
      const stored = await canonicalHash(new MongoReadModelStore(client, crashedDb), MATCHER_COLLECTIONS);
      expect(stored).toEqual({ hash: rebuilt.hash, documents: rebuilt.documents });
      expect(resumed).toBe(rebuilt.hash);
    });
  });
});
