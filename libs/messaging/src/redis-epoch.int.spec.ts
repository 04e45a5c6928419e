import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteRedisKeys } from '@trame/testing';
import { RedisEpochWatcher } from './redis-epoch';

describe('RedisEpochWatcher (real Redis, unique prefix)', () => {
  const prefix = `test-epoch-${randomUUID()}`;
  let redis: Redis;
  const watchers: RedisEpochWatcher[] = [];
  const watcher = async () => {
    const w = new RedisEpochWatcher(redis, { QUEUE_PREFIX: prefix });
    await w.onApplicationBootstrap();
    watchers.push(w);
    return w;
  };

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    for (const w of watchers) w.onApplicationShutdown();
    await deleteRedisKeys(redis, prefix);
    await redis.quit();
  });

  it('tells every process once when Redis lost its marker, whichever noticed first, and stays quiet otherwise', async () => {
    const [a, b] = [await watcher(), await watcher()];
    const told = { a: 0, b: 0 };
    a.onEmptied(async () => void (told.a += 1));
    b.onEmptied(async () => void (told.b += 1));
    await Promise.all([a.check(), b.check()]);
    expect(told).toEqual({ a: 0, b: 0 }); // both adopted the same marker at start

    await redis.del(`${prefix}:epoch`); // what FLUSHALL or an empty failover does to it
    await a.check(); // a notices it gone and writes a new one…
    await b.check(); // …b notices the marker changed
    await Promise.all([a.check(), b.check()]);
    expect(told).toEqual({ a: 1, b: 1 });
  });

  it('runs the next listener when one fails', async () => {
    const w = await watcher();
    const ran: string[] = [];
    w.onEmptied(async () => {
      throw new Error('boom');
    });
    w.onEmptied(async () => void ran.push('second'));
    await redis.del(`${prefix}:epoch`);
    await w.check();
    expect(ran).toEqual(['second']);
  });
});
