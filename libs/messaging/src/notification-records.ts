import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import type { DigestItem } from './notification-jobs';
import { notificationKeys, type NotificationKeys } from './notification-keys';
import { REDIS } from './redis.module';
import {
  NOTIFICATION_OUTCOME_STORE,
  type NotificationOutcome,
  type NotificationOutcomeStore,
} from './records/notification-outcome-store.port';

// Atomic so that an item added between the read and the removal keeps its member listed.
const REMOVE_DIGEST_ITEMS = `
if #ARGV > 1 then redis.call('HDEL', KEYS[1], unpack(ARGV, 2)) end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return redis.call('HLEN', KEYS[1])`;

/**
 * The persistent side of notifications. Which facts were mailed and which were completed
 * without an email live in the durable outcome store (SQLite or MongoDB, never only Redis):
 * they, not BullMQ's job ids, guarantee a fact is mailed once even if Redis comes back
 * empty or a rebuild creates a second job. The items waiting for each member's digest are
 * in Redis: if they are lost, the matcher decides their facts again (they are not settled).
 */
@Injectable()
export class NotificationRecords {
  readonly keys: NotificationKeys;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'QUEUE_PREFIX'>,
    @Inject(NOTIFICATION_OUTCOME_STORE) private readonly outcomes: NotificationOutcomeStore,
  ) {
    this.keys = notificationKeys(config.QUEUE_PREFIX);
  }

  async isSent(factId: string): Promise<boolean> {
    return (await this.outcomeOf(factId))?.status === 'sent';
  }

  /** Those of `factIds` already mailed. */
  async sentAmong(factIds: readonly string[]): Promise<Set<string>> {
    const outcomes = await this.outcomes.outcomesOf(factIds);
    return new Set(factIds.filter((id) => outcomes.get(id)?.status === 'sent'));
  }

  /** Those of `factIds` settled (sent or skipped). */
  async settledAmong(factIds: readonly string[]): Promise<Set<string>> {
    return new Set((await this.outcomes.outcomesOf(factIds)).keys());
  }

  /** `markSkipped` for many facts at once. */
  async markSkippedMany(facts: readonly { factId: string; reason: string }[]): Promise<void> {
    const at = new Date().toISOString();
    await this.outcomes.record(facts.map(({ factId, reason }) => ({ factId, outcome: { status: 'skipped', reason, at } })));
  }

  /**
   * `addDigestItem` for many items, pipelined. An item whose fact is mailed between the check
   * and the write still gets in; the digest tick leaves out items already mailed.
   */
  async addDigestItems(items: readonly { memberId: string; item: DigestItem }[]): Promise<void> {
    for (let i = 0; i < items.length; i += 1000) {
      const batch = items.slice(i, i + 1000);
      const sent = await this.sentAmong(batch.map(({ item }) => item.factId));
      const pipeline = this.redis.pipeline();
      for (const { memberId, item } of batch) {
        if (sent.has(item.factId)) continue;
        pipeline.hset(this.keys.digestItems(memberId), item.factId, JSON.stringify(item)).sadd(this.keys.digestMembers, memberId);
      }
      await pipeline.exec().then(values);
    }
  }

  /** Sent or skipped: either way the fact needs nothing more. */
  async outcomeOf(factId: string): Promise<NotificationOutcome | null> {
    return (await this.outcomes.outcomesOf([factId])).get(factId) ?? null;
  }

  /**
   * Records that the relay accepted the email of `factId`; `coveredFactIds` are the facts
   * it carried (a digest's items), recorded as sent too so they are never mailed again.
   */
  async markSent(factId: string, messageId: string, coveredFactIds: readonly string[] = []): Promise<void> {
    const at = new Date().toISOString();
    await this.outcomes.record([
      { factId, outcome: { status: 'sent', messageId, at } },
      ...coveredFactIds.map((covered) => ({ factId: covered, outcome: { status: 'sent' as const, messageId, at, via: factId } })),
    ]);
  }

  async markSkipped(factId: string, reason: string): Promise<void> {
    await this.markSkippedMany([{ factId, reason }]);
  }

  /** Queues an item for the member's next digest; false (nothing queued) if its fact was already mailed. */
  async addDigestItem(memberId: string, item: DigestItem): Promise<boolean> {
    if (await this.isSent(item.factId)) return false;
    await this.addDigestItems([{ memberId, item }]);
    return true;
  }

  /** The member's pending items, best first. */
  async pendingDigest(memberId: string): Promise<DigestItem[]> {
    const raw = await this.redis.hvals(this.keys.digestItems(memberId));
    return raw
      .map((v) => JSON.parse(v) as DigestItem)
      .sort((a, b) => b.score - a.score || a.decidedAt.localeCompare(b.decidedAt) || a.factId.localeCompare(b.factId));
  }

  /** Removes these items (those a digest job now carries); the member leaves the set once none is left. */
  async removeDigestItems(memberId: string, itemFactIds: readonly string[]): Promise<number> {
    const left = await this.redis.eval(
      REMOVE_DIGEST_ITEMS,
      2,
      this.keys.digestItems(memberId),
      this.keys.digestMembers,
      memberId,
      ...itemFactIds,
    );
    return Number(left);
  }

  /** Drops every pending item of the member (erased, or now on `never`). */
  async dropDigest(memberId: string): Promise<void> {
    await this.redis.multi().del(this.keys.digestItems(memberId)).srem(this.keys.digestMembers, memberId).exec();
  }

  /**
   * Removes, from every member's pending digest, the items `drop` selects by fact id (an
   * erased member's items in other members' digests). Reads field names only (HKEYS), never
   * the items; a member left with none leaves the set. Resolves with how many went.
   */
  async removeDigestItemsWhere(drop: (itemFactId: string, memberId: string) => boolean, batchSize = 500): Promise<number> {
    let removed = 0;
    const flush = async (members: string[]) => {
      const pipeline = this.redis.pipeline();
      for (const member of members) pipeline.hkeys(this.keys.digestItems(member));
      const fields = await pipeline.exec().then(lists);
      for (const [i, member] of members.entries()) {
        const gone = (fields[i] as string[]).filter((factId) => drop(factId, member));
        if (gone.length === 0) continue;
        await this.removeDigestItems(member, gone);
        removed += gone.length;
      }
    };
    let members: string[] = [];
    for await (const member of this.membersWithPendingDigest(batchSize)) {
      members.push(member);
      if (members.length >= batchSize) {
        await flush(members);
        members = [];
      }
    }
    if (members.length > 0) await flush(members);
    return removed;
  }

  /** Members with pending items, in batches (SSCAN: never blocks Redis on a large set). */
  async *membersWithPendingDigest(batchSize = 500): AsyncGenerator<string> {
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, members] = await this.redis.sscan(this.keys.digestMembers, cursor, 'COUNT', batchSize);
      cursor = next;
      // SSCAN may return an element twice; a digest tick must not handle a member twice.
      for (const member of members) {
        if (seen.has(member)) continue;
        seen.add(member);
        yield member;
      }
    } while (cursor !== '0');
  }
}

/** Results of a pipeline of list-valued commands (HMGET), failing on the first error. */
function lists(results: [Error | null, unknown][] | null): (string | null)[][] {
  if (!results) throw new Error('redis pipeline aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value as (string | null)[];
  });
}

/** Results of a pipeline, failing on the first command error. */
function values(results: [Error | null, unknown][] | null): (string | null)[] {
  if (!results) throw new Error('redis pipeline aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value as string | null;
  });
}
