import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { chromium } from 'playwright-core';
import { CoreModule } from '@trame/runtime';
import { ApiModule } from '../apps/api/src/api.module';
import { configureHttpApp } from '../apps/api/src/http-app';
import { mountWebApp } from '../apps/standalone/src/web-app';
import { seedProjectCards } from './seed-project-cards';
import { count, ms, perSecond, seededRandom, shuffled, table } from './bench-kit';

/**
 * `npm run bench:web`: what the web app's pages cost a person on a slow connection, and the
 * server. For the home, explore, project and sign-up pages: bytes of JavaScript and of the
 * whole page (gzipped), server render throughput and p50/p99 under load next to the raw api
 * call each page stands on (same run, same process), and the first contentful paint in
 * Chromium under DevTools' "3G" profile (300 ms latency, 750 kbit/s down). The api and the
 * web app run together in a child process (as under `npm start`), over an in-memory read
 * model seeded with synthetic projects; this process drives the load with autocannon.
 */

const USAGE = `usage: npm run bench:web -- [options]
  --projects N     projects in the read model (default 2000)
  --seconds N      measured seconds per workload (default 8)
  --connections N  concurrent connections (default 10)
  --seed N         seed of the population and of the URLs (default 42)`;

type Options = { projects: number; seconds: number; connections: number; seed: number };
type Ready = { port: number; ids: string[]; places: string[] };

const JS_BUDGET_BYTES = 50 * 1024;
const FCP_BUDGET_MS = 2000;
/** Chrome DevTools' "3G" preset (the issue's budget): 300 ms round trip, 750 kbit/s down, 250 kbit/s up. */
const SLOW_3G = { offline: false, latency: 300, downloadThroughput: (750 * 1000) / 8, uploadThroughput: (250 * 1000) / 8 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const log = (message: string) => process.stderr.write(`[bench:web] ${message}\n`);

function parseOptions(): Options & { serve: boolean } {
  const { values } = parseArgs({
    options: {
      projects: { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      seed: { type: 'string' },
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
    projects: int(values.projects, 2000),
    seconds: int(values.seconds, 8),
    connections: int(values.connections, 10),
    seed: int(values.seed, 42),
    serve: values.serve ?? false,
  };
}

// ── the api and the web app, in the child ─────────────────────────────────────────────

async function serve(options: Options): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-bench-web-'));
  @Module({
    imports: [
      CoreModule.forRoot({
        DATA_DIR: dataDir,
        QUEUE_PREFIX: `bench-${randomUUID()}`,
        LOG_LEVEL: 'silent',
        MONGO_URL: '',
        EVENTSTORE_URL: '',
      }),
      ApiModule,
    ],
  })
  class BenchWebModule {}
  const app = await NestFactory.create(BenchWebModule, { logger: false });
  const web = mountWebApp(app);
  if (!web) throw new Error('apps/web/build is missing: `npm run build:web` first (the npm script does)');
  configureHttpApp(app);
  await app.init();

  const docs = await seedProjectCards(app, options.projects, options.seed);

  await app.listen(0, '127.0.0.1');
  await web.start();
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  process.send!({
    port: address.port,
    ids: docs.map((d) => d._id),
    places: [...new Set(docs.map((d) => d.location.communeCode).filter((c): c is string => c !== undefined))],
  } satisfies Ready);
  process.on('message', () => {
    void app.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

// ── the measures, in the parent ───────────────────────────────────────────────────────

type AutocannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
};
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests: { method: 'GET'; setupRequest: (request: { path: string }) => { path: string } }[];
}) => Promise<AutocannonResult>;
// autocannon ships no types; the part used here is typed above.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

const load = (port: number, paths: readonly string[], seconds: number, connections: number) => {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip' },
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
};

/** A page's weight as a browser downloads it: its HTML and every script and stylesheet it links, gzipped. */
async function weigh(base: string, path: string): Promise<{ status: number; page: number; js: number; scripts: number }> {
  const response = await fetch(base + path, { headers: { 'accept-encoding': 'identity' } });
  const html = await response.text();
  const gz = (text: string | Buffer) => gzipSync(text).length;
  const assets = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let js = 0;
  let page = gz(html);
  for (const asset of new Set(assets)) {
    const bytes = gz(Buffer.from(await (await fetch(new URL(asset, base))).arrayBuffer()));
    page += bytes;
    if (asset.endsWith('.js')) js += bytes;
  }
  // Module imports the entry scripts pull in (SvelteKit's `import("/_app/…")` in an inline script).
  for (const [, asset] of html.matchAll(/import\("([^"]+\.js)"\)/g)) {
    const bytes = gz(Buffer.from(await (await fetch(new URL(asset, base))).arrayBuffer()));
    page += bytes;
    js += bytes;
  }
  return { status: response.status, page, js, scripts: assets.filter((a) => a.endsWith('.js')).length };
}

/** First contentful paint of a cold load under the slow-3G profile (median of `runs`). */
async function firstPaints(base: string, paths: readonly string[], runs: number): Promise<Map<string, number>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const result = new Map<string, number>();
  try {
    for (const path of paths) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
        await page.goto(base + path, { waitUntil: 'load' });
        // The paint entry is recorded once the frame is presented, which may follow `load`: wait for it.
        // (A string: this runs in the page, whose DOM types this Node project does not load.)
        const fcp = await page.evaluate<number>(`new Promise((resolve) => {
          new PerformanceObserver((list) => {
            const entry = list.getEntries().find((e) => e.name === 'first-contentful-paint');
            if (entry) resolve(entry.startTime);
          }).observe({ type: 'paint', buffered: true });
          setTimeout(() => resolve(Number.NaN), 10000);
        })`);
        samples.push(fcp);
        await context.close();
      }
      samples.sort((a, b) => a - b);
      result.set(path, samples[Math.floor(samples.length / 2)]);
    }
  } finally {
    await browser.close();
  }
  return result;
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.serve) return serve(options);

  log(`seeding ${count(options.projects)} projects; the api and the web app in a child process…`);
  const child = fork(__filename, [...process.argv.slice(2), '--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before it was ready`)));
  });
  const base = `http://127.0.0.1:${ready.port}`;
  const rand = seededRandom(options.seed);
  const ids = shuffled(ready.ids, rand);
  const places = shuffled(ready.places, rand);
  const themes = ['alimentation', 'energie', 'habitat', 'reparation', 'agriculture'];
  const explore = (i: number, api: boolean) => {
    const query = new URLSearchParams();
    if (i % 3 !== 0) query.set(api ? 'near' : 'pres', `commune:${places[i % places.length]}`);
    if (i % 2 === 0) query.set('theme', themes[i % themes.length]);
    if (i % 4 === 1) query.set('page', '2');
    if (api) query.set('perPage', '20');
    return `${api ? '/v1/projects' : '/projets'}?${query.toString()}`;
  };
  const many = (make: (i: number) => string) => Array.from({ length: 5000 }, (_, i) => make(i));
  // Each page next to the api call it stands on (the sign-up page calls none: nothing to set beside it).
  const pages = [
    { name: 'home', path: '/', paths: ['/'], api: ['/v1/projects?perPage=6'] },
    { name: 'explore', path: '/projets', paths: many((i) => explore(i, false)), api: many((i) => explore(i, true)) },
    { name: 'project', path: `/projets/${ids[0]}`, paths: ids.map((id) => `/projets/${id}`), api: ids.map((id) => `/v1/projects/${id}`) },
    { name: 'sign-up', path: '/inscription', paths: ['/inscription'], api: [] as string[] },
  ];

  const rows: string[][] = [];
  const failures: string[] = [];
  try {
    log('weighing the pages…');
    const weights = new Map<string, Awaited<ReturnType<typeof weigh>>>();
    for (const p of pages) weights.set(p.name, await weigh(base, p.path));
    log('first contentful paint under slow 3G (3 cold loads each)…');
    const paints = await firstPaints(
      base,
      pages.map((p) => p.path),
      3,
    );
    for (const p of pages) {
      log(`${p.name}: render under load, ${options.seconds} s; its api call, ${options.seconds} s`);
      await load(ready.port, p.paths, 2, options.connections);
      const rendered = await load(ready.port, p.paths, options.seconds, options.connections);
      const raw = p.api.length > 0 ? await load(ready.port, p.api, options.seconds, options.connections) : undefined;
      const w = weights.get(p.name)!;
      const fcp = paints.get(p.path)!;
      if (w.status !== 200) failures.push(`${p.name}: status ${w.status}`);
      if (w.js > JS_BUDGET_BYTES) failures.push(`${p.name}: ${(w.js / 1024).toFixed(1)} kB of JavaScript`);
      if (!(fcp <= FCP_BUDGET_MS)) failures.push(`${p.name}: first contentful paint ${fcp.toFixed(0)} ms`);
      if (rendered.non2xx > 0 || rendered.errors > 0) failures.push(`${p.name}: ${rendered.non2xx} non-2xx, ${rendered.errors} errors`);
      rows.push([
        p.name,
        `${(w.js / 1024).toFixed(1)} kB`,
        `${(w.page / 1024).toFixed(1)} kB`,
        `${fcp.toFixed(0)} ms`,
        perSecond(rendered.requests.average),
        ms(rendered.latency.p50),
        ms(rendered.latency.p99),
        raw ? perSecond(raw.requests.average) : '—',
        raw ? ms(raw.latency.p50) : '—',
        raw ? ms(raw.latency.p99) : '—',
      ]);
    }
  } finally {
    child.send('stop');
  }

  process.stdout.write(
    `\nbench:web — ${count(options.projects)} projects (in-memory read model), ${options.connections} connections, ` +
      `${options.seconds} s per workload, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}\n` +
      `budget: JavaScript ≤ ${JS_BUDGET_BYTES / 1024} kB gzipped per page; first contentful paint ≤ ${FCP_BUDGET_MS} ms ` +
      `(slow 3G: 300 ms latency, 750 kbit/s down, cold cache, 390 px; over loopback, so a real first visit adds the ` +
      `connection set-up: about 2 round trips, 600 ms, for TCP and TLS)\n\n`,
  );
  process.stdout.write(
    `${table(
      ['page', 'JS (gz)', 'page (gz)', 'FCP 3G', 'page req/s', 'page p50', 'page p99', 'api req/s', 'api p50', 'api p99'],
      rows,
    )}\n\n`,
  );
  process.stdout.write(failures.length === 0 ? 'every page within budget\n' : `over budget or failing:\n  ${failures.join('\n  ')}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
