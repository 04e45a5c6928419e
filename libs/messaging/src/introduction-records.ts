import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { REDIS } from './redis.module';

/**
 * Redis keys of the introduction side effects, under `<prefix>:intro:…` (no queue is named
 * `intro`, so BullMQ's `<prefix>:<queue>:…` keys never collide).
 */
export const introductionKeys = (prefix: string) => {
  const base = `${prefix}:intro`;
  return {
    /** Hash introductionId → last stream revision whose effects (emails, timers) were planned. No TTL. */
    reacted: `${base}:reacted`,
    /** Set of MemberErased event ids whose pending introduction emails were purged. */
    erasurePurged: `${base}:erasure:purged`,
  } as const;
};

/**
 * What the matcher has already done about each introduction: the revision up to which its
 * events were reacted to. A restart, a catch-up or a rebuild re-reading old events finds
 * them recorded and plans nothing again (no email, no timer), in one HMGET per batch.
 * Emails stay guarded by the notification sent records too (`NotificationRecords`).
 */
@Injectable()
export class IntroductionRecords {
  readonly keys: ReturnType<typeof introductionKeys>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'QUEUE_PREFIX'>,
  ) {
    this.keys = introductionKeys(config.QUEUE_PREFIX);
  }

  /** The last revision reacted to, per introduction (-1: none yet). */
  async reactedRevisions(introductionIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < introductionIds.length; i += 1000) {
      const batch = introductionIds.slice(i, i + 1000);
      const found = await this.redis.hmget(this.keys.reacted, ...batch);
      batch.forEach((id, j) => out.set(id, found[j] === null || found[j] === undefined ? -1 : Number(found[j])));
    }
    return out;
  }

  /** Records revisions reacted to; never moves one backwards (two matchers, or a late write). */
  async markReacted(revisions: ReadonlyMap<string, number>): Promise<void> {
    if (revisions.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [id, revision] of revisions) pipeline.eval(MARK_REACTED, 1, this.keys.reacted, id, String(revision));
    const results = await pipeline.exec();
    for (const [error] of results ?? []) if (error) throw error;
  }

  /** Those of `eventIds` (MemberErased) already purged. */
  async purgedErasures(eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const done = await this.redis.smismember(this.keys.erasurePurged, ...eventIds);
    return new Set(eventIds.filter((_, i) => done[i] === 1));
  }

  async markErasuresPurged(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length > 0) await this.redis.sadd(this.keys.erasurePurged, ...eventIds);
  }
}

const MARK_REACTED = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1`;
