import type { JobsOptions, MinimalJob } from 'bullmq';

/** Custom backoff type of email jobs; the notifier's workers register the strategy below. */
export const EMAIL_BACKOFF_TYPE = 'exponential-jitter';

/** No single wait beyond this, however many attempts are configured. */
export const MAX_EMAIL_BACKOFF_MS = 30 * 60_000;

/** Completed email jobs are kept this long (the sent records, not these, prevent re-sending). */
export const COMPLETED_EMAIL_JOB_AGE_S = 7 * 24 * 3600;

export type EmailRetryPolicy = Readonly<{ attempts: number; backoffDelayMs: number }>;

export const emailRetryPolicy = (config: { NOTIFIER_ATTEMPTS: number; NOTIFIER_BACKOFF_MS: number }): EmailRetryPolicy => ({
  attempts: config.NOTIFIER_ATTEMPTS,
  backoffDelayMs: config.NOTIFIER_BACKOFF_MS,
});

/**
 * "Equal jitter": half of the exponential delay for sure, the other half at random. The
 * sure half keeps the total wait predictable (so N attempts outlast an outage of known
 * length); the random half spreads retries of a batch that failed together.
 */
export const jitteredExponentialDelay = (attemptsMade: number, baseMs: number, random: () => number = Math.random): number => {
  const exponential = Math.min(MAX_EMAIL_BACKOFF_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
};

/**
 * BullMQ `settings.backoffStrategy` for the email workers. The base delay travels in the
 * job's own `backoff.delay`, so the strategy needs no configuration of its own.
 */
export const emailBackoffStrategy = (attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob): number => {
  if (type !== EMAIL_BACKOFF_TYPE) return -1; // unknown type: BullMQ then fails the job instead of retrying blindly
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'object' && backoff.delay ? backoff.delay : 1000;
  return jitteredExponentialDelay(attemptsMade, base);
};

/** Options of every email job: id = fact id (dedupe), retries, failed jobs kept for the admin. */
export const emailJobOptions = (factId: string, retry: EmailRetryPolicy): JobsOptions => ({
  jobId: factId,
  attempts: retry.attempts,
  backoff: { type: EMAIL_BACKOFF_TYPE, delay: retry.backoffDelayMs },
  removeOnComplete: { age: COMPLETED_EMAIL_JOB_AGE_S },
  removeOnFail: false,
});
