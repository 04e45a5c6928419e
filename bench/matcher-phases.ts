import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@trame/event-store';
import { MatchingEngine, NaiveMatcher, type PartnerMatch, type ProjectMatch } from '@trame/matching';
import { InMemoryReadModelStore, MEMBER_RECOMMENDATIONS, PROJECT_RECOMMENDATIONS } from '@trame/read-models';
import type { TerritoryDirectory } from '@trame/territories';
import { generatePopulation, type SyntheticEvent } from '@trame/testing';
import {
  assertHeapHeadroom,
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
  retainedMemory,
  seededRandom,
  timed,
  usedMemory,
} from './bench-kit';
import { FullScanBaseline } from './full-scan-baseline';
import { type BenchOptions, LIST_SIZE, NOW, survivorsOf, TODAY, type Workload } from './matcher-workload';
import { Matcher } from '../apps/matcher/src/matcher';

/**
 * The measured phases. Each runs in its own process (see matcher.bench.ts), so its memory
 * figures are its own and a phase that runs out of memory does not take the report down.
 * Results are plain data (sent over IPC).
 */

export type Log = (message: string) => void;

/** Memory of a phase process: before the phase (workload only, after gc) and peaks. */
export type PhaseMemory = { before: MemoryPeak; peak: MemoryPeak; retained: number };

type ListSnapshot = { id: string; entries: { id: string; score: number }[] };

const REBUILD_BATCH = 1000; // the Matcher's default catch-up batch
const SMALL_CHECK = { members: 2000, projects: 200, projectLists: 6, memberLists: 50 };

/** Heap and RSS before a phase, after a full collection. */
export const memoryBefore = (): MemoryPeak => {
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss, used: usedMemory(m) };
};

/** Peak RSS as the kernel saw it (resourceUsage is in KiB), or as sampled if higher. */
const finalPeak = (probe: MemoryProbe): MemoryPeak => {
  probe.sample();
  const sampled = probe.value;
  return { rss: Math.max(sampled.rss, process.resourceUsage().maxRSS * 1024), used: sampled.used };
};

// ------------------------------------------------------------------ engine

export type EngineResult = {
  rebuildMs: number;
  applyMs: number;
  listsMs: number;
  pairs: number;
  /** Per incremental event, in stream order (may stop short of the stream: see the budget). */
  latencies: number[];
  /** The engine's `apply` alone (indexes, scores, ranks, cap, change set), without describing lists. */
  applyLatencies: number[];
  changedPerUpdate: { projects: number; members: number };
  /** Lists each of the first naive-updates events changed, for the baseline to recompute. */
  changedLists: { projects: string[]; members: string[] }[];
  partners: Distribution;
  projects: Distribution;
  snapshots: { projects: ListSnapshot[]; members: ListSnapshot[] };
  /** Engine memory (after settling, before any list is described). */
  memory: PhaseMemory;
  /** What the published lists add, held as in-memory read models hold them. */
  retainedLists: number;
};

export function measureEngine(options: BenchOptions, workload: Workload, log: Log): EngineResult {
  const { population, updates, ids } = workload;
  const before = memoryBefore();
  const probe = new MemoryProbe();
  const engine = new MatchingEngine({ now: NOW });

  log(`engine: rebuilding from ${count(population.length)} events`);
  const t0 = now();
  // As the Matcher's catch-up: load in batches, then work every list out once.
  for (let i = 0; i < population.length; i += REBUILD_BATCH) {
    engine.load(population.slice(i, i + REBUILD_BATCH), NOW);
    probe.sample();
    const done = Math.min(i + REBUILD_BATCH, population.length);
    const progress = () => `loaded ${count(done)} of ${count(population.length)} events`;
    assertHeapHeadroom(progress);
    if ((done / REBUILD_BATCH) % 20 === 0) log(`engine: ${progress()}, heap + buffers ${mb(usedMemory())}`);
  }
  engine.settle();
  probe.sample();
  assertHeapHeadroom(() => `after settling, ${count(engine.stats().pairs)} scored pairs`);
  const t1 = now();
  const retained = retainedMemory() - before.used;
  // What a rebuild publishes: every project's and every member's list, held as the
  // in-memory read models hold them (the Matcher reuses their unchanged entries).
  const t1b = now();
  const published = { partners: new Map<string, PartnerMatch[]>(), projects: new Map<string, ProjectMatch[]>() };
  const publishPartners = (p: string) => published.partners.set(p, engine.topPartners(p, { now: NOW, reuse: published.partners.get(p) }));
  const publishProjects = (m: string) => published.projects.set(m, engine.topProjects(m, { now: NOW, reuse: published.projects.get(m) }));
  for (const p of engine.projectIds()) publishPartners(p);
  probe.sample();
  for (const m of engine.memberIds()) publishProjects(m);
  const t2 = now() - (t1b - t1);
  probe.sample();
  const pairs = engine.stats().pairs;
  const retainedLists = retainedMemory() - before.used - retained;
  log(`engine: rebuilt in ${ms(t2 - t0)} (${count(pairs)} scored pairs)`);

  const latencies: number[] = [];
  const applyLatencies: number[] = [];
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
    const changes = engine.apply(updates[i], NOW);
    applyLatencies.push(now() - start);
    for (const p of changes.changedProjects) publishPartners(p);
    for (const m of changes.changedMembers) publishProjects(m);
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
  log(`engine: ${count(partners.length + projects.length)} queries done`);

  return {
    rebuildMs: t2 - t0,
    applyMs: t1 - t0,
    listsMs: t2 - t1,
    pairs,
    latencies,
    applyLatencies,
    changedPerUpdate: { projects: changedProjects / latencies.length, members: changedMembers / latencies.length },
    changedLists,
    partners: distribution(partners),
    projects: distribution(projects),
    snapshots,
    memory: { before, peak: finalPeak(probe), retained },
    retainedLists,
  };
}

// ------------------------------------------------------------------ pipeline

export type PipelineResult = { ms: number; processed: number; documents: number; seedMs: number; storeDir: string; memory: PhaseMemory };

/** `npm run rebuild`'s path: a SQLite log (seeded first, not timed) through the Matcher into in-memory read models. */
export async function measurePipeline(options: BenchOptions, workload: Workload, log: Log): Promise<PipelineResult> {
  const { population } = workload;
  const dir = mkdtempSync(join(options.storeDir, 'trame-bench-'));
  try {
    const file = join(dir, 'events.sqlite');
    log(`pipeline: seeding ${count(population.length)} events into ${file}`);
    const seedStart = now();
    const writer = new SqliteEventStore(file);
    for (const e of population) {
      await writer.appendToStream(e.streamId, [{ eventId: randomUUID(), type: e.type, data: e.data }], { expectedRevision: 'any' });
    }
    await writer.close();
    const seedMs = now() - seedStart;

    const before = memoryBefore();
    const probe = new MemoryProbe();
    const events = new SqliteEventStore(file);
    const readModels = new InMemoryReadModelStore();
    log('pipeline: rebuilding through the Matcher');
    const start = now();
    await readModels.dropAll();
    const matcher: Matcher = new Matcher(events, readModels, {
      clock: () => NOW,
      onProgress: (processed) => {
        probe.sample();
        const progress = () =>
          `after ${count(processed)} of ${count(population.length)} events (loaded; lists are worked out once at the end)`;
        assertHeapHeadroom(progress);
        if (processed % 20_000 === 0) log(`pipeline: ${progress()}, heap + buffers ${mb(usedMemory())}`);
      },
    });
    await matcher.synchronise(); // as rebuild.ts: catch up, then publish every list
    const elapsed = now() - start;
    const retained = retainedMemory() - before.used;
    const documents =
      (await readModels.collection(PROJECT_RECOMMENDATIONS).count()) + (await readModels.collection(MEMBER_RECOMMENDATIONS).count());
    await events.close();
    await readModels.close();
    log(`pipeline: rebuilt in ${ms(elapsed)}`);
    return {
      ms: elapsed,
      processed: matcher.stats.processed,
      documents,
      seedMs,
      storeDir: options.storeDir,
      memory: { before, peak: finalPeak(probe), retained },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ naive baseline

export type NaiveInput = Pick<EngineResult, 'changedLists' | 'snapshots'>;

export type NaiveResult = {
  ingestMs: number;
  sampleProjects: number;
  sampleProjectsMs: number;
  sampleMembers: number;
  sampleMembersMs: number;
  rebuildEstimateMs: number;
  /** Scored pairs at the end of the log, from the sampled member scans (checks the engine's count). */
  pairsEstimate: number;
  latencies: number[];
  /** engine-lists: the lists the engine reported changed; own-list: the event's subject's list only. */
  incrementalMode: 'engine-lists' | 'own-list';
  partners: Distribution;
  projects: Distribution;
  checks: string[];
  memory: PhaseMemory;
};

export function measureNaive(options: BenchOptions, workload: Workload, input: NaiveInput | undefined, log: Log): NaiveResult {
  const { population, updates, survivors, ids } = workload;
  const checks = [crossCheckSmallPopulation(workload.directory, options.seed, log)];
  const before = memoryBefore();
  const probe = new MemoryProbe();
  const rand = seededRandom(options.seed + 5);

  const sampled = new Set(distinctSampleOf(survivors.projects, options.naiveSampleProjects, rand));

  log('naive: ingesting the full log');
  const baseline = new FullScanBaseline(TODAY);
  const ingestStart = now();
  for (let i = 0; i < population.length; i++) {
    baseline.apply(population[i]);
    if (i % 1000 === 0) probe.sample();
  }
  const ingestMs = now() - ingestStart;
  log('naive: working out the reach of remote-friendly projects (untimed)');
  baseline.workOutReaches();
  const retained = retainedMemory() - before.used;

  // Rebuild, project lists: a sample of full scans of the members (a project's candidates).
  log(`naive: scanning ${count(sampled.size)} sampled project lists`);
  const sampleProjectsMs = timed(() => {
    for (const p of sampled) baseline.partnersOf(p);
  }).ms;
  probe.sample();

  // Rebuild, member lists: a sample of full scans of the projects (a member's list, whose K
  // best are where the cap lets them be shown).
  const memberSample = distinctSampleOf(survivors.members, options.naiveSampleMembers, rand);
  log(`naive: scanning ${count(memberSample.length)} sampled member lists`);
  let samplePairs = 0;
  const sampleMembersMs = timed(() => {
    for (const m of memberSample) samplePairs += baseline.projectsOf(m).length; // sorts them all either way
  }).ms;
  probe.sample();
  const rebuildEstimateMs =
    ingestMs +
    (sampleProjectsMs * survivors.projects.length) / sampled.size +
    (sampleMembersMs * survivors.members.length) / memberSample.length;

  // Incremental: the same events; after each, recompute by full scan exactly the lists the
  // engine reported changed (the baseline is told which: finding them would cost more scans).
  // Without engine results, it recomputes only the event's own subject's list (less work).
  const latencies: number[] = [];
  const incrementalMode = input ? 'engine-lists' : 'own-list';
  log(`naive: ${count(options.naiveUpdates)} incremental updates (${incrementalMode})`);
  for (let i = 0; i < options.naiveUpdates; i++) {
    const event = updates[i];
    const changed = input?.changedLists[i] ?? ownList(event);
    const start = now();
    baseline.apply(event);
    for (const p of changed.projects) baseline.partnersOf(p, LIST_SIZE);
    for (const m of changed.members) baseline.projectsOf(m, LIST_SIZE);
    latencies.push(now() - start);
    if (i % 10 === 0) probe.sample();
  }
  if (input) {
    baseline.workOutReaches();
    checks.push(checkAgainstBaseline(baseline, input.snapshots));
  }

  log(`naive: ${count(options.naiveQueries * 2)} queries`);
  const partners = ids.partners.slice(0, options.naiveQueries).map((id) => timed(() => baseline.partnersOf(id, LIST_SIZE)).ms);
  probe.sample();
  const projects = ids.projects.slice(0, options.naiveQueries).map((id) => timed(() => baseline.projectsOf(id, LIST_SIZE)).ms);

  return {
    ingestMs,
    sampleProjects: sampled.size,
    sampleProjectsMs,
    sampleMembers: memberSample.length,
    sampleMembersMs,
    rebuildEstimateMs,
    pairsEstimate: (samplePairs * survivors.members.length) / Math.max(1, memberSample.length),
    latencies,
    incrementalMode,
    partners: distribution(partners),
    projects: distribution(projects),
    checks,
    memory: { before, peak: finalPeak(probe), retained },
  };
}

const ownList = (event: SyntheticEvent): { projects: string[]; members: string[] } =>
  event.streamId.startsWith('project-')
    ? { projects: [event.data.projectId as string], members: [] }
    : { projects: [], members: [event.data.memberId as string] };

// ------------------------------------------------------------------ correctness

/** Engine and NaiveMatcher (exposure cap included) must give identical lists on a small population. */
function crossCheckSmallPopulation(directory: TerritoryDirectory, seed: number, log: Log): string {
  log('naive: cross-checking engine and NaiveMatcher on a small population');
  const { members: m, projects: p } = SMALL_CHECK;
  const events = generatePopulation(directory, { seed: seed + 3, members: m, projects: p, referents: { communes: 20 } });
  const engine = new MatchingEngine({ now: NOW });
  const naive = new NaiveMatcher({ now: NOW });
  engine.applyAll(events, NOW);
  for (const e of events) naive.apply(e);
  const { projects, members } = survivorsOf(events);
  const rand = seededRandom(seed + 4);
  // NaiveMatcher scans every project for each candidate on each topPartners call: few project lists.
  const projectIds = distinctSampleOf(projects, SMALL_CHECK.projectLists, rand);
  const memberIds = distinctSampleOf(members, SMALL_CHECK.memberLists, rand);
  let mismatches = 0;
  for (const id of projectIds) {
    if (JSON.stringify(engine.topPartners(id, { now: NOW })) !== JSON.stringify(naive.topPartners(id, { now: NOW }))) mismatches++;
  }
  for (const id of memberIds) {
    if (JSON.stringify(engine.topProjects(id, { now: NOW })) !== JSON.stringify(naive.topProjects(id, { now: NOW }))) mismatches++;
  }
  const size = `${count(m)}-member / ${count(p)}-project population`;
  if (mismatches > 0) throw new Error(`engine and NaiveMatcher disagree on ${mismatches} lists of a ${size}`);
  return `engine = NaiveMatcher (exposure cap included) on ${projectIds.length} project and ${memberIds.length} member lists of a ${size}`;
}

/**
 * At full scale: member lists must equal the baseline's scan exactly; a project's capped
 * list must be a subsequence of the baseline's uncapped ranking, with the same scores.
 */
function checkAgainstBaseline(baseline: FullScanBaseline, snapshots: NaiveInput['snapshots']): string {
  const problems: string[] = [];
  let partnersChecked = 0;
  for (const { id, entries } of snapshots.members) {
    const expected = baseline
      .projectsOf(id, LIST_SIZE)
      .map((m) => `${m.projectId}:${m.score}`)
      .join(',');
    if (entries.map((e) => `${e.id}:${e.score}`).join(',') !== expected) problems.push(`member ${id}`);
  }
  for (const { id, entries } of snapshots.projects) {
    const ranking = baseline.partnersOf(id);
    let at = 0;
    for (const entry of entries) {
      while (at < ranking.length && ranking[at].memberId !== entry.id) at++;
      if (at >= ranking.length || ranking[at].score !== entry.score) {
        problems.push(`project ${id}`);
        break;
      }
      partnersChecked++;
    }
  }
  if (problems.length > 0) throw new Error(`engine and full scan disagree: ${problems.slice(0, 5).join(', ')}`);
  return (
    `engine = full scan on ${snapshots.members.length} member lists; ${snapshots.projects.length} capped project lists ` +
    `(${partnersChecked} partners) are ordered subsequences of the full-scan ranking with equal scores`
  );
}
