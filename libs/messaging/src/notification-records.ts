import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import type { DigestItem } from './notification-jobs';
import { notificationKeys, type NotificationKeys } from './notification-keys';
import { REDIS } from './redis.module';

export type SentRecord = Readonly<{ messageId: string; at: string; /** digest fact that carried this item */ via?: string }>;
export type SkippedRecord = Readonly<{ reason: string; at: string }>;
export type NotificationOutcome = ({ status: 'sent' } & SentRecord) | ({ status: 'skipped' } & SkippedRecord);

// Atomic so that an item whose fact was mailed meanwhile is never queued again.
const ADD_DIGEST_ITEM = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[2])
return 1`;

// Atomic so that an item added between the read and the removal keeps its member listed.
const REMOVE_DIGEST_ITEMS = `
if #ARGV > 1 then redis.call('HDEL', KEYS[1], unpack(ARGV, 2)) end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return redis.call('HLEN', KEYS[1])`;

/**
 * The persistent side of notifications, in Redis (AOF in production): which facts were
 * mailed (never expires: this, not BullMQ's job ids, guarantees a fact is mailed once even
 * if a rebuild creates a second job), which were completed without an email, and the items
 * waiting for each member's digest.
 */
@Injectable()
export class NotificationRecords {
  readonly keys: NotificationKeys;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'QUEUE_PREFIX'>,
  ) {
    this.keys = notificationKeys(config.QUEUE_PREFIX);
  }

  async isSent(factId: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.sent, factId)) === 1;
  }

  /** Those of `factIds` already mailed. */
  async sentAmong(factIds: readonly string[]): Promise<Set<string>> {
    if (factIds.length === 0) return new Set();
    const found = await this.redis.hmget(this.keys.sent, ...factIds);
    return new Set(factIds.filter((_, i) => found[i] !== null));
  }

  /** Those of `factIds` settled (sent or skipped), in one round trip per batch. */
  async settledAmong(factIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < factIds.length; i += 1000) {
      const batch = factIds.slice(i, i + 1000);
      const [sent, skipped] = await this.redis
        .pipeline()
        .hmget(this.keys.sent, ...batch)
        .hmget(this.keys.skipped, ...batch)
        .exec()
        .then(lists);
      batch.forEach((id, j) => {
        if (sent[j] !== null || skipped[j] !== null) out.add(id);
      });
    }
    return out;
  }

  /** `markSkipped` for many facts in one round trip. */
  async markSkippedMany(facts: readonly { factId: string; reason: string }[]): Promise<void> {
    const at = new Date().toISOString();
    for (let i = 0; i < facts.length; i += 1000) {
      const fields = facts.slice(i, i + 1000).flatMap((f) => [f.factId, JSON.stringify({ reason: f.reason, at })]);
      await this.redis.hset(this.keys.skipped, ...fields);
    }
  }

  /** `addDigestItem` for many items, pipelined. */
  async addDigestItems(items: readonly { memberId: string; item: DigestItem }[]): Promise<void> {
    for (let i = 0; i < items.length; i += 1000) {
      const pipeline = this.redis.pipeline();
      for (const { memberId, item } of items.slice(i, i + 1000)) {
        pipeline.eval(
          ADD_DIGEST_ITEM,
          3,
          this.keys.sent,
          this.keys.digestItems(memberId),
          this.keys.digestMembers,
          item.factId,
          memberId,
          JSON.stringify(item),
        );
      }
      await pipeline.exec().then(values);
    }
  }

  /** Sent or skipped: either way the fact needs nothing more. */
  async outcomeOf(factId: string): Promise<NotificationOutcome | null> {
    const [sent, skipped] = await this.redis.pipeline().hget(this.keys.sent, factId).hget(this.keys.skipped, factId).exec().then(values);
    if (sent) return { status: 'sent', ...(JSON.parse(sent) as SentRecord) };
    if (skipped) return { status: 'skipped', ...(JSON.parse(skipped) as SkippedRecord) };
    return null;
  }

  /**
   * Records that the relay accepted the email of `factId`; `coveredFactIds` are the facts
   * it carried (a digest's items), recorded as sent too so they are never mailed again.
   */
  async markSent(factId: string, messageId: string, coveredFactIds: readonly string[] = []): Promise<void> {
    const at = new Date().toISOString();
    const fields: string[] = [factId, JSON.stringify({ messageId, at })];
    for (const covered of coveredFactIds) fields.push(covered, JSON.stringify({ messageId, at, via: factId }));
    await this.redis.hset(this.keys.sent, ...fields);
  }

  async markSkipped(factId: string, reason: string): Promise<void> {
    await this.redis.hset(this.keys.skipped, factId, JSON.stringify({ reason, at: new Date().toISOString() }));
  }

  /** Queues an item for the member's next digest; false (nothing queued) if its fact was already mailed. */
  async addDigestItem(memberId: string, item: DigestItem): Promise<boolean> {
    const added = await this.redis.eval(
      ADD_DIGEST_ITEM,
      3,
      this.keys.sent,
      this.keys.digestItems(memberId),
      this.keys.digestMembers,
      item.factId,
      memberId,
      JSON.stringify(item),
    );
    return added === 1;
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
