import type { JobsOptions } from 'bullmq';
import { EMAIL_BACKOFF_TYPE, type EmailRetryPolicy } from './email-retry';

/**
 * One confirmation email (double opt-in). Like a sign-in email, the payload holds neither
 * the address nor a usable secret: the notifier reads the member's sealed contact at send
 * time and derives the link's token and the 6-digit code again from `requestId` under the
 * link secret (`confirmationToken`, `confirmationCode` in libs/mail).
 */
export type ConfirmationEmailJob = Readonly<{
  kind: 'confirmation';
  factId: string;
  /** 256 random bits (base64url), chosen by the api for this request. */
  requestId: string;
  memberId: string;
  requestedAt: string;
  /** After this instant the link and code no longer work: the email is not sent any more. */
  expiresAt: string;
}>;

export const confirmationFactId = (requestId: string): string => `confirmation.${requestId}`;

/** Retries like other emails; nothing kept once sent, failures for a day (as sign-in emails). */
export const confirmationJobOptions = (factId: string, retry: EmailRetryPolicy): JobsOptions => ({
  jobId: factId,
  attempts: retry.attempts,
  backoff: { type: EMAIL_BACKOFF_TYPE, delay: retry.backoffDelayMs },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
});

/** The timer planned at registration: erase the member if still unconfirmed when it falls due. */
export type UnconfirmedErasureJob = Readonly<{
  memberId: string;
  /** registeredAt + MEMBER_CONFIRMATION_SECONDS, as planned; the decider has the last word. */
  dueAt: string;
}>;

export type UnconfirmedErasureJobResult =
  | Readonly<{ status: 'erased' }>
  /** Confirmed, erased or unknown meanwhile: nothing to do. */
  | Readonly<{ status: 'obsolete'; reason: string }>;

/** One job per member: planning again (a replay, Redis coming back empty) adds nothing while it exists. */
export const unconfirmedErasureJobId = (memberId: string): string => `${memberId}.erase-unconfirmed`;

export const unconfirmedErasureJobOptions = (job: UnconfirmedErasureJob, now: Date): JobsOptions => ({
  jobId: unconfirmedErasureJobId(job.memberId),
  delay: Math.max(0, Date.parse(job.dueAt) - now.getTime()),
  // A failed run (event store or Redis unreachable) is retried; the command is idempotent.
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: false,
});
