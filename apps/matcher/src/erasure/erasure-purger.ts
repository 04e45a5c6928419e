import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job, JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import type { MemberErased } from '@trame/domain';
import type { RecordedEvent } from '@trame/event-store';
import { type EmailJob, type EmailQueue, NotificationRecords, PartnerBatches, QUEUES, REDIS } from '@trame/messaging';
import { memberOfMatchFact, purgeEmailJob } from './erasure-purge';

/**
 * Email jobs an erasure must reach: everything that may still be sent. Failed jobs are kept
 * for the admin, who can retry them, so they count; completed ones (kept 7 days, never run
 * again, no contact details) and active ones (locked by a worker, which finds the erased
 * recipient's key gone) do not.
 */
export const PURGED_JOB_STATES: readonly JobType[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'failed'];

export type ErasurePurgeReport = {
  /** Erasures purged now; those already purged are only counted. */
  purged: number;
  alreadyPurged: number;
  jobsRemoved: number;
  jobsUpdated: number;
  /** Jobs that became active between the listing and their removal. */
  jobsBusy: number;
  digestItemsRemoved: number;
};

/**
 * Takes erased members out of the pending notification work in Redis: email jobs for them
 * or about them (digests for others lose those items), their own pending digest and partner
 * batches, and the items about them in other members' digests and holders' partner batches. Job payloads hold no contact details, but
 * nobody must be mailed to or about a person who asked to be forgotten.
 *
 * Cost: one read of the pending email jobs (normally near empty: the notifier drains them;
 * a backlog only builds up during an outage) and of the field names of pending digests,
 * per batch of erasures. A set of the MemberErased event ids already purged (event ids,
 * no personal data) makes a replay of the log — every boot with in-memory read models —
 * one SMISMEMBER per batch instead of a new scan, and holds whatever log the events come from.
 */
@Injectable()
export class ErasurePurger {
  private readonly logger = new Logger('Erasure');
  /** BullMQ keys are `<prefix>:<queue>:…` and no queue is named `erasure`. */
  readonly purgedKey: string;

  constructor(
    @InjectQueue(QUEUES.email) private readonly queue: EmailQueue,
    private readonly records: NotificationRecords,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'QUEUE_PREFIX'>,
    private readonly partnerBatches: PartnerBatches,
  ) {
    this.purgedKey = `${config.QUEUE_PREFIX}:erasure:purged`;
  }

  /** Idempotent: a replayed erasure is skipped, and purging twice changes nothing anyway. */
  async purge(erasures: readonly RecordedEvent[]): Promise<ErasurePurgeReport> {
    const report: ErasurePurgeReport = { purged: 0, alreadyPurged: 0, jobsRemoved: 0, jobsUpdated: 0, jobsBusy: 0, digestItemsRemoved: 0 };
    if (erasures.length === 0) return report;
    const done = await this.redis.smismember(this.purgedKey, ...erasures.map((e) => e.eventId));
    const todo = erasures.filter((_, i) => done[i] !== 1);
    report.alreadyPurged = erasures.length - todo.length;
    if (todo.length === 0) return report;

    const erased = new Set(todo.map((e) => (e.data as MemberErased['data']).memberId));
    await this.purgeEmailJobs(erased, report);
    for (const memberId of erased) await this.records.dropDigest(memberId);
    const aboutErased = (factId: string) => erased.has(memberOfMatchFact(factId) ?? '');
    report.digestItemsRemoved = await this.records.removeDigestItemsWhere(aboutErased);
    report.digestItemsRemoved += await this.partnerBatches.removeWhere(aboutErased, (holderId) => erased.has(holderId));
    // Recorded last: a crash before this line purges again on replay, which is harmless.
    await this.redis.sadd(this.purgedKey, ...todo.map((e) => e.eventId));
    report.purged = todo.length;
    this.logger.log(
      `${todo.length} erased: ${report.jobsRemoved} email jobs removed, ${report.jobsUpdated} digests trimmed, ` +
        `${report.digestItemsRemoved} digest items removed`,
    );
    if (report.jobsBusy > 0) this.logger.warn(`${report.jobsBusy} email jobs were active and could not be removed`);
    return report;
  }

  private async purgeEmailJobs(erased: ReadonlySet<string>, report: ErasurePurgeReport): Promise<void> {
    const ids = await this.queue.getRanges([...PURGED_JOB_STATES], 0, -1);
    for (let i = 0; i < ids.length; i += 200) {
      const jobs = await Promise.all(ids.slice(i, i + 200).map((id) => this.queue.getJob(id)));
      for (const job of jobs) {
        if (!job?.id) continue; // done and removed meanwhile
        const decision = purgeEmailJob(job.data, erased);
        if (decision.action === 'remove') {
          // 0: locked by a worker (now active) or already gone.
          if ((await this.queue.remove(job.id)) === 1) report.jobsRemoved += 1;
          else if (await job.isActive()) report.jobsBusy += 1;
        } else if (decision.action === 'update') {
          try {
            // BullMQ types a union payload's updateData as never: the job holds an EmailJob.
            await (job as Job<EmailJob>).updateData(decision.data);
            report.jobsUpdated += 1;
          } catch {
            // The job finished and went meanwhile: nothing left to trim.
          }
        }
      }
    }
  }
}
