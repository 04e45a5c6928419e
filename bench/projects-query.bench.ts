import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SUGGESTED_THEMES } from '@trame/domain';
import { CoreModule } from '@trame/runtime';
import { ApiModule } from '../apps/api/src/api.module';
import { configureHttpApp } from '../apps/api/src/http-app';
import { seedProjectCards } from './seed-project-cards';
import { count, ms, perSecond, sampleOf, seededRandom, shuffled, table } from './bench-kit';

/**
 * `npm run bench:api`: `GET /v1/projects?near=&radiusKm=&theme=&page=` against
 * `GET /v1/projects/:id`, in the same run, over the same api, at 10,000 projects. The api
 * runs in a child process (its own core); this process drives it with autocannon. Every
 * request of a workload goes to the next URL of a shuffled list (places, radii, themes and
 * pages varied, no URL repeated within thousands), so no single answer is cached anywhere.
 * Projects are seeded straight into the read model (the project-card projection over a
 * seeded synthetic population), as the matcher would have written them.
 */

const USAGE = `usage: npm run bench:api -- [options]
  --projects N     projects in the read model (default 10000)
  --seconds N      measured seconds per workload (default 15; plus 3 s of warm-up)
  --connections N  concurrent connections (default 10)
  --seed N         seed of the population and of the URLs (default 42)
  --only list|single  measure one workload only (for profiling)`;

type Options = { projects: number; seconds: number; connections: number; seed: number; only?: string };
type Ready = { port: number; ids: string[]; places: string[]; points: string[] };

const log = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);

function parseOptions(): Options & { serve: boolean } {
  const { values } = parseArgs({
    options: {
      projects: { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      serve: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (value: string | undefined, fallback: number) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive integer: ${value}\n${USAGE}`);
    return n;
  };
  return {
    projects: int(values.projects, 10_000),
    seconds: int(values.seconds, 15),
    connections: int(values.connections, 10),
    seed: int(values.seed, 42),
    only: values.only,
    serve: values.serve ?? false,
  };
}

// ── the api, in the child ─────────────────────────────────────────────────────────────

async function serve(options: Options): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-bench-api-'));
  const queuePrefix = `bench-${randomUUID()}`;
  @Module({
    imports: [
      CoreModule.forRoot({ DATA_DIR: dataDir, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'silent', MONGO_URL: '', EVENTSTORE_URL: '' }),
      ApiModule,
    ],
  })
  class BenchApiModule {}
  const app = await NestFactory.create(BenchApiModule, { logger: false });
  configureHttpApp(app);
  await app.init();

  const docs = await seedProjectCards(app, options.projects, options.seed);

  await app.listen(0, '127.0.0.1');
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  const ready: Ready = {
    port: address.port,
    ids: docs.map((d) => d._id),
    // Where people look: the communes of the projects (weighted by population like them).
    places: [...new Set(docs.map((d) => d.location.communeCode).filter((c): c is string => c !== undefined))],
    points: docs.map((d) => `${d.location.lat.toFixed(3)},${d.location.lon.toFixed(3)}`),
  };
  process.send!(ready);
  process.on('message', () => {
    void app.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

// ── the load, in the parent ───────────────────────────────────────────────────────────

type AutocannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type AutocannonOptions = {
  url: string;
  connections: number;
  duration: number;
  requests: { method: 'GET'; setupRequest: (request: { path: string }) => { path: string } }[];
};
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const ROUNDS = 5;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Rounds into one: requests and errors summed, req/s over the whole time, p50 the rounds' median, p99 their worst. */
const combine = (rounds: readonly AutocannonResult[]): AutocannonResult => {
  const sum = (read: (r: AutocannonResult) => number) => rounds.reduce((total, r) => total + read(r), 0);
  return {
    requests: { total: sum((r) => r.requests.total), average: sum((r) => r.requests.average) / rounds.length },
    latency: {
      p50: median(rounds.map((r) => r.latency.p50)),
      p99: Math.max(...rounds.map((r) => r.latency.p99)),
      average: sum((r) => r.latency.average) / rounds.length,
    },
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
};
// autocannon ships no types; the part used here is typed above.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

const run = (port: number, paths: readonly string[], seconds: number, connections: number) => {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
};

function listPaths(ready: Ready, rand: () => number, n: number): string[] {
  const radii = [10, 20, 30, 50];
  return Array.from({ length: n }, () => {
    const near = rand() < 0.8 ? `commune:${sampleOf(ready.places, 1, rand)[0]}` : sampleOf(ready.points, 1, rand)[0];
    const query = new URLSearchParams({ near, radiusKm: String(sampleOf(radii, 1, rand)[0]) });
    if (rand() < 0.6) query.set('theme', sampleOf(SUGGESTED_THEMES, 1, rand)[0]);
    query.set('page', String(1 + Math.floor(rand() * 3)));
    query.set('perPage', '20');
    return `/v1/projects?${query.toString()}`;
  });
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.serve) return serve(options);

  log(`seeding ${count(options.projects)} projects into an api in a child process…`);
  const child = fork(__filename, [...process.argv.slice(2), '--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`the api exited (${code}) before it was ready`)));
  });
  const rand = seededRandom(options.seed);
  const workloads = [
    { name: 'GET /v1/projects?near=&radiusKm=&theme=&page=', paths: listPaths(ready, rand, 20_000) },
    { name: 'GET /v1/projects/:id', paths: shuffled(ready.ids, rand).map((id) => `/v1/projects/${id}`) },
  ];
  const distinct = (paths: readonly string[]) => new Set(paths).size;
  const chosen = workloads.filter((_, i) => !options.only || options.only === ['list', 'single'][i]);
  // The machine may be shared: the workloads alternate in rounds so that both meet the same load.
  const rounds = Math.max(1, Math.min(ROUNDS, Math.floor(options.seconds / 2)));
  const slice = Math.max(1, Math.round(options.seconds / rounds));
  const measured = chosen.map(() => [] as AutocannonResult[]);
  try {
    for (const w of chosen) {
      log(`${w.name}: warm-up 3 s`);
      await run(ready.port, w.paths, 3, options.connections);
    }
    for (let round = 1; round <= rounds; round++) {
      for (const [i, w] of chosen.entries()) {
        log(`round ${round}/${rounds}: ${w.name}, ${slice} s, ${options.connections} connections`);
        measured[i].push(await run(ready.port, w.paths, slice, options.connections));
      }
    }
  } finally {
    child.send('stop');
  }
  const results = chosen.map((w, i) => ({ name: w.name, distinct: distinct(w.paths), result: combine(measured[i]) }));

  process.stdout.write(
    `\nbench:api — ${count(options.projects)} projects (in-memory read model), ${options.connections} connections, ` +
      `${options.seconds} s each in ${rounds} alternating rounds (p50: median of the rounds, p99: worst round), ` +
      `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}\n\n`,
  );
  process.stdout.write(
    `${table(
      ['workload', 'distinct URLs', 'requests', 'req/s', 'p50', 'p99', 'non-2xx', 'errors'],
      results.map(({ name, result, distinct: d }) => [
        name,
        count(d),
        count(result.requests.total),
        perSecond(result.requests.average),
        ms(result.latency.p50),
        ms(result.latency.p99),
        count(result.non2xx),
        count(result.errors + result.timeouts),
      ]),
    )}\n\n`,
  );
  const [list, single] = results.length === 2 ? results : [];
  if (list && single) {
    const ratio = list.result.requests.average / single.result.requests.average;
    process.stdout.write(
      `list / single-project throughput: ${(ratio * 100).toFixed(0)} % (target ≥ 50 %): ${ratio >= 0.5 ? 'met' : 'NOT met'}\n`,
    );
  }
  if (results.some(({ result }) => result.non2xx > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
