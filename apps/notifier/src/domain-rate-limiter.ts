import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { NotificationRecords, REDIS } from '@trame/messaging';

/**
 * Which emails go first when a domain is busy: `transactional` (sign-in links, introduction
 * steps: someone is waiting for them) before `bulk` (match emails and digests).
 */
export type EmailLane = 'transactional' | 'bulk';

// One round trip: count this take in its lane, read the other lane's count, and make sure
// both window counters expire. Returns {this lane's count, the other lane's count}.
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local other = tonumber(redis.call('GET', KEYS[2]) or '0')
return {n, other}`;

export const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * At most NOTIFIER_DOMAIN_RATE_LIMIT emails per recipient domain per window, across every
 * notifier process (fixed windows, Redis counters): big providers throttle or block a
 * sender that bursts. `take` answers 0 (go) or how long to wait.
 *
 * Two lanes share the limit. Bulk emails never take the last `reserve` slots of a window
 * (a fifth of the limit), and a bulk backlog's place in line is counted in its own lane, so
 * 1,000 match emails waiting for a domain do not push a sign-in link 1,000 places back:
 * transactional emails use every slot bulk left, the reserve at least.
 */
@Injectable()
export class DomainRateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  /** Slots per window that bulk emails leave to transactional ones (none when the limit is 1). */
  readonly reserve: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: TrameConfig,
    private readonly records: NotificationRecords,
  ) {
    this.limit = config.NOTIFIER_DOMAIN_RATE_LIMIT;
    this.windowMs = config.NOTIFIER_DOMAIN_RATE_WINDOW_MS;
    this.reserve = this.limit > 1 ? Math.max(1, Math.floor(this.limit / 5)) : 0;
  }

  /** Counts one email to `domain` now; returns 0 if allowed, else the ms until its window. */
  async take(domain: string, lane: EmailLane = 'bulk', now = Date.now()): Promise<number> {
    const window = Math.floor(now / this.windowMs);
    const other: EmailLane = lane === 'bulk' ? 'transactional' : 'bulk';
    const key = (l: EmailLane) => this.records.keys.domainRate(l === 'bulk' ? domain : `${domain}:${l}`, window);
    const [count, otherCount] = (await this.redis.eval(TAKE, 2, key(lane), key(other), String(this.windowMs * 2))) as [number, number];
    const bulkCap = this.limit - this.reserve;
    // What the other lane actually sends this window (its count also holds those told to wait).
    const otherSends = lane === 'bulk' ? otherCount : Math.min(otherCount, bulkCap);
    const cap = lane === 'bulk' ? bulkCap : this.limit;
    if (count <= cap && count + otherSends <= this.limit) return 0;
    // The n-th email over the limit waits n / (its lane's share) windows, so a large batch to
    // one domain drains a window at a time instead of waking all at once every window; a
    // little spread so those of one window do not all wake in the same millisecond.
    const windowsAhead = Math.max(1, Math.floor((count - 1) / cap));
    return (window + windowsAhead) * this.windowMs - now + Math.floor(Math.random() * Math.min(1000, this.windowMs / 10));
  }
}
