import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import {
  type DigestEmailJob,
  digestFactId,
  type DigestFrequency,
  type DigestTickJob,
  EmailEnqueuer,
  NotificationRecords,
  QUEUES,
  RedisEpochWatcher,
} from '@trame/messaging';
import { RecipientDirectory } from './recipient-directory';
import { DIGEST_WORKER_OPTIONS } from './worker-options';

export type DigestTickResult = Readonly<{ frequency: DigestFrequency; periodEnd: string; digests: number; dropped: number }>;

/** Stable scheduler ids: upserting them at every boot never creates a second schedule. */
export const digestSchedulerId = (frequency: DigestFrequency) => `digest-${frequency}`;

/**
 * A digest tick (daily or weekly): one digest email job per member whose current preference
 * is that frequency and who has pending items, then those items leave the pending set.
 * Members now on `never` (or erased) lose their pending items; members back on `instant`
 * get theirs with the next tick of either kind. Nothing pending, no email.
 *
 * A retried tick derives the same digest fact ids (member + frequency + scheduled time), so
 * the email jobs it adds again are no-ops and the items it already handed over are gone.
 */
@Processor(QUEUES.digest, DIGEST_WORKER_OPTIONS)
export class DigestProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DigestProcessor.name);

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @InjectQueue(QUEUES.digest) private readonly digestQueue: Queue<DigestTickJob>,
    private readonly records: NotificationRecords,
    private readonly recipients: RecipientDirectory,
    private readonly emails: EmailEnqueuer,
    private readonly redisEpoch: RedisEpochWatcher,
  ) {
    super();
  }

  /** Registers (or updates) the two repeatable ticks, and again whenever Redis comes back empty. */
  async onApplicationBootstrap(): Promise<void> {
    await this.schedule();
    this.redisEpoch.onEmptied(() => this.schedule());
  }

  private async schedule(): Promise<void> {
    const schedules: [DigestFrequency, string][] = [
      ['daily', this.config.DIGEST_DAILY_CRON],
      ['weekly', this.config.DIGEST_WEEKLY_CRON],
    ];
    for (const [frequency, pattern] of schedules) {
      await this.digestQueue.upsertJobScheduler(
        digestSchedulerId(frequency),
        { pattern, tz: this.config.DIGEST_TZ },
        {
          name: 'tick',
          data: { frequency },
          opts: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 200 }, removeOnFail: false },
        },
      );
    }
  }

  async process(job: Job<DigestTickJob>): Promise<DigestTickResult> {
    const { frequency } = job.data;
    // A scheduled tick's own time (prevMillis) is stable across its retries; so is an added job's timestamp.
    const periodEnd = job.data.periodEnd ?? new Date(job.opts.prevMillis ?? job.timestamp).toISOString();
    let digests = 0;
    let dropped = 0;
    for await (const memberId of this.records.membersWithPendingDigest()) {
      const recipient = await this.recipients.find(memberId);
      if (!recipient.reachable || recipient.notify === 'never') {
        await this.records.dropDigest(memberId);
        dropped += 1;
        continue;
      }
      if (recipient.notify !== frequency && recipient.notify !== 'instant') continue;
      const pending = await this.records.pendingDigest(memberId);
      const sent = await this.records.sentAmong(pending.map((i) => i.factId));
      const items = pending.filter((i) => !sent.has(i.factId));
      if (items.length > 0) {
        const factId = digestFactId(memberId, frequency, periodEnd);
        const email: DigestEmailJob = { kind: 'digest', factId, recipientId: memberId, frequency, items, periodEnd };
        await this.emails.enqueue(email);
        // On a retried tick the job may already exist with the items of the first try: those
        // are the ones handed over (items added since wait for the next tick).
        const stored = await this.emails.queue.getJob(factId);
        const carried = stored?.data.kind === 'digest' ? stored.data.items.map((i) => i.factId) : items.map((i) => i.factId);
        await this.records.removeDigestItems(memberId, [...carried, ...sent]);
        digests += 1;
      } else {
        await this.records.removeDigestItems(memberId, [...sent]);
      }
    }
    this.logger.log(`${frequency} digest tick ${periodEnd}: ${digests} digests, ${dropped} members dropped`);
    return { frequency, periodEnd, digests, dropped };
  }
}
