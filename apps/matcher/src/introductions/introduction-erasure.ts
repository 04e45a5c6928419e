import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { MemberErased } from '@trame/domain';
import type { RecordedEvent } from '@trame/event-store';
import { type IntroductionEmailJob, IntroductionRecords, QUEUES } from '@trame/messaging';
import { PURGED_JOB_STATES } from '../erasure/erasure-purger';
import type { IntroductionEmailQueue } from './introduction-reactor';

/** Pure: an introduction email goes if it names an erased person (either party or the recipient). */
export const introductionEmailNamesErased = (job: IntroductionEmailJob, erased: ReadonlySet<string>): boolean =>
  erased.has(job.holderId) || erased.has(job.memberId) || (job.recipient.kind === 'member' && erased.has(job.recipient.memberId));

/**
 * Takes pending introduction emails naming an erased member out of the queue, beside the
 * ErasurePurger's match and digest emails. A job already taken by a worker is covered at
 * send time: the notifier skips any introduction whose parties it can no longer read.
 * Timers stay: reminders and escalation of such an introduction complete without acting
 * (see IntroductionTimerProcessor), and its expiry still ends it.
 *
 * Idempotent; the MemberErased event ids already purged are recorded, so a replay of the
 * log scans nothing again.
 */
@Injectable()
export class IntroductionErasurePurger {
  private readonly logger = new Logger('IntroductionErasure');

  constructor(
    @InjectQueue(QUEUES.introductionEmail) private readonly queue: IntroductionEmailQueue,
    private readonly records: IntroductionRecords,
  ) {}

  /** Resolves with how many jobs went. */
  async purge(erasures: readonly RecordedEvent[]): Promise<number> {
    if (erasures.length === 0) return 0;
    const done = await this.records.purgedErasures(erasures.map((e) => e.eventId));
    const todo = erasures.filter((e) => !done.has(e.eventId));
    if (todo.length === 0) return 0;
    const erased = new Set(todo.map((e) => (e.data as MemberErased['data']).memberId));
    let removed = 0;
    const ids = await this.queue.getRanges([...PURGED_JOB_STATES], 0, -1);
    for (let i = 0; i < ids.length; i += 200) {
      const jobs = await Promise.all(ids.slice(i, i + 200).map((id) => this.queue.getJob(id)));
      for (const job of jobs) {
        if (!job?.id || !introductionEmailNamesErased(job.data, erased)) continue;
        // 0: taken by a worker meanwhile (it skips at send time) or already gone.
        if ((await this.queue.remove(job.id)) === 1) removed += 1;
      }
    }
    await this.records.markErasuresPurged(todo.map((e) => e.eventId));
    if (removed > 0) this.logger.log(`${todo.length} erased: ${removed} introduction emails removed`);
    return removed;
  }
}
