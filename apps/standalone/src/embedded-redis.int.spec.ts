import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { ensureEmbeddedRedis, redisAnswers } from './embedded-redis';

/** A port nothing listens on, standing for "no Redis on the default address". */
const unusedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('npm start without a running Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-embedded-redis-'));
  const started: string[] = [];
  afterAll(async () => {
    for (const url of started) {
      // The server closes the connection as it goes: no reconnection, no retry.
      const redis = new Redis(url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
      await redis.shutdown('NOSAVE').catch(() => undefined);
      redis.disconnect();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves an explicit REDIS_URL and an answering default alone', async () => {
    expect(await ensureEmbeddedRedis({ REDIS_URL: 'redis://example:6379', PATH: process.env.PATH }, dataDir, () => {})).toBeUndefined();
    const defaultRedis = new URL(process.env.REDIS_URL!);
    expect(await ensureEmbeddedRedis({ PATH: process.env.PATH }, dataDir, () => {}, Number(defaultRedis.port || 6379))).toBeUndefined();
  });

  it('starts a redis-server that keeps its files under DATA_DIR, and reuses it after a kill', async () => {
    const lines: string[] = [];
    const url = await ensureEmbeddedRedis({ PATH: process.env.PATH }, dataDir, (l) => lines.push(l), await unusedPort());
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    started.push(url!);
    const port = Number(new URL(url!).port);
    expect(await redisAnswers(port)).toBe(true);
    expect(readFileSync(join(dataDir, 'redis', 'port'), 'utf8')).toBe(String(port));
    const redis = new Redis(url!);
    expect(await redis.config('GET', 'dir')).toEqual(['dir', join(dataDir, 'redis')]);
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    redis.disconnect();
    expect(lines.join('\n')).toContain(`started redis-server on 127.0.0.1:${port}`);

    // A start after `npm start` was killed finds the same server instead of a second one on the same files.
    expect(await ensureEmbeddedRedis({ PATH: process.env.PATH }, dataDir, () => {}, await unusedPort())).toBe(url);
  });

  it('leaves the default alone when redis-server is not installed', async () => {
    expect(await ensureEmbeddedRedis({ PATH: '/nonexistent' }, join(dataDir, 'other'), () => {}, await unusedPort())).toBeUndefined();
  });
});
