import type { JobsOptions } from 'bullmq';
import { EMAIL_BACKOFF_TYPE, type EmailRetryPolicy } from './email-retry';

/**
 * Whom a sign-in link is mailed to: one account of the address (the notifier opens its
 * sealed contact at send time), or, for an address that owns no account but is listed in
 * ADMIN_EMAILS, that entry's lookup hash (the notifier finds the address in its own
 * configuration). Never the address itself.
 */
export type SignInRecipient = Readonly<{ kind: 'member' | 'referent'; id: string }> | Readonly<{ kind: 'admin'; lookupHash: string }>;

/**
 * One sign-in email. The link's token is not in the payload: it derives from `requestId`
 * under the link secret (`signInToken` in libs/mail), so reading Redis gives neither the
 * token nor (Redis holds only its sha256) a way to sign in.
 */
export type SignInEmailJob = Readonly<{
  kind: 'sign-in';
  factId: string;
  /** 256 random bits (base64url), chosen by the api for this request. */
  requestId: string;
  recipient: SignInRecipient;
  requestedAt: string;
  /** After this instant the link no longer works: the email is not sent any more. */
  expiresAt: string;
}>;

export const signInFactId = (requestId: string): string => `sign-in.${requestId}`;

/**
 * Retries like other emails (same backoff strategy, registered by the notifier's workers);
 * nothing is kept once sent (the link is single-use and short-lived), failures for a day.
 */
export const signInJobOptions = (factId: string, retry: EmailRetryPolicy): JobsOptions => ({
  jobId: factId,
  attempts: retry.attempts,
  backoff: { type: EMAIL_BACKOFF_TYPE, delay: retry.backoffDelayMs },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
});
