import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { arch, cpus, platform, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '@trame/event-store';
import { MatchingEngine, NaiveMatcher } from '@trame/matching';
import { InMemoryReadModelStore, MEMBER_RECOMMENDATIONS, PROJECT_RECOMMENDATIONS } from '@trame/read-models';
import { loadTerritoryDirectory, type TerritoryDirectory } from '@trame/territories';
import { generatePopulation, type SyntheticEvent } from '@trame/testing';
import { Matcher } from '../apps/matcher/src/matcher';
import {
  collectGarbage,
  count,
  distinctSampleOf,
  distribution,
  type Distribution,
  mb,
  MemoryProbe,
  type MemoryPeak,
  ms,
  now,
  perSecond,
  retainedHeap,
  sampleOf,
  seededRandom,
  shuffled,
  table,
  timed,
} from './bench-kit';
import { FullScanBaseline } from './full-scan-baseline';

/**
 * `npm run bench:matcher`: the matching engine against the naive full-scan baseline, on a
 * seeded synthetic population over real French communes, every figure of both measured
 * in the same run (see the notes printed under the table for how the naive side is
 * sampled). Progress goes to stderr, the report to stdout.
 */

const USAGE = `usage: node dist/bench/matcher.bench.js [options]
  --members N                population members (default 100000)
  --projects N               population projects (default 10000)
  --seed N                   population seed (default 42)
  --updates N                incremental events through the engine (default 2000)
  --naive-updates N          of which replayed through the naive baseline (default 100)
  --queries N                top-20 queries of each kind on the engine (default 1000)
  --naive-queries N          of which on the naive baseline (default 100)
  --naive-sample-projects N  projects ranked by NaiveMatcher for the rebuild estimate (default 500)
  --naive-sample-members N   member lists scanned for the rebuild estimate (default 2000)
  --update-budget N          stop the engine's incremental updates after N seconds (default 300)
  --skip-pipeline            do not measure the Matcher pipeline rebuild (SQLite + read models)
  --store-dir DIR            where the temporary SQLite log goes (default /dev/shm, else the OS temp dir)
Heap: node's default limit applies (as for the matcher service); raise it with
NODE_OPTIONS=--max-old-space-size=<MB> if the engine outgrows it.`;

type Options = {
  members: number;
  projects: number;
  seed: number;
  updates: number;
  naiveUpdates: number;
  queries: number;
  naiveQueries: number;
  naiveSampleProjects: number;
  naiveSampleMembers: number;
  updateBudgetMs: number;
  skipPipeline: boolean;
  storeDir: string;
};

/** Results are computed for this day; after every synthetic event, so nothing is in the future. */
const NOW = new Date('2026-09-01T12:00:00.000Z');
const UPDATES_START = '2026-08-01T08:00:00.000Z';
const REBUILD_BATCH = 1000; // the Matcher's default catch-up batch
const LIST_SIZE = 20;
const CHECK_SAMPLE = 20;
const SMALL_CHECK = { members: 2000, projects: 200, projectLists: 10, memberLists: 50 };

const started = now();
const log = (message: string) => process.stderr.write(`[${((now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      members: { type: 'string' },
      projects: { type: 'string' },
      seed: { type: 'string' },
      updates: { type: 'string' },
      'naive-updates': { type: 'string' },
      queries: { type: 'string' },
      'naive-queries': { type: 'string' },
      'naive-sample-projects': { type: 'string' },
      'naive-sample-members': { type: 'string' },
      'update-budget': { type: 'string' },
      'skip-pipeline': { type: 'boolean' },
      'store-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: keyof typeof values, fallback: number, min = 1): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${String(raw)})\n${USAGE}`);
    return n;
  };
  const updates = int('updates', 2000);
  const queries = int('queries', 1000);
  return {
    members: int('members', 100_000),
    projects: int('projects', 10_000),
    seed: int('seed', 42, 0),
    updates,
    naiveUpdates: Math.min(updates, int('naive-updates', 100)),
    queries,
    naiveQueries: Math.min(queries, int('naive-queries', 100)),
    naiveSampleProjects: int('naive-sample-projects', 500),
    naiveSampleMembers: int('naive-sample-members', 2000),
    updateBudgetMs: int('update-budget', 300) * 1000,
    skipPipeline: values['skip-pipeline'] === true,
    storeDir: (values['store-dir'] as string | undefined) ?? defaultStoreDir(),
  };
}

/** tmpfs when there is one: seeding the log then costs no fsync (seeding is not timed anyway). */
function defaultStoreDir(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

// ------------------------------------------------------------------ workload

/** Who is still there at the end of the log (the ids queries and updates target). */
function survivorsOf(events: readonly SyntheticEvent[]) {
  const members = new Set<string>();
  const projects = new Map<string, 'active' | 'paused'>();
  let referents = 0;
  for (const { type, data } of events) {
    if (type === 'MemberRegistered') members.add(data.memberId as string);
    else if (type === 'MemberErased') members.delete(data.memberId as string);
    else if (type === 'ProjectProposed' || type === 'ProjectResumed') projects.set(data.projectId as string, 'active');
    else if (type === 'ProjectPaused') projects.set(data.projectId as string, 'paused');
    else if (type === 'ProjectClosed') projects.delete(data.projectId as string);
    else if (type === 'ReferentAppointed') referents++;
  }
  return {
    members: [...members],
    projects: [...projects.keys()],
    activeProjects: [...projects].filter(([, status]) => status === 'active').map(([id]) => id),
    referents,
  };
}

const UPDATE_MIX = { newMembers: 0.4, skills: 0.3, availability: 0.05, newProjects: 0.1, needs: 0.15 } as const;

/**
 * Fresh realistic events after the log: new members and projects from a second seeded
 * population, and skill, availability and needs changes drawn from it but retargeted to
 * existing members and projects; shuffled.
 */
function incrementalStream(
  directory: TerritoryDirectory,
  options: Options,
  existing: { members: readonly string[]; projects: readonly string[] },
): { events: SyntheticEvent[]; mix: Record<string, number> } {
  const n = options.updates;
  const want = {
    newMembers: Math.round(n * UPDATE_MIX.newMembers),
    skills: Math.round(n * UPDATE_MIX.skills),
    availability: Math.round(n * UPDATE_MIX.availability),
    newProjects: Math.round(n * UPDATE_MIX.newProjects),
    needs: 0,
  };
  want.needs = n - want.newMembers - want.skills - want.availability - want.newProjects;
  // churn 1: every fresh member declares skills, about half their availability; every project changes needs.
  const fresh = generatePopulation(directory, {
    seed: options.seed + 1,
    members: Math.max(want.newMembers, want.skills, want.availability * 3, 1),
    projects: Math.max(want.newProjects, want.needs, 1),
    referents: { communes: 0 },
    churn: 1,
    startAt: UPDATES_START,
  });
  const rand = seededRandom(options.seed + 2);
  const ofType = (type: string, max: number) => fresh.filter((e) => e.type === type).slice(0, max);
  const retarget = (e: SyntheticEvent, kind: 'member' | 'project', ids: readonly string[]): SyntheticEvent => {
    const id = ids[Math.floor(rand() * ids.length)]!;
    return { streamId: `${kind}-${id}`, type: e.type, data: { ...e.data, [`${kind}Id`]: id } };
  };
  const events = [
    ...ofType('MemberRegistered', want.newMembers),
    ...ofType('MemberSkillsDeclared', want.skills).map((e) => retarget(e, 'member', existing.members)),
    ...ofType('MemberAvailabilityDeclared', want.availability).map((e) => retarget(e, 'member', existing.members)),
    ...ofType('ProjectProposed', want.newProjects),
    ...ofType('ProjectNeedsChanged', want.needs).map((e) => retarget(e, 'project', existing.projects)),
  ];
  const mix: Record<string, number> = {};
  for (const e of events) mix[e.type] = (mix[e.type] ?? 0) + 1;
  return { events: shuffled(events, rand), mix };
}

// ------------------------------------------------------------------ correctness

type ListSnapshot = { id: string; entries: { id: string; score: number }[] };

/** Engine and NaiveMatcher (exposure cap included) must give identical lists on a small population. */
function crossCheckSmallPopulation(directory: TerritoryDirectory, seed: number): string {
  const { members: m, projects: p } = SMALL_CHECK;
  const events = generatePopulation(directory, { seed: seed + 3, members: m, projects: p, referents: { communes: 20 } });
  const engine = new MatchingEngine({ now: NOW });
  const naive = new NaiveMatcher({ now: NOW });
  engine.applyAll(events, NOW);
  for (const e of events) naive.apply(e);
  const { projects, members } = survivorsOf(events);
  const rand = seededRandom(seed + 4);
  let mismatches = 0;
  // NaiveMatcher ranks every project and drafts on each topPartners call: few project lists.
  const projectIds = distinctSampleOf(projects, SMALL_CHECK.projectLists, rand);
  const memberIds = distinctSampleOf(members, SMALL_CHECK.memberLists, rand);
  for (const p of projectIds) {
    if (JSON.stringify(engine.topPartners(p, { now: NOW })) !== JSON.stringify(naive.topPartners(p, { now: NOW }))) mismatches++;
  }
  for (const m of memberIds) {
    if (JSON.stringify(engine.topProjects(m, { now: NOW })) !== JSON.stringify(naive.topProjects(m, { now: NOW }))) mismatches++;
  }
  const size = `${count(m)}-member / ${count(p)}-project population`;
  if (mismatches > 0) throw new Error(`engine and NaiveMatcher disagree on ${mismatches} lists of a ${size}`);
  return `engine = NaiveMatcher (exposure cap included) on ${projectIds.length} project and ${memberIds.length} member lists of a ${size}`;
}

/**
 * At full scale: member lists must equal the baseline's scan exactly; a project's capped
 * list must be a subsequence of the baseline's uncapped ranking, with the same scores.
 */
function checkAgainstBaseline(baseline: FullScanBaseline, projects: readonly ListSnapshot[], members: readonly ListSnapshot[]): string {
  const problems: string[] = [];
  let partnersChecked = 0;
  for (const { id, entries } of members) {
    const expected = baseline.projectsOf(id, LIST_SIZE).map((m) => `${m.projectId}:${m.score}`).join(',');
    if (entries.map((e) => `${e.id}:${e.score}`).join(',') !== expected) problems.push(`member ${id}`);
  }
  for (const { id, entries } of projects) {
    const ranking = baseline.partnersOf(id);
    let at = 0;
    for (const entry of entries) {
      while (at < ranking.length && ranking[at]!.memberId !== entry.id) at++;
      if (at >= ranking.length || ranking[at]!.score !== entry.score) {
        problems.push(`project ${id}`);
        break;
      }
      partnersChecked++;
    }
  }
  if (problems.length > 0) throw new Error(`engine and full scan disagree: ${problems.slice(0, 5).join(', ')}`);
  return `engine = full scan on ${members.length} member lists; ${projects.length} capped project lists (${partnersChecked} partners) are ordered subsequences of the full-scan ranking with equal scores`;
}

// ------------------------------------------------------------------ phases

type EngineResult = {
  rebuildMs: number;
  applyMs: number;
  listsMs: number;
  pairs: number;
  retained: number;
  updates: Distribution;
  /** Per incremental event, in stream order (may stop short of the stream: see the budget). */
  latencies: number[];
  changedPerUpdate: { projects: number; members: number };
  /** Lists each of the first naive-updates events changed, for the baseline to recompute. */
  changedLists: { projects: string[]; members: string[] }[];
  partners: Distribution;
  projects: Distribution;
  snapshots: { projects: ListSnapshot[]; members: ListSnapshot[] };
  peak: MemoryPeak;
};

function measureEngine(
  options: Options,
  log_: readonly SyntheticEvent[],
  updates: readonly SyntheticEvent[],
  ids: { partners: string[]; projects: string[]; checkProjects: string[]; checkMembers: string[] },
  baselineHeap: number,
): EngineResult {
  const probe = new MemoryProbe();
  const engine = new MatchingEngine({ now: NOW });

  log(`engine: rebuilding from ${count(log_.length)} events`);
  const t0 = now();
  for (let i = 0; i < log_.length; i += REBUILD_BATCH) {
    engine.applyAll(log_.slice(i, i + REBUILD_BATCH), NOW);
    probe.sample();
  }
  const t1 = now();
  // What a rebuild writes: every project's and every member's list.
  for (const p of engine.projectIds()) engine.topPartners(p, { now: NOW });
  probe.sample();
  for (const m of engine.memberIds()) engine.topProjects(m, { now: NOW });
  const t2 = now();
  probe.sample();
  const pairs = engine.stats().pairs;
  const retained = retainedHeap() - baselineHeap;
  log(`engine: rebuilt in ${ms(t2 - t0)} (${count(pairs)} scored pairs)`);

  const latencies: number[] = [];
  const changedLists: EngineResult['changedLists'] = [];
  let changedProjects = 0;
  let changedMembers = 0;
  let snapshots: EngineResult['snapshots'] = { projects: [], members: [] };
  const loopStart = now();
  for (let i = 0; i < updates.length; i++) {
    // A slow engine must not hold the machine for an hour: stop at the budget (once the
    // baseline's share is done) and report how many were measured.
    if (i >= options.naiveUpdates && now() - loopStart > options.updateBudgetMs) {
      log(`engine: update budget spent after ${count(i)} updates`);
      break;
    }
    const start = now();
    const changes = engine.apply(updates[i]!, NOW);
    for (const p of changes.changedProjects) engine.topPartners(p, { now: NOW });
    for (const m of changes.changedMembers) engine.topProjects(m, { now: NOW });
    latencies.push(now() - start);
    changedProjects += changes.changedProjects.size;
    changedMembers += changes.changedMembers.size;
    if (i < options.naiveUpdates) changedLists.push({ projects: [...changes.changedProjects], members: [...changes.changedMembers] });
    if (i === options.naiveUpdates - 1) {
      // The state the baseline reaches after its share of the updates: compare there.
      snapshots = {
        projects: ids.checkProjects.map((id) => ({
          id,
          entries: engine.topPartners(id, { now: NOW }).map((m) => ({ id: m.memberId, score: m.score })),
        })),
        members: ids.checkMembers.map((id) => ({
          id,
          entries: engine.topProjects(id, { now: NOW }).map((m) => ({ id: m.projectId, score: m.score })),
        })),
      };
    }
    if (i % 50 === 0) probe.sample();
  }
  log(`engine: ${count(latencies.length)} incremental updates done`);

  const partners = ids.partners.map((id) => timed(() => engine.topPartners(id, { now: NOW })).ms);
  probe.sample();
  const projects = ids.projects.map((id) => timed(() => engine.topProjects(id, { now: NOW })).ms);
  probe.sample();
  log(`engine: ${count(partners.length + projects.length)} queries done`);

  return {
    rebuildMs: t2 - t0,
    applyMs: t1 - t0,
    listsMs: t2 - t1,
    pairs,
    retained,
    updates: distribution(latencies),
    latencies,
    changedPerUpdate: { projects: changedProjects / latencies.length, members: changedMembers / latencies.length },
    changedLists,
    partners: distribution(partners),
    projects: distribution(projects),
    snapshots,
    peak: probe.value,
  };
}

type PipelineResult = { ms: number; processed: number; documents: number; seedMs: number; peak: MemoryPeak; storeDir: string };

/** `npm run rebuild`'s path: a SQLite log (seeded first, not timed) through the Matcher into in-memory read models. */
async function measurePipeline(options: Options, log_: readonly SyntheticEvent[]): Promise<PipelineResult> {
  const dir = mkdtempSync(join(options.storeDir, 'trame-bench-'));
  try {
    const file = join(dir, 'events.sqlite');
    log(`pipeline: seeding ${count(log_.length)} events into ${file}`);
    const seedStart = now();
    const writer = new SqliteEventStore(file);
    for (const e of log_) {
      await writer.appendToStream(e.streamId, [{ eventId: randomUUID(), type: e.type, data: e.data }], { expectedRevision: 'any' });
    }
    await writer.close();
    const seedMs = now() - seedStart;

    collectGarbage();
    const probe = new MemoryProbe();
    const events = new SqliteEventStore(file);
    const readModels = new InMemoryReadModelStore();
    log('pipeline: rebuilding through the Matcher');
    const start = now();
    await readModels.dropAll();
    const matcher = new Matcher(events, readModels, { clock: () => NOW, onProgress: () => probe.sample() });
    await matcher.catchUp();
    const elapsed = now() - start;
    probe.sample();
    const documents =
      (await readModels.collection(PROJECT_RECOMMENDATIONS).count()) + (await readModels.collection(MEMBER_RECOMMENDATIONS).count());
    await events.close();
    await readModels.close();
    log(`pipeline: rebuilt in ${ms(elapsed)}`);
    return { ms: elapsed, processed: matcher.stats.processed, documents, seedMs, peak: probe.value, storeDir: options.storeDir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type NaiveResult = {
  ingestMs: number;
  sampleProjects: number;
  sampleProjectsMs: number;
  sampleMembers: number;
  sampleMembersMs: number;
  rebuildEstimateMs: number;
  /** Scored pairs at the end of the log, from the sampled member scans (checks the engine's count). */
  pairsEstimate: number;
  retained: number;
  updates: Distribution;
  latencies: number[];
  partners: Distribution;
  projects: Distribution;
  check: string;
  peak: MemoryPeak;
};

function measureNaive(
  options: Options,
  log_: readonly SyntheticEvent[],
  updates: readonly SyntheticEvent[],
  survivors: ReturnType<typeof survivorsOf>,
  engine: EngineResult,
  ids: { partners: string[]; projects: string[] },
  baselineHeap: number,
): NaiveResult {
  const probe = new MemoryProbe();
  const rand = seededRandom(options.seed + 5);

  // Rebuild, project lists: NaiveMatcher over every member and a sample of projects; one
  // topPartners call ranks each of them against every member and runs the cap draft.
  const sampled = new Set(distinctSampleOf(survivors.projects, options.naiveSampleProjects, rand));
  const sampleProjectsMs = (() => {
    const naive = new NaiveMatcher({ now: NOW });
    for (const e of log_) {
      if (!e.streamId.startsWith('project-') || sampled.has(e.data.projectId as string)) naive.apply(e);
    }
    probe.sample();
    log(`naive: ranking ${count(sampled.size)} sampled projects against every member (NaiveMatcher)`);
    const { ms: elapsed } = timed(() => naive.topPartners([...sampled][0]!, { now: NOW }));
    probe.sample();
    return elapsed;
  })();
  collectGarbage();

  log('naive: ingesting the full log');
  const baseline = new FullScanBaseline(NOW.toISOString().slice(0, 10));
  const ingestStart = now();
  for (let i = 0; i < log_.length; i++) {
    baseline.apply(log_[i]!);
    if (i % 1000 === 0) probe.sample();
  }
  const ingestMs = now() - ingestStart;
  const retained = retainedHeap() - baselineHeap;

  // Rebuild, member lists: a sample of full scans of the projects.
  const memberSample = distinctSampleOf(survivors.members, options.naiveSampleMembers, rand);
  log(`naive: scanning ${count(memberSample.length)} sampled member lists`);
  let samplePairs = 0;
  const sampleMembersMs = timed(() => {
    for (const m of memberSample) samplePairs += baseline.projectsOf(m).length; // sorts them all either way
  }).ms;
  const pairsEstimate = (samplePairs * survivors.members.length) / Math.max(1, memberSample.length);
  probe.sample();
  const rebuildEstimateMs =
    ingestMs +
    (sampleProjectsMs * survivors.projects.length) / sampled.size +
    (sampleMembersMs * survivors.members.length) / memberSample.length;

  // Incremental: the same events; after each, recompute by full scan exactly the lists the
  // engine reported changed (the baseline is told which: finding them would cost more scans).
  log(`naive: ${count(options.naiveUpdates)} incremental updates`);
  const latencies: number[] = [];
  for (let i = 0; i < options.naiveUpdates; i++) {
    const changed = engine.changedLists[i]!;
    const start = now();
    baseline.apply(updates[i]!);
    for (const p of changed.projects) baseline.partnersOf(p, LIST_SIZE);
    for (const m of changed.members) baseline.projectsOf(m, LIST_SIZE);
    latencies.push(now() - start);
    if (i % 10 === 0) probe.sample();
  }
  const check = checkAgainstBaseline(baseline, engine.snapshots.projects, engine.snapshots.members);

  log(`naive: ${count(options.naiveQueries * 2)} queries`);
  const partners = ids.partners.slice(0, options.naiveQueries).map((id) => timed(() => baseline.partnersOf(id, LIST_SIZE)).ms);
  probe.sample();
  const projects = ids.projects.slice(0, options.naiveQueries).map((id) => timed(() => baseline.projectsOf(id, LIST_SIZE)).ms);
  probe.sample();

  return {
    ingestMs,
    sampleProjects: sampled.size,
    sampleProjectsMs,
    sampleMembers: memberSample.length,
    sampleMembersMs,
    rebuildEstimateMs,
    pairsEstimate,
    retained,
    updates: distribution(latencies),
    latencies,
    partners: distribution(partners),
    projects: distribution(projects),
    check,
    peak: probe.value,
  };
}

// ------------------------------------------------------------------ report

const times = (x: number) => `${x.toFixed(x >= 100 ? 0 : 1)}×`;
const faster = (naive: number, engine: number): string => {
  if (!(engine > 0) || !(naive > 0) || !Number.isFinite(naive)) return 'n/a';
  return naive >= engine ? `${times(naive / engine)} faster` : `${times(engine / naive)} SLOWER`;
};
const more = (engine: number, naive: number) => (naive > 0 ? `${(engine / naive).toFixed(1)}× naive` : 'n/a');
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
const nthLargest = (n: number) => (n <= 1 ? 'the largest' : `the ${n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`} largest`);

async function main(): Promise<void> {
  const options = parseOptions();
  if (!collectGarbage()) log('warning: run node with --expose-gc for clean memory figures');

  log('loading territories and generating the population');
  const directory = loadTerritoryDirectory();
  const population = generatePopulation(directory, { seed: options.seed, members: options.members, projects: options.projects });
  const survivors = survivorsOf(population);
  const { events: updates, mix } = incrementalStream(directory, options, survivors);
  const rand = seededRandom(options.seed + 6);
  const ids = {
    partners: sampleOf(survivors.activeProjects, options.queries, rand),
    projects: sampleOf(survivors.members, options.queries, rand),
    checkProjects: distinctSampleOf(survivors.activeProjects, CHECK_SAMPLE, rand),
    checkMembers: distinctSampleOf(survivors.members, CHECK_SAMPLE, rand),
  };
  const byType: Record<string, number> = {};
  for (const e of population) byType[e.type] = (byType[e.type] ?? 0) + 1;
  log(`${count(population.length)} events, ${count(updates.length)} incremental events`);

  log('cross-checking engine and NaiveMatcher on a small population');
  const smallCheck = crossCheckSmallPopulation(directory, options.seed);

  collectGarbage();
  const baseline = process.memoryUsage();
  const engine = measureEngine(options, population, updates, ids, baseline.heapUsed);
  collectGarbage();
  const pipeline = options.skipPipeline ? undefined : await measurePipeline(options, population);
  collectGarbage();
  const naive = measureNaive(options, population, updates, survivors, engine, ids, baseline.heapUsed);

  const events = population.length;
  const rebuildTarget = 120_000;
  const p99Target = 20;
  const speedTarget = 50;
  const n = naive.rebuildEstimateMs;
  const rows: string[][] = [
    ['full rebuild, engine (apply log + every list)', ms(engine.rebuildMs), `${ms(n)} (est.)`, faster(n, engine.rebuildMs), '< 120 s', verdict(engine.rebuildMs < rebuildTarget)],
    ['  events/s', perSecond((events * 1000) / engine.rebuildMs), `${perSecond((events * 1000) / n)} (est.)`, '', '', ''],
  ];
  if (pipeline) {
    rows.push(
      ['full rebuild, Matcher (SQLite log → read models)', ms(pipeline.ms), `${ms(n)} (est.)`, faster(n, pipeline.ms), '< 120 s', verdict(pipeline.ms < rebuildTarget)],
      ['  events/s', perSecond((pipeline.processed * 1000) / pipeline.ms), `${perSecond((events * 1000) / n)} (est.)`, '', '', ''],
    );
  }
  const u = engine.updates;
  const nu = naive.updates;
  rows.push(
    ['incremental update p50 (apply + changed lists)', ms(u.p50), ms(nu.p50), faster(nu.p50, u.p50), `≥ ${speedTarget}× faster`, verdict(nu.p50 / u.p50 >= speedTarget)],
    ['incremental update p99', ms(u.p99), ms(nu.p99), faster(nu.p99, u.p99), `< ${p99Target} ms, ≥ ${speedTarget}×`, verdict(u.p99 < p99Target && nu.p99 / u.p99 >= speedTarget)],
    ['incremental update mean', ms(u.mean), ms(nu.mean), faster(nu.mean, u.mean), `≥ ${speedTarget}× faster`, verdict(nu.mean / u.mean >= speedTarget)],
    ['top-20 topPartners p50', ms(engine.partners.p50), ms(naive.partners.p50), faster(naive.partners.p50, engine.partners.p50), '', ''],
    ['top-20 topPartners p99', ms(engine.partners.p99), ms(naive.partners.p99), faster(naive.partners.p99, engine.partners.p99), '', ''],
    ['top-20 topProjects p50', ms(engine.projects.p50), ms(naive.projects.p50), faster(naive.projects.p50, engine.projects.p50), '', ''],
    ['top-20 topProjects p99', ms(engine.projects.p99), ms(naive.projects.p99), faster(naive.projects.p99, engine.projects.p99), '', ''],
    ['peak RSS (engine phase / naive phase)', mb(engine.peak.rss), mb(naive.peak.rss), more(engine.peak.rss, naive.peak.rss), '', ''],
    ['peak heap used', mb(engine.peak.heapUsed), mb(naive.peak.heapUsed), more(engine.peak.heapUsed, naive.peak.heapUsed), '', ''],
    ['heap retained after rebuild (after gc)', mb(engine.retained), mb(naive.retained), more(engine.retained, naive.retained), '', ''],
  );
  if (pipeline) rows.push(['peak RSS, Matcher pipeline rebuild', mb(pipeline.peak.rss), '', '', '', '']);

  const byTypeRows = Object.keys(mix).map((type) => {
    const e = distribution(engine.latencies.filter((_, i) => updates[i]!.type === type));
    const nv = distribution(naive.latencies.filter((_, i) => updates[i]!.type === type));
    return [type, count(e.count), ms(e.p50), ms(e.p99), count(nv.count), ms(nv.p50), ms(nv.max)];
  });

  const cpu = cpus();
  const out = [
    '',
    'Trame matcher benchmark',
    `machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), ${mb(totalmem())} RAM, node ${process.version}, ${platform()}/${arch()}`,
    `population (seed ${options.seed}): ${count(options.members)} members, ${count(options.projects)} projects, ${count(survivors.referents)} referents; ` +
      `${count(events)} events (${Object.entries(byType).map(([t, c]) => `${t} ${count(c)}`).join(', ')})`,
    `at the end: ${count(survivors.members.length)} members, ${count(survivors.projects.length)} projects (${count(survivors.activeProjects.length)} active), ${count(engine.pairs)} scored pairs in the engine ` +
      `(${count(Math.round(naive.pairsEstimate))} estimated from the baseline's member scans; ${(engine.retained / Math.max(1, engine.pairs)).toFixed(0)} bytes of retained heap per pair)`,
    `incremental stream: ${count(updates.length)} events (${Object.entries(mix).map(([t, c]) => `${t} ${count(c)}`).join(', ')}); ` +
      `each changed on average ${engine.changedPerUpdate.projects.toFixed(1)} project and ${engine.changedPerUpdate.members.toFixed(1)} member lists`,
    '',
    table(['figure', 'engine', 'naive baseline', 'ratio', 'target', 'result'], rows),
    '',
    table(['incremental, by event type', 'engine n', 'engine p50', 'engine p99', 'naive n', 'naive p50', 'naive max'], byTypeRows),
    '',
    'notes:',
    `- engine rebuild: applyAll in batches of ${REBUILD_BATCH} (${ms(engine.applyMs)}), then every project's topPartners and every member's topProjects (${ms(engine.listsMs)}).`,
    pipeline
      ? `- Matcher rebuild: ${count(pipeline.processed)} events read from a SQLite log in ${pipeline.storeDir} (seeded beforehand in ${ms(pipeline.seedMs)}, not timed), projections and ${count(pipeline.documents)} recommendation documents written to in-memory read models, as \`npm run rebuild\` does.`
      : '- Matcher rebuild: skipped (--skip-pipeline).',
    `- naive rebuild, estimated: ingest of the full log (${ms(naive.ingestMs)}, measured) + NaiveMatcher ranking ${count(naive.sampleProjects)} sampled projects against every member with its cap draft ` +
      `(${ms(naive.sampleProjectsMs)}) ×${(survivors.projects.length / naive.sampleProjects).toFixed(1)} + ${count(naive.sampleMembers)} sampled member-list scans (${ms(naive.sampleMembersMs)}) ×${(survivors.members.length / naive.sampleMembers).toFixed(1)}. ` +
      'Linear extrapolation: a lower bound (the draft grows faster than linearly with projects).',
    `- incremental: ${count(u.count)} events on the engine${u.count < updates.length ? ` (stopped by the ${options.updateBudgetMs / 1000} s budget)` : ''} (timed: apply + topPartners/topProjects of every list it reports changed); the first ${count(nu.count)} of them on the naive baseline ` +
      `(apply + a full scan for each of the same lists, uncapped; it is told which lists changed); over ${count(nu.count)} samples a p99 is ${nthLargest(nu.count - Math.ceil(0.99 * nu.count) + 1)}.`,
    `- queries: ${count(engine.partners.count)} of each kind on random ids (engine), the first ${count(naive.partners.count)} of them on the baseline (one full scan + sort each, uncapped).`,
    `- memory: process-wide, sampled during each phase (peaks include the ${count(events)} generated events, ${mb(baseline.heapUsed)} heap / ${mb(baseline.rss)} RSS before the engine phase); ` +
      'phases run one after the other with gc in between; "retained" = heap after gc with the structure alive minus that baseline (the baseline keeps no lists, only entities).',
    `- checks: ${smallCheck}; ${naive.check}.`,
    `total bench time: ${ms(now() - started)}`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
