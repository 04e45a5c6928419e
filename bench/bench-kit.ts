import { getHeapStatistics } from 'node:v8';

/**
 * Small measuring tools shared by the benchmarks: clock, percentiles, memory sampling,
 * seeded randomness and a plain-text table. No dependency, nothing global but `gc`.
 */

export const now = (): number => performance.now();

/** Times a synchronous function; returns its result and the milliseconds it took. */
export const timed = <T>(fn: () => T): { result: T; ms: number } => {
  const start = now();
  const result = fn();
  return { result, ms: now() - start };
};

/** Nearest-rank percentile of already sorted values (p in 0–100). */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
};

export type Distribution = { count: number; p50: number; p99: number; mean: number; max: number };

export const distribution = (values: readonly number[]): Distribution => {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length > 0 ? sum / sorted.length : NaN,
    max: sorted.length > 0 ? sorted[sorted.length - 1] : NaN,
  };
};

/** Runs a full collection when node was started with --expose-gc (else does nothing). */
export const collectGarbage = (): boolean => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
};

/**
 * `used`: the JS heap plus array buffers (typed arrays' data lives outside the heap, and
 * the matching engine keeps its pairs there: heap alone would hide most of it).
 */
export type MemoryPeak = { rss: number; used: number };

/** Heap used plus array buffers (see `MemoryPeak`). */
export const usedMemory = (m: NodeJS.MemoryUsage = process.memoryUsage()): number => m.heapUsed + m.arrayBuffers;

/**
 * Peak memory of a phase. Synchronous loops never let a timer fire, so callers sample
 * explicitly (outside their timed sections); `sample` is cheap enough to call every few
 * hundred operations.
 */
export class MemoryProbe {
  private peak: MemoryPeak = { rss: 0, used: 0 };

  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peak.rss) this.peak.rss = m.rss;
    if (usedMemory(m) > this.peak.used) this.peak.used = usedMemory(m);
  }

  get value(): MemoryPeak {
    return { ...this.peak };
  }
}

/**
 * Throws once the heap is nearly full even after a collection: a clear failure with
 * progress in the message, instead of minutes of GC thrashing and a V8 abort.
 */
export const assertHeapHeadroom = (where: () => string, share = 0.85): void => {
  const limit = getHeapStatistics().heap_size_limit;
  if (process.memoryUsage().heapUsed < share * limit) return;
  collectGarbage();
  const used = process.memoryUsage().heapUsed;
  if (used < share * limit) return;
  throw new Error(`heap nearly full (${mb(used)} used of a ${mb(limit)} limit) ${where()}`);
};

/** Heap and array buffers used after a full collection: what the live structures retain. */
export const retainedMemory = (): number => {
  collectGarbage();
  return usedMemory();
};

/** mulberry32: seeded, so two runs pick the same samples. */
export const seededRandom = (seed: number): (() => number) => {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** `count` items drawn with replacement. */
export const sampleOf = <T>(items: readonly T[], count: number, rand: () => number): T[] =>
  items.length === 0 ? [] : Array.from({ length: count }, () => items[Math.floor(rand() * items.length)]);

/** `count` distinct items (all of them if there are fewer). */
export const distinctSampleOf = <T>(items: readonly T[], count: number, rand: () => number): T[] => shuffled(items, rand).slice(0, count);

export const shuffled = <T>(items: readonly T[], rand: () => number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Milliseconds with three significant digits (µs below 1 ms). */
export const ms = (value: number): string => {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 1) return `${(value * 1000).toPrecision(3)} µs`;
  if (value < 1000) return `${value.toPrecision(3)} ms`;
  if (value < 1_000_000) return `${(value / 1000).toPrecision(3)} s`;
  return `${Math.round(value / 1000).toLocaleString('en-US')} s (${(value / 60_000).toFixed(0)} min)`;
};

export const perSecond = (value: number): string => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')}/s` : 'n/a');

export const count = (value: number): string => value.toLocaleString('en-US');

/** Plain-text table, columns padded to their widest cell. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
};
