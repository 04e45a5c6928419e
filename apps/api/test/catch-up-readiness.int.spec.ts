import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@trame/event-store';
import { generatePopulation } from '@trame/testing';
import { loadTerritoryDirectory } from '@trame/territories';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import { createApiTestApp, type ApiTestApp } from './api-test-app';
import { bodyOf, type ProjectsNearBody } from './typed-reads';

/** Members in the log: enough that catching up takes seconds, long enough to be caught lying. */
const MEMBERS = Number(process.env.CATCH_UP_TEST_MEMBERS ?? 6_000);

/** Publishing the lists and `ready` resolving are a few steps apart. */
const MARGIN_MS = 500;

type Probe = { at: number; path: string; status: number; ms: number; retryAfter?: string };

describe(`readiness after a restart over a log of ${MEMBERS} members (api + matcher, in-memory read models)`, () => {
  jest.setTimeout(300_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-catch-up-'));
  let t: ApiTestApp | undefined;
  let projectId: string;

  beforeAll(async () => {
    const events = generatePopulation(loadTerritoryDirectory(), { seed: 11, members: MEMBERS, projects: Math.ceil(MEMBERS / 10) });
    projectId = (events.find((e) => e.type === 'ProjectProposed')!.data as { projectId: string }).projectId;
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    // Consecutive events of one stream go in one append: the log in order, far fewer fsyncs.
    for (let i = 0; i < events.length;) {
      let j = i + 1;
      while (j < events.length && events[j].streamId === events[i].streamId) j++;
      const batch = events.slice(i, j).map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data }));
      await store.appendToStream(events[i].streamId, batch, { expectedRevision: 'any' });
      i = j;
    }
    await store.close();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 (readiness and reads, with Retry-After) until caught up, without stalling, then 200 with the lists', async () => {
    const started = Date.now();
    t = await createApiTestApp({ DATA_DIR: dataDir }, [MatcherModule]);
    let caughtUpAt = 0;
    void t.app.get(MatcherService).ready.then(() => (caughtUpAt = Date.now()));
    const probes: Probe[] = [];
    const probe = async (path: string) => {
      const t0 = Date.now();
      const res = await t!.http().get(path);
      probes.push({ at: t0, path, status: res.status, ms: Date.now() - t0, retryAfter: res.headers['retry-after'] });
      return res;
    };
    const paths = ['/health', '/health/live', '/v1/projects', `/v1/projects/${projectId}`];
    while ((await probe('/health')).status !== 200) {
      if (Date.now() - started > 240_000) throw new Error('never ready');
      for (const path of paths.slice(1)) await probe(path);
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyAt = Date.now();
    await t.app.get(MatcherService).ready;
    const during = probes.filter((p) => p.at + p.ms < caughtUpAt - MARGIN_MS && p.path !== '/health');
    console.log(
      `ready after ${readyAt - started} ms (matcher caught up after ${caughtUpAt - started} ms), ${probes.length} probes, ` +
        `slowest ${Math.max(...probes.map((p) => p.ms))} ms`,
    );

    // Readiness did not answer 200 before the matcher had caught up (it turns ready as the
    // lists are published, a moment before `ready` resolves), and does right after.
    expect(caughtUpAt).toBeGreaterThan(0);
    expect(readyAt).toBeGreaterThanOrEqual(caughtUpAt - MARGIN_MS);
    expect(readyAt - caughtUpAt).toBeLessThan(2000);
    // Catching up took long enough for this test to mean something.
    expect(caughtUpAt - started).toBeGreaterThan(1000);
    expect(during.length).toBeGreaterThan(10);
    // Meanwhile: liveness 200, reads 503 with Retry-After (never an empty list with a 200).
    for (const p of probes.filter((q) => q.at + q.ms < caughtUpAt - MARGIN_MS)) {
      if (p.path === '/health/live') expect(p).toMatchObject({ status: 200 });
      else expect(p).toMatchObject({ status: 503 });
      if (p.path.startsWith('/v1/')) expect(p.retryAfter).toMatch(/^\d+$/);
    }
    // No request waited on the catch-up.
    expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(1500); // loaded CI machines: a bound, not a benchmark

    // Then the reads answer from the caught-up read models.
    const list = bodyOf<ProjectsNearBody>(await t.http().get('/v1/projects').expect(200));
    expect(list.items.length).toBeGreaterThan(0);
    await t.http().get(`/v1/projects/${projectId}`).expect(200);
  });
});
