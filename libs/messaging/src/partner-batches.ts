import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import type { DigestItem } from './notification-jobs';
import { notificationKeys, type NotificationKeys } from './notification-keys';
import { NotificationRecords } from './notification-records';
import { REDIS } from './redis.module';

// Adds items to the batch of a holder's project and opens its window at ARGV[1] unless one is
// open; answers the open window's start. Atomic with the close below: an item is either in the
// batch a closing window hands over, or left for the next window, never lost between them.
const ADD = `
redis.call('SET', KEYS[2], ARGV[1], 'NX')
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('SADD', KEYS[3], ARGV[2])
return redis.call('GET', KEYS[2])`;

// Removes the items a window's email carried. Nothing left: no window is open any more.
// Items left (they came while the email was being sent): the window that closes (ARGV[1]),
// or a lost one, gives way to a new one opened at ARGV[2]; a newer window stays as it is.
// Answers the start of the window now open, or false. Running it again changes nothing.
const CLOSE = `
if #ARGV > 3 then redis.call('HDEL', KEYS[1], unpack(ARGV, 4)) end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
  redis.call('SREM', KEYS[3], ARGV[3])
  return false
end
local open = redis.call('GET', KEYS[2])
if (not open) or open == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  return ARGV[2]
end
return open`;

/**
 * The new partners of each holder's project waiting for their batch email (holders on
 * `instant`, `HOLDER_BATCH_WINDOW_SECONDS` > 0). Per (holder, project): a hash of items by
 * fact id and the start of the open window, from which the batch job's id derives. Like
 * digest items, they live in Redis only: facts are settled when the email is recorded as
 * sent, so if Redis loses them, the matcher decides those facts again.
 */
@Injectable()
export class PartnerBatches {
  readonly keys: NotificationKeys;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'QUEUE_PREFIX'>,
    private readonly records: NotificationRecords,
  ) {
    this.keys = notificationKeys(config.QUEUE_PREFIX);
  }

  /**
   * Adds new partners to the batch of `holderId`'s project (those already mailed are left out)
   * and resolves with the start of its open window (`now` if none was open), or null if
   * nothing was added.
   */
  async add(holderId: string, projectId: string, items: readonly DigestItem[], now: Date): Promise<string | null> {
    const sent = await this.records.sentAmong(items.map((i) => i.factId));
    const fresh = items.filter((i) => !sent.has(i.factId));
    if (fresh.length === 0) return null;
    const start = await this.redis.eval(
      ADD,
      3,
      this.keys.partnerItems(holderId, projectId),
      this.keys.partnerWindow(holderId, projectId),
      this.keys.partnerBatches,
      now.toISOString(),
      batchMember(holderId, projectId),
      ...fresh.flatMap((i) => [i.factId, JSON.stringify(i)]),
    );
    return String(start);
  }

  /** The partners waiting in the batch, best first, without those already mailed. */
  async pending(holderId: string, projectId: string): Promise<DigestItem[]> {
    const raw = await this.redis.hvals(this.keys.partnerItems(holderId, projectId));
    const items = raw.map((v) => JSON.parse(v) as DigestItem);
    const sent = await this.records.sentAmong(items.map((i) => i.factId));
    return items
      .filter((i) => !sent.has(i.factId))
      .sort((a, b) => b.score - a.score || a.decidedAt.localeCompare(b.decidedAt) || a.factId.localeCompare(b.factId));
  }

  /** The start of the open window, if any. */
  async openWindow(holderId: string, projectId: string): Promise<string | null> {
    return this.redis.get(this.keys.partnerWindow(holderId, projectId));
  }

  /**
   * Once the window starting at `windowStart` is settled: its items leave the batch, and the
   * start of the window still open for the items left (a new one at `now`) is the answer, or
   * null. Idempotent, so a retried job may run it again.
   */
  async close(holderId: string, projectId: string, windowStart: string, carried: readonly string[], now: Date): Promise<string | null> {
    const open = await this.redis.eval(
      CLOSE,
      3,
      this.keys.partnerItems(holderId, projectId),
      this.keys.partnerWindow(holderId, projectId),
      this.keys.partnerBatches,
      windowStart,
      now.toISOString(),
      batchMember(holderId, projectId),
      ...carried,
    );
    return typeof open === 'string' ? open : null;
  }

  /**
   * Erasure: removes the items `drop` selects by fact id from every batch (the window stays
   * open: its job sends what is left, or nothing), and the whole batch of a holder `dropHolder`
   * selects. Reads field names only. Resolves with how many items went.
   */
  async removeWhere(drop: (itemFactId: string) => boolean, dropHolder: (holderId: string) => boolean): Promise<number> {
    let removed = 0;
    let cursor = '0';
    const seen = new Set<string>();
    do {
      const [next, members] = await this.redis.sscan(this.keys.partnerBatches, cursor, 'COUNT', 500);
      cursor = next;
      for (const member of members) {
        if (seen.has(member)) continue;
        seen.add(member);
        const [holderId, projectId] = member.split('.') as [string, string];
        const itemsKey = this.keys.partnerItems(holderId, projectId);
        if (dropHolder(holderId)) {
          removed += await this.redis.hlen(itemsKey);
          await this.redis
            .multi()
            .del(itemsKey)
            .del(this.keys.partnerWindow(holderId, projectId))
            .srem(this.keys.partnerBatches, member)
            .exec();
          continue;
        }
        const gone = (await this.redis.hkeys(itemsKey)).filter(drop);
        if (gone.length === 0) continue;
        await this.redis.hdel(itemsKey, ...gone);
        removed += gone.length;
      }
    } while (cursor !== '0');
    return removed;
  }
}

const batchMember = (holderId: string, projectId: string) => `${holderId}.${projectId}`;
