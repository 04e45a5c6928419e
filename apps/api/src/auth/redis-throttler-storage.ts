import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/** What @nestjs/throttler 6 expects back from its storage. */
type ThrottlerStorageRecord = { totalHits: number; timeToExpire: number; isBlocked: boolean; timeToBlockExpire: number };

/*
 * One fixed window per key, atomic in Redis: count the hit (the first one starts the
 * window), and past the limit block the key for blockDuration. While blocked, hits are
 * refused without being counted. KEYS: hits, blocked; ARGV: ttl ms, limit, block ms.
 * Returns hits, ms left in the window, blocked (0/1), ms left blocked.
 */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}`;

/**
 * ThrottlerStorage on the app's Redis, so every api instance counts against the same limits
 * (the package's default storage is per process). Keys live under `<prefix>:throttle:`.
 * Times in and out follow @nestjs/throttler 6: ttl and blockDuration in ms, remaining
 * times in seconds (they become Retry-After and X-RateLimit-Reset).
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // One hash tag per key: both keys land in one slot on a Redis Cluster.
    const base = `${this.prefix}:throttle:{${throttlerName}:${key}}`;
    const [hits, ttlMs, blocked, blockMs] = (await this.redis.eval(
      INCREMENT,
      2,
      `${base}:hits`,
      `${base}:blocked`,
      Math.max(1, Math.ceil(ttl)),
      limit,
      Math.max(1, Math.ceil(blockDuration)),
    )) as [number, number, number, number];
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(ttlMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
