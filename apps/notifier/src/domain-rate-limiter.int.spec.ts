import { deleteRedisKeys } from '@trame/testing';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { TrameConfig } from '@trame/config';
import { NotificationRecords, SqliteNotificationOutcomeStore } from '@trame/messaging';
import { DomainRateLimiter, domainOf } from './domain-rate-limiter';

describe('DomainRateLimiter (real Redis)', () => {
  const prefix = `test-rate-${randomUUID()}`;
  let redis: Redis;
  let limiter: DomainRateLimiter;
  const WINDOW = 10_000;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const config = { QUEUE_PREFIX: prefix, NOTIFIER_DOMAIN_RATE_LIMIT: 5, NOTIFIER_DOMAIN_RATE_WINDOW_MS: WINDOW } as TrameConfig;
    limiter = new DomainRateLimiter(redis, config, new NotificationRecords(redis, config, new SqliteNotificationOutcomeStore(':memory:')));
  });
  afterAll(async () => {
    await deleteRedisKeys(redis, prefix);
    await redis.quit();
  });

  it('lets N per window through and queues the rest a window at a time, per domain', async () => {
    const start = 1_700_000_000_000; // a window boundary
    const at = start + 2_500;
    const waits = [];
    for (let i = 0; i < 7; i++) waits.push(await limiter.take('busy.example', 'transactional', at));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    const windowsAhead = waits.slice(5).map((w) => Math.floor((at + w - start) / WINDOW));
    expect(windowsAhead).toEqual([1, 1]);
    expect(await limiter.take('quiet.example', 'bulk', at)).toBe(0); // other domains are not held back
    expect(await limiter.take('busy.example', 'transactional', start + WINDOW)).toBe(0); // the next window starts afresh
    expect(await redis.pttl(`${prefix}:notify:rate:busy.example:transactional:${start / WINDOW}`)).toBeGreaterThan(0); // counters expire
  });

  it('leaves a fifth of each window to transactional emails, however long the bulk backlog', async () => {
    const start = 1_700_000_100_000;
    const at = start + 1_000;
    const bulk = [];
    for (let i = 0; i < 100; i++) bulk.push(await limiter.take('backlog.example', 'bulk', at));
    expect(bulk.filter((w) => w === 0)).toHaveLength(4); // limit 5, one slot reserved
    // The backlog queues a window at a time, 4 per window, in its own lane...
    expect(Math.floor((at + bulk[99] - start) / WINDOW)).toBe(24);
    // ...and a sign-in link still goes in this window, then the next one waits a window, not 24.
    expect(await limiter.take('backlog.example', 'transactional', at)).toBe(0);
    const next = await limiter.take('backlog.example', 'transactional', at);
    expect(Math.floor((at + next - start) / WINDOW)).toBe(1);
  });

  it('gives bulk emails what transactional ones left, never more than the limit in all', async () => {
    const start = 1_700_000_200_000;
    const at = start + 1_000;
    for (let i = 0; i < 3; i++) expect(await limiter.take('mixed.example', 'transactional', at)).toBe(0);
    const bulk = [];
    for (let i = 0; i < 4; i++) bulk.push(await limiter.take('mixed.example', 'bulk', at));
    expect(bulk.filter((w) => w === 0)).toHaveLength(2);
  });

  it('takes the domain of an address, case-insensitively', () => {
    expect(domainOf('Camille@Example.ORG')).toBe('example.org');
  });
});
