import { deleteRedisKeys } from '@trame/testing';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { TrameConfig } from '@trame/config';
import { NotificationRecords } from '@trame/messaging';
import { DomainRateLimiter, domainOf } from './domain-rate-limiter';

describe('DomainRateLimiter (real Redis)', () => {
  const prefix = `test-rate-${randomUUID()}`;
  let redis: Redis;
  let limiter: DomainRateLimiter;
  const WINDOW = 10_000;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const config = { QUEUE_PREFIX: prefix, NOTIFIER_DOMAIN_RATE_LIMIT: 2, NOTIFIER_DOMAIN_RATE_WINDOW_MS: WINDOW } as TrameConfig;
    limiter = new DomainRateLimiter(redis, config, new NotificationRecords(redis, config));
  });
  afterAll(async () => {
    await deleteRedisKeys(redis, prefix);
    await redis.quit();
  });

  it('lets N per window through and queues the rest a window at a time, per domain', async () => {
    const start = 1_700_000_000_000; // a window boundary
    const at = start + 2_500;
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await limiter.take('busy.example', at));
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    const windowsAhead = waits.slice(2).map((w) => Math.floor((at + w - start) / WINDOW));
    expect(windowsAhead).toEqual([1, 1, 2]);
    expect(await limiter.take('quiet.example', at)).toBe(0); // other domains are not held back
    expect(await limiter.take('busy.example', start + WINDOW)).toBe(0); // the next window starts afresh
    expect(await redis.pttl(`${prefix}:notify:rate:busy.example:${start / WINDOW}`)).toBeGreaterThan(0); // counters expire
  });

  it('takes the domain of an address, case-insensitively', () => {
    expect(domainOf('Camille@Example.ORG')).toBe('example.org');
  });
});
