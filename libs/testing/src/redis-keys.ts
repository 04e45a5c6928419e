import type { Redis } from 'ioredis';

/**
 * Deletes every key under `<prefix>:` (a test's or benchmark's own queue prefix), with SCAN
 * so a large run never blocks Redis the way KEYS would.
 */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
}
