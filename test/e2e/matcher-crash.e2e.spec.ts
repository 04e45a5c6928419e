import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { SqliteEventStore } from '@trame/event-store';
import { generatePopulation } from '@trame/testing';
import { loadTerritoryDirectory } from '@trame/territories';
import { kill, startApp, stoppedCleanly, type AppProcess } from './processes';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** The fingerprint the matcher logs (at debug level) once caught up. */
const fingerprintOf = (output: string) => /read models fingerprint ([0-9a-f]{64})/.exec(output)?.[1];
const progressOf = (output: string) => [...output.matchAll(/processed (\d+) events, checkpoint (\d+)/g)].map((m) => Number(m[2]));

async function until<T>(read: () => Promise<T> | T, accept: (v: T) => boolean, what: string, p: AppProcess, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (accept(v)) return v;
    if (p.child.exitCode !== null) throw new Error(`matcher exited (${p.child.exitCode}) while waiting for ${what}:\n${p.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${p.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function cleanRebuild(env: Record<string, string>): Promise<{ hash: string; events: number; documents: number }> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'dist/apps/matcher/src/rebuild.js')], {
    cwd: ROOT,
    env: { ...process.env, EVENTSTORE_URL: '', LOG_LEVEL: 'warn', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

/*
 * CRASH_TEST_EVENTS sets the size of the log (the full check is 20000; CI runs a
 * smaller log to stay within its time budget: the mechanism under test is the same).
 */
const TARGET_EVENTS = Number(process.env.CRASH_TEST_EVENTS ?? 3000);

describe(`matcher crash consistency (${TARGET_EVENTS} events): SIGKILL during catch-up, restart, compare with a clean rebuild`, () => {
  jest.setTimeout(3_600_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-crash-'));
  let lastPosition = 0;
  let total = 0;
  let members = 0;

  beforeAll(async () => {
    // About 1.28 events per member with this population's churn and referents.
    members = Math.ceil(TARGET_EVENTS / 1.28);
    const events = generatePopulation(loadTerritoryDirectory(), { seed: 7, members, projects: Math.ceil(members / 10), referents: { communes: 100 } });
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    for (const e of events) {
      const r = await store.appendToStream(e.streamId, [{ eventId: randomUUID(), type: e.type, data: e.data }], { expectedRevision: 'any' });
      lastPosition = r.position;
    }
    total = events.length;
    await store.close();
    expect(total).toBeGreaterThanOrEqual(TARGET_EVENTS);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Small batches: many checkpoints, so the kill lands in the middle of the catch-up.
  // Read models only: no notification decisions (the synthetic log would queue thousands of emails).
  const base = () => ({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    MATCHER_BATCH_SIZE: String(Math.max(50, Math.floor(TARGET_EVENTS / 80))),
    MATCHER_NOTIFICATIONS: 'false',
    QUEUE_PREFIX: `e2e-crash-${process.pid}`,
  });

  it('in-memory read models (embedded default)', async () => {
    const first = await startApp('matcher', { ...base(), MONGO_URL: '' });
    const seen = await until(() => progressOf(first.output()), (ps) => ps.length > 0, 'first progress', first);
    await kill(first, 'SIGKILL');
    expect(Math.max(...seen)).toBeLessThan(lastPosition); // killed in the middle of catching up

    const second = await startApp('matcher', { ...base(), MONGO_URL: '' });
    const resumed = await until(() => fingerprintOf(second.output()), (h) => !!h, 'fingerprint', second);
    expect(stoppedCleanly(await kill(second, 'SIGTERM'))).toBe(true);

    const rebuilt = await cleanRebuild({ DATA_DIR: dataDir, MONGO_URL: '' });
    expect(rebuilt.events).toBe(total);
    expect(rebuilt.documents).toBeGreaterThan(members);
    expect(resumed).toBe(rebuilt.hash);
  });

});
