import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { NotificationRecords, REDIS } from '@trame/messaging';

// One round trip: count this send and make sure the window's counter expires.
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * At most NOTIFIER_DOMAIN_RATE_LIMIT emails per recipient domain per window, across every
 * notifier process (fixed windows, Redis counters): big providers throttle or block a
 * sender that bursts. `take` answers 0 (go) or how long to wait.
 */
@Injectable()
export class DomainRateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: TrameConfig,
    private readonly records: NotificationRecords,
  ) {
    this.limit = config.NOTIFIER_DOMAIN_RATE_LIMIT;
    this.windowMs = config.NOTIFIER_DOMAIN_RATE_WINDOW_MS;
  }

  /** Counts one email to `domain` now; returns 0 if allowed, else the ms until the next window. */
  async take(domain: string, now = Date.now()): Promise<number> {
    const window = Math.floor(now / this.windowMs);
    const key = this.records.keys.domainRate(domain, window);
    const count = Number(await this.redis.eval(TAKE, 1, key, String(this.windowMs * 2)));
    if (count <= this.limit) return 0;
    // The n-th email over the limit waits n / limit windows, so a large batch to one domain
    // drains a window at a time instead of waking all at once every window; a little spread
    // so those of one window do not all wake in the same millisecond.
    const windowsAhead = Math.floor((count - 1) / this.limit);
    return (window + windowsAhead) * this.windowMs - now + Math.floor(Math.random() * Math.min(1000, this.windowMs / 10));
  }
}
