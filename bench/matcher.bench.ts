import { fork } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { arch, cpus, platform, tmpdir, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { collectGarbage, count, distribution, mb, ms, perSecond, table } from './bench-kit';
import {
  type EngineResult,
  measureEngine,
  measureNaive,
  measurePipeline,
  type NaiveInput,
  type NaiveResult,
  type PipelineResult,
} from './matcher-phases';
import { type BenchOptions, buildWorkload, type Workload } from './matcher-workload';

/**
 * `npm run bench:matcher`: the matching engine against the naive full-scan baseline, on a
 * seeded synthetic population over real French communes, every figure of both measured
 * in the same run (the notes under the table say how the naive side is sampled).
 *
 * The parent process runs each phase (engine, Matcher pipeline, naive baseline) in a child
 * process of its own: memory peaks are then per phase, and a phase that dies (say, out of
 * heap) is reported instead of taking the report down. Progress goes to stderr, the
 * report to stdout.
 */

const USAGE = `usage: npm run bench:matcher -- [options]
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

const PHASES = ['engine', 'pipeline', 'naive'] as const;
type Phase = (typeof PHASES)[number];

// Phase processes log against the parent's start, so stderr reads as one timeline.
const T0_ENV = 'TRAME_BENCH_T0';
const started = Number(process.env[T0_ENV] ?? Date.now());
process.env[T0_ENV] = String(started);
const logAs = (who: string) => (message: string) =>
  process.stderr.write(`[${who.padEnd(8)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);

function parseOptions(): { options: BenchOptions; phase?: Phase } {
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
      phase: { type: 'string' }, // internal: run one phase in this (child) process
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
  const phase = values.phase as Phase | undefined;
  if (phase !== undefined && !PHASES.includes(phase)) throw new Error(`unknown phase ${phase}`);
  const updates = int('updates', 2000);
  const queries = int('queries', 1000);
  return {
    phase,
    options: {
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
      storeDir: values['store-dir'] ?? defaultStoreDir(),
    },
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

// ------------------------------------------------------------------ processes

/** What the report needs to know of the workload (every phase process builds the same one). */
type WorkloadSummary = {
  events: number;
  logTypes: Record<string, number>;
  updateTypes: Record<string, number>;
  /** Type of each incremental event, in stream order. */
  updateSequence: string[];
  survivors: { members: number; projects: number; activeProjects: number; referents: number };
};

type PhaseMessage = { summary: WorkloadSummary; result: unknown } | { error: string };

const summarise = (w: Workload): WorkloadSummary => ({
  events: w.population.length,
  logTypes: w.logTypes,
  updateTypes: Object.fromEntries(Object.entries(w.updateTypes).sort(([a], [b]) => (a < b ? -1 : 1))),
  updateSequence: w.updates.map((e) => e.type),
  survivors: {
    members: w.survivors.members.length,
    projects: w.survivors.projects.length,
    activeProjects: w.survivors.activeProjects.length,
    referents: w.survivors.referents,
  },
});

/** Child side: build the workload, run one phase, send the result back. */
async function runPhase(phase: Phase, options: BenchOptions): Promise<void> {
  const log = logAs(phase);
  const send = (message: PhaseMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  try {
    // The naive phase is sent the engine's changed lists first (null when the engine failed).
    const input =
      phase === 'naive'
        ? await new Promise<NaiveInput | null>((resolve) =>
            process.once('message', (m) => resolve((m as { input: NaiveInput | null }).input)),
          )
        : null;
    log('building the workload');
    const workload = buildWorkload(options);
    log(`${count(workload.population.length)} events, ${count(workload.updates.length)} incremental events`);
    const result =
      phase === 'engine'
        ? measureEngine(options, workload, log)
        : phase === 'pipeline'
          ? await measurePipeline(options, workload, log)
          : measureNaive(options, workload, input ?? undefined, log);
    await send({ summary: summarise(workload), result });
  } catch (error) {
    await send({ error: (error as Error)?.stack ?? String(error) });
    process.exitCode = 1;
  }
  process.disconnect?.();
}

type PhaseOutcome<T> = { summary?: WorkloadSummary; result?: T; failure?: string };

/** Parent side: run a phase in a child process with the same node flags. */
function inChild<T>(phase: Phase, input?: NaiveInput): Promise<PhaseOutcome<T>> {
  return new Promise((resolve) => {
    const child = fork(process.argv[1], [...process.argv.slice(2), '--phase', phase], {
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: PhaseOutcome<T> = {};
    child.on('message', (message: PhaseMessage) => {
      outcome = 'error' in message ? { failure: message.error.split('\n')[0] } : { summary: message.summary, result: message.result as T };
    });
    child.on('exit', (code, signal) => {
      if (!outcome.result && !outcome.failure) {
        outcome = {
          failure: `process died (${signal ?? `exit code ${code}`}${signal === 'SIGABRT' ? ', likely out of heap: see stderr' : ''})`,
        };
      }
      resolve(outcome);
    });
    if (phase === 'naive') child.send({ input: input ?? null });
  });
}

// ------------------------------------------------------------------ report

const times = (x: number) => `${x.toFixed(x >= 100 ? 0 : 1)}×`;
const faster = (naive: number | undefined, engine: number | undefined): string => {
  if (engine === undefined || naive === undefined || !(engine > 0) || !(naive > 0) || !Number.isFinite(naive)) return 'n/a';
  return naive >= engine ? `${times(naive / engine)} faster` : `${times(engine / naive)} SLOWER`;
};
const more = (engine: number | undefined, naive: number | undefined) =>
  engine !== undefined && naive !== undefined && naive > 0 ? `${(engine / naive).toFixed(1)}× naive` : 'n/a';
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
const nthLargest = (n: number) => (n <= 1 ? 'the largest' : `the ${n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`} largest`);
const typeList = (types: Record<string, number>) =>
  Object.entries(types)
    .map(([t, c]) => `${t} ${count(c)}`)
    .join(', ');

const TARGETS = { rebuildMs: 120_000, p99Ms: 20, speedUp: 50 };

function report(
  options: BenchOptions,
  summary: WorkloadSummary,
  engineOutcome: PhaseOutcome<EngineResult>,
  pipelineOutcome: PhaseOutcome<PipelineResult> | undefined,
  naiveOutcome: PhaseOutcome<NaiveResult>,
): string {
  const engine = engineOutcome.result;
  const pipeline = pipelineOutcome?.result;
  const naive = naiveOutcome.result;
  const failed = (o: PhaseOutcome<unknown> | undefined) => (o?.failure ? 'failed' : 'n/a');
  const show = <T>(value: T | undefined, format: (v: T) => string, outcome: PhaseOutcome<unknown> | undefined) =>
    value === undefined ? failed(outcome) : format(value);
  const e = (format: (r: EngineResult) => string) => show(engine, format, engineOutcome);
  const nv = (format: (r: NaiveResult) => string) => show(naive, format, naiveOutcome);

  const events = summary.events;
  const u = engine && distribution(engine.latencies);
  const nu = naive && distribution(naive.latencies);
  const ua = engine && distribution(engine.applyLatencies);
  const estimate = naive?.rebuildEstimateMs;
  const rows: string[][] = [
    [
      'full rebuild, engine (apply log + every list)',
      e((r) => ms(r.rebuildMs)),
      nv((r) => `${ms(r.rebuildEstimateMs)} (est.)`),
      faster(estimate, engine?.rebuildMs),
      '< 120 s',
      verdict(!!engine && engine.rebuildMs < TARGETS.rebuildMs),
    ],
    [
      '  events/s',
      e((r) => perSecond((events * 1000) / r.rebuildMs)),
      nv((r) => `${perSecond((events * 1000) / r.rebuildEstimateMs)} (est.)`),
      '',
      '',
      '',
    ],
  ];
  if (pipelineOutcome) {
    rows.push(
      [
        'full rebuild, Matcher (SQLite log → read models)',
        show(pipeline, (r) => ms(r.ms), pipelineOutcome),
        nv((r) => `${ms(r.rebuildEstimateMs)} (est.)`),
        faster(estimate, pipeline?.ms),
        '< 120 s',
        verdict(!!pipeline && pipeline.ms < TARGETS.rebuildMs),
      ],
      [
        '  events/s',
        show(pipeline, (r) => perSecond((r.processed * 1000) / r.ms), pipelineOutcome),
        nv((r) => `${perSecond((events * 1000) / r.rebuildEstimateMs)} (est.)`),
        '',
        '',
        '',
      ],
    );
  }
  const speedUp = (naiveMs: number | undefined, engineMs: number | undefined) =>
    naiveMs !== undefined && engineMs !== undefined && naiveMs / engineMs >= TARGETS.speedUp;
  rows.push(
    ['incremental update p50 (engine: indexes, scores, ranks, cap, changed lists)', e(() => ms(ua!.p50)), '', '', '', ''],
    ['incremental update p99 (engine)', e(() => ms(ua!.p99)), '', '', `< ${TARGETS.p99Ms} ms`, verdict(!!ua && ua.p99 < TARGETS.p99Ms)],
    [
      '  + publishing every changed list, p50',
      e(() => ms(u!.p50)),
      nv(() => ms(nu!.p50)),
      faster(nu?.p50, u?.p50),
      `≥ ${TARGETS.speedUp}× faster`,
      verdict(speedUp(nu?.p50, u?.p50)),
    ],
    [
      '  + publishing every changed list, p99',
      e(() => ms(u!.p99)),
      nv(() => ms(nu!.p99)),
      faster(nu?.p99, u?.p99),
      `≥ ${TARGETS.speedUp}×; < ${TARGETS.p99Ms} ms?`,
      `${verdict(speedUp(nu?.p99, u?.p99))}; ${u ? (u.p99 < TARGETS.p99Ms ? 'under' : 'over') : '?'}`,
    ],
    [
      '  + publishing every changed list, mean',
      e(() => ms(u!.mean)),
      nv(() => ms(nu!.mean)),
      faster(nu?.mean, u?.mean),
      `≥ ${TARGETS.speedUp}× faster`,
      verdict(speedUp(nu?.mean, u?.mean)),
    ],
    [
      'top-20 topPartners p50',
      e((r) => ms(r.partners.p50)),
      nv((r) => ms(r.partners.p50)),
      faster(naive?.partners.p50, engine?.partners.p50),
      '',
      '',
    ],
    [
      'top-20 topPartners p99',
      e((r) => ms(r.partners.p99)),
      nv((r) => ms(r.partners.p99)),
      faster(naive?.partners.p99, engine?.partners.p99),
      '',
      '',
    ],
    [
      'top-20 topProjects p50',
      e((r) => ms(r.projects.p50)),
      nv((r) => ms(r.projects.p50)),
      faster(naive?.projects.p50, engine?.projects.p50),
      '',
      '',
    ],
    [
      'top-20 topProjects p99',
      e((r) => ms(r.projects.p99)),
      nv((r) => ms(r.projects.p99)),
      faster(naive?.projects.p99, engine?.projects.p99),
      '',
      '',
    ],
    [
      'peak RSS (phase process)',
      e((r) => mb(r.memory.peak.rss)),
      nv((r) => mb(r.memory.peak.rss)),
      more(engine?.memory.peak.rss, naive?.memory.peak.rss),
      '',
      '',
    ],
    [
      'peak heap + array buffers used',
      e((r) => mb(r.memory.peak.used)),
      nv((r) => mb(r.memory.peak.used)),
      more(engine?.memory.peak.used, naive?.memory.peak.used),
      '',
      '',
    ],
    [
      'retained after rebuild (heap + buffers, after gc)',
      e((r) => mb(r.memory.retained)),
      nv((r) => mb(r.memory.retained)),
      more(engine?.memory.retained, naive?.memory.retained),
      '',
      '',
    ],
    ['  + every published list, held (as in-memory read models)', e((r) => mb(r.retainedLists)), '', '', '', ''],
  );
  if (pipelineOutcome) {
    rows.push(
      ['peak RSS, Matcher pipeline process', show(pipeline, (r) => mb(r.memory.peak.rss), pipelineOutcome), '', '', '', ''],
      ['retained after Matcher rebuild (heap + buffers)', show(pipeline, (r) => mb(r.memory.retained), pipelineOutcome), '', '', '', ''],
    );
  }

  const byType = Object.keys(summary.updateTypes).map((type) => {
    const of = (latencies: readonly number[] | undefined) =>
      distribution((latencies ?? []).filter((_, i) => summary.updateSequence[i] === type));
    const ed = of(engine?.latencies);
    const nd = of(naive?.latencies);
    return [type, count(ed.count), ms(ed.p50), ms(ed.p99), count(nd.count), ms(nd.p50), ms(nd.max)];
  });

  const cpu = cpus();
  const s = summary.survivors;
  const failures = [
    ['engine', engineOutcome],
    ['pipeline', pipelineOutcome],
    ['naive', naiveOutcome],
  ] as const;
  const pairs = engine
    ? `${count(engine.pairs)} scored pairs in the engine ` +
      `(${(engine.memory.retained / Math.max(1, engine.pairs)).toFixed(0)} bytes retained per pair, heap and array buffers)`
    : 'engine pairs unknown';
  const lines = [
    '',
    'Trame matcher benchmark',
    `machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), ${mb(totalmem())} RAM, node ${process.version}, ${platform()}/${arch()}`,
    `population (seed ${options.seed}): ${count(options.members)} members, ` +
      `${count(options.projects)} projects, ${count(s.referents)} referents; ` +
      `${count(events)} events (${typeList(summary.logTypes)})`,
    `at the end: ${count(s.members)} members, ${count(s.projects)} projects (${count(s.activeProjects)} active); ${pairs}` +
      (naive ? `; ${count(Math.round(naive.pairsEstimate))} pairs estimated from the baseline's member scans` : ''),
    `incremental stream: ${count(summary.updateSequence.length)} events (${typeList(summary.updateTypes)})` +
      (engine
        ? `; each changed on average ${engine.changedPerUpdate.projects.toFixed(1)} project and ` +
          `${engine.changedPerUpdate.members.toFixed(1)} member lists`
        : ''),
    ...failures.filter(([, o]) => o?.failure).map(([name, o]) => `PHASE FAILED: ${name}: ${o!.failure}`),
    '',
    table(['figure', 'engine', 'naive baseline', 'ratio', 'target', 'result'], rows),
    '',
    table(['incremental, by event type', 'engine n', 'engine p50', 'engine p99', 'naive n', 'naive p50', 'naive max'], byType),
    '',
    'notes:',
  ];
  if (engine) {
    lines.push(
      `- engine rebuild: load in batches of 1,000 then settle every list once, as the Matcher's catch-up does (${ms(engine.applyMs)}), ` +
        `then every project's topPartners and every member's topProjects (${ms(engine.listsMs)}).`,
    );
  }
  if (pipeline) {
    lines.push(
      `- Matcher rebuild: ${count(pipeline.processed)} events read from a SQLite log in ${pipeline.storeDir} ` +
        `(seeded beforehand in ${ms(pipeline.seedMs)}, not timed) ` +
        `through Matcher.synchronise(): projections, then ${count(pipeline.documents)} recommendation documents, ` +
        `into in-memory read models, as \`npm run rebuild\` does.`,
    );
  } else if (!pipelineOutcome) lines.push('- Matcher rebuild: skipped (--skip-pipeline).');
  if (naive) {
    lines.push(
      `- naive rebuild, estimated: ingest of the full log (${ms(naive.ingestMs)}, measured) + ` +
        `${count(naive.sampleProjects)} sampled project-list scans of every member ` +
        `(${ms(naive.sampleProjectsMs)}) ×${(s.projects / naive.sampleProjects).toFixed(1)} + ` +
        `${count(naive.sampleMembers)} sampled member-list scans ` +
        `(${ms(naive.sampleMembersMs)}) ×${(s.members / naive.sampleMembers).toFixed(1)}. ` +
        'Linear extrapolation; a lower bound (the cap is applied from the member scans, not re-checked per project candidate).',
    );
  }
  if (u) {
    const budget = u.count < summary.updateSequence.length ? ` (stopped by the ${options.updateBudgetMs / 1000} s budget)` : '';
    lines.push(
      `- incremental: ${count(u.count)} events on the engine${budget}, timed: ` +
        `apply + topPartners/topProjects of every list it reports changed, ` +
        `reusing the unchanged entries of the list last published (what the Matcher publishes); ` +
        `"apply alone" is the engine's update (indexes, scores, ranks, cap, exact set of changed lists) ` +
        `without describing those lists. ` +
        `The < 20 ms target is read on the engine's update; ` +
        `the lists it reports are then published like top-20 queries (figures below), ` +
        `and with every published list held in the heap, as in-memory read models hold them, ` +
        `young-generation collections (tens of ms each here) land on the p99 of the publishing figure.`,
    );
  }
  if (nu && nu.count > 0) {
    const lists =
      naive.incrementalMode === 'engine-lists'
        ? 'a full scan for each list the engine reported changed, uncapped (it is told which)'
        : "a full scan for the event subject's own list only (no engine results to say which lists changed: a lower bound)";
    lines.push(
      `- naive incremental: the first ${count(nu.count)} events of the same stream, timed: apply + ${lists}; ` +
        `over ${count(nu.count)} samples a p99 is ${nthLargest(nu.count - Math.ceil(0.99 * nu.count) + 1)}.`,
    );
  }
  const workload = engine
    ? `${mb(engine.memory.before.used)} heap + buffers / ${mb(engine.memory.before.rss)} RSS after gc, before the engine phase`
    : 'see the phase';
  lines.push(
    `- queries: ${count(options.queries)} of each kind on random ids on the engine, ` +
      `the first ${count(options.naiveQueries)} of them on the baseline (one full scan + sort each, uncapped).`,
    "- memory: each phase runs in its own process; peak RSS is the kernel's max RSS of that process, " +
      'peak heap is sampled during the phase; ' +
      `both include the generated workload (${workload}). ` +
      '"Retained" = heap and array buffers (typed arrays\' data, outside the heap) after gc with the structure alive, ' +
      'minus that (the baseline keeps entities only, no lists).',
  );
  if (naive) lines.push(`- checks: ${naive.checks.join('; ')}.`);
  lines.push(`total bench time: ${ms(Date.now() - started)}`, '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { options, phase } = parseOptions();
  if (phase) return runPhase(phase, options);

  const log = logAs('bench');
  if (!collectGarbage()) log('warning: run node with --expose-gc for clean memory figures');
  const engine = await inChild<EngineResult>('engine');
  if (engine.failure) log(`engine phase failed: ${engine.failure}`);
  const pipeline = options.skipPipeline ? undefined : await inChild<PipelineResult>('pipeline');
  if (pipeline?.failure) log(`pipeline phase failed: ${pipeline.failure}`);
  const input: NaiveInput | undefined = engine.result && { changedLists: engine.result.changedLists, snapshots: engine.result.snapshots };
  const naive = await inChild<NaiveResult>('naive', input);
  if (naive.failure) log(`naive phase failed: ${naive.failure}`);

  const summary = engine.summary ?? naive.summary ?? pipeline?.summary;
  if (!summary) throw new Error('every phase failed');
  process.stdout.write(report(options, summary, engine, pipeline, naive));
  if (engine.failure || pipeline?.failure || naive.failure) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
