import type { WorkerOptions } from 'bullmq';
import { emailBackoffStrategy } from '@trame/messaging';

type NestWorkerOptions = Omit<WorkerOptions, 'connection'>;

/**
 * Static worker settings (the @Processor decorator is read before configuration exists;
 * concurrency, which BullMQ lets change at run time, comes from NOTIFIER_CONCURRENCY).
 * The lock is renewed every half lockDuration while a job runs; after a crash, the jobs the
 * dead process held are back in the queue within lockDuration + stalledInterval (~25 s).
 */
export const EMAIL_WORKER_OPTIONS: NestWorkerOptions = {
  lockDuration: 15_000,
  stalledInterval: 10_000,
  // A job caught in two crashes still gets its normal attempts rather than failing outright.
  maxStalledCount: 3,
  settings: { backoffStrategy: emailBackoffStrategy },
};

export const DIGEST_WORKER_OPTIONS: NestWorkerOptions = {
  lockDuration: 60_000,
  stalledInterval: 30_000,
  maxStalledCount: 3,
};
