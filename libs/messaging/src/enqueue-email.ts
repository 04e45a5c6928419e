import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { emailJobOptions, emailRetryPolicy, type EmailRetryPolicy } from './email-retry';
import type { EmailJob } from './notification-jobs';
import { QUEUES } from './queues';

export type EmailQueue = Queue<EmailJob, EmailJobResult, EmailJob['kind']>;

/** What an email job returns (kept with the completed job, visible in bull-board). */
export type EmailJobResult =
  | Readonly<{ status: 'sent'; messageId: string }>
  | Readonly<{ status: 'already-done'; outcome: 'sent' | 'skipped' }>
  | Readonly<{ status: 'skipped'; reason: string }>;

/**
 * Adds an email job whose BullMQ id is its fact id: while the job is kept (7 days once
 * completed, forever once failed), adding the same fact again is a no-op; after that the
 * sent records make the processor skip it.
 */
export function enqueueEmail(queue: EmailQueue, job: EmailJob, retry: EmailRetryPolicy): Promise<Job<EmailJob, EmailJobResult>> {
  return queue.add(job.kind, job, emailJobOptions(job.factId, retry));
}

/** `enqueueEmail` with the configured retry policy, for Nest callers (matcher, digest tick). */
@Injectable()
export class EmailEnqueuer {
  private readonly retry: EmailRetryPolicy;

  constructor(
    @InjectQueue(QUEUES.email) readonly queue: EmailQueue,
    @Inject(TRAME_CONFIG) config: TrameConfig,
  ) {
    this.retry = emailRetryPolicy(config);
  }

  enqueue(job: EmailJob): Promise<Job<EmailJob, EmailJobResult>> {
    return enqueueEmail(this.queue, job, this.retry);
  }

  /** `enqueue`, run in `delayMs` at the earliest (a partner batch, when its window closes). */
  enqueueDelayed(job: EmailJob, delayMs: number): Promise<Job<EmailJob, EmailJobResult>> {
    return this.queue.add(job.kind, job, { ...emailJobOptions(job.factId, this.retry), delay: Math.max(0, delayMs) });
  }

  /** Many jobs in one round trip (same ids and options as `enqueue`). */
  async enqueueMany(jobs: readonly EmailJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 500) {
      await this.queue.addBulk(
        jobs.slice(i, i + 500).map((job) => ({ name: job.kind, data: job, opts: emailJobOptions(job.factId, this.retry) })),
      );
    }
  }
}
