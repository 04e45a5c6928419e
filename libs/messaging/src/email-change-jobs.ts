import type { JobsOptions } from 'bullmq';
import { EMAIL_BACKOFF_TYPE, type EmailRetryPolicy } from './email-retry';

/**
 * One "change my email" link, to the new address. As for confirmations, the payload holds
 * neither the address nor a usable secret: the notifier reads the pending address, sealed,
 * from the member's stream (the request `changeId` names), and derives the link's token and
 * the code again from `requestId` under the link secret (`emailChangeToken` in libs/mail).
 */
export type EmailChangeJob = Readonly<{
  kind: 'email-change';
  factId: string;
  /** 256 random bits (base64url), chosen by the api for this link. */
  requestId: string;
  memberId: string;
  /** The domain's id of the request (EmailChangeRequested.requestId): a newer request makes this email moot. */
  changeId: string;
  requestedAt: string;
  expiresAt: string;
}>;

/** Deterministic: a retried enqueue of the same request adds nothing. */
export const emailChangeFactId = (requestId: string): string => `email-change.${requestId}`;

export const emailChangeJobOptions = (factId: string, retry: EmailRetryPolicy): JobsOptions => ({
  jobId: factId,
  attempts: retry.attempts,
  backoff: { type: EMAIL_BACKOFF_TYPE, delay: retry.backoffDelayMs },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
});
