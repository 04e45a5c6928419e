import type { JobsOptions } from 'bullmq';
import type { AssignmentLevel, EndReason, RequestedBy } from '@trame/domain';
import { emailJobOptions, type EmailRetryPolicy } from './email-retry';

/**
 * Typed payloads of the introduction queues. Like the match emails, a payload holds ids,
 * first names and a project title, never an address, a full name, a note or a message:
 * the notifier reads those from the event streams at send time, so an erased person can
 * no longer be mailed or named, and Redis never holds personal data.
 */

/** What an introduction email is about: one step of the workflow, seen by one recipient. */
export type IntroductionEmailStep =
  /** To the assigned referent (or the admins): approve or decline. */
  | 'requested'
  /** To the referent the introduction was escalated to (or the admins): approve or decline. */
  | 'escalated-to'
  /** To the referent it was escalated away from: handed over, nothing left to do. */
  | 'escalated-from'
  /** To the assigned referent (or the admins) who has not answered yet. */
  | 'referent-reminder'
  /** To the party whose consent is awaited: accept or refuse. */
  | 'approved'
  /** To that party, who has not answered yet. */
  | 'party-reminder'
  /** To each party, with the other's contact. */
  | 'introduced'
  /** To the requester, kindly worded. */
  | 'declined'
  | 'refused'
  | 'expired'
  /** To each party still there, kindly worded: the project closed, or the other party left. */
  | 'ended'
  /** To the referent still asked, or the party asked to consent: the requester took the request back. */
  | 'withdrawn';

export const INTRODUCTION_EMAIL_STEPS: readonly IntroductionEmailStep[] = [
  'requested',
  'escalated-to',
  'escalated-from',
  'referent-reminder',
  'approved',
  'party-reminder',
  'introduced',
  'declined',
  'refused',
  'expired',
  'ended',
  'withdrawn',
];

/** Who an introduction email goes to. Admins are the ADMIN_EMAILS of configuration. */
export type IntroductionRecipient =
  Readonly<{ kind: 'member'; memberId: string }> | Readonly<{ kind: 'referent'; referentId: string }> | Readonly<{ kind: 'admin' }>;

export type IntroductionEmailJob = Readonly<{
  kind: 'introduction';
  step: IntroductionEmailStep;
  /** Deterministic id of (introduction, event revision, step, recipient); also the BullMQ job id. */
  factId: string;
  introductionId: string;
  /** Revision of the introduction event this email reports (the notifier reads it back for the note). */
  revision: number;
  projectId: string;
  projectTitle: string;
  holderId: string;
  memberId: string;
  holderFirstName: string;
  memberFirstName: string;
  requestedBy: RequestedBy;
  recipient: IntroductionRecipient;
  /**
   * Steps with a one-click action (approve/decline, accept/refuse): the actor the signed
   * link is for, i.e. the recipient's referent id, member id, or 'admin'.
   */
  actorId?: string;
  /** Escalation steps: the levels and first names of both assignments ('' for the admins). */
  escalation?: Readonly<{ fromLevel: AssignmentLevel; toLevel: AssignmentLevel; fromFirstName: string; toFirstName: string }>;
  /** When the step happened (the event's own time). */
  stepAt: string;
  /** `approved`, `declined`: who decided, so the email names a referent or the network's team. */
  reviewedBy?: 'referent' | 'admin';
  /** `ended`: why (`project-closed`, `party-erased`). */
  endReason?: EndReason;
}>;

/** Result kept with a completed introduction email job. */
export type IntroductionEmailJobResult =
  | Readonly<{ status: 'sent'; messageId: string }>
  | Readonly<{ status: 'already-done'; outcome: 'sent' | 'skipped' }>
  | Readonly<{ status: 'skipped'; reason: string }>;

const recipientKey = (recipient: IntroductionRecipient): string =>
  recipient.kind === 'member'
    ? `member-${recipient.memberId}`
    : recipient.kind === 'referent'
      ? `referent-${recipient.referentId}`
      : 'admin';

/**
 * `intro.<introductionId>.<revision>.<step>.<recipient>`: one email per event, step and
 * recipient, whoever decides it and however often. '.' separates the parts (no ':' in
 * BullMQ custom ids); uuids carry no '.'.
 */
export const introductionFactId = (
  introductionId: string,
  revision: number,
  step: IntroductionEmailStep,
  recipient: IntroductionRecipient,
): string => `intro.${introductionId}.${revision}.${step}.${recipientKey(recipient)}`;

/** The introduction a fact id is about, or null for any other fact. */
export const introductionOfFact = (factId: string): string | null => {
  const parts = factId.split('.');
  return parts.length === 5 && parts[0] === 'intro' ? parts[1] : null;
};

/** Same retries, backoff and retention as every other email (see `emailJobOptions`). */
export const introductionEmailJobOptions = (factId: string, retry: EmailRetryPolicy): JobsOptions => emailJobOptions(factId, retry);

// ── Timers ──────────────────────────────────────────────────────────────────────────────

/** The delayed steps of the workflow; each runs the timed command of the same name. */
export type IntroductionTimerKind = 'remind-referent' | 'escalate' | 'remind-party' | 'expire';

export type IntroductionTimerJob = Readonly<{
  kind: IntroductionTimerKind;
  introductionId: string;
  /** remind-referent and escalate: the assignment level they were planned for. */
  level?: AssignmentLevel;
  /** When the step falls due (ISO), as planned; the decider has the last word. */
  dueAt: string;
}>;

export type IntroductionTimerJobResult =
  | Readonly<{ status: 'done'; events: number }>
  | Readonly<{ status: 'already-done' }>
  /** The introduction moved on (final, approved, escalated meanwhile): nothing to do. */
  | Readonly<{ status: 'obsolete'; reason: string }>
  | Readonly<{ status: 'skipped'; reason: string }>;

/**
 * `<id>.remind-referent.<level>`, `<id>.escalate.<level>`, `<id>.remind-party`,
 * `<id>.expire`: one job per step and assignment, so planning again (a restart, a
 * rebuild, the next event of the introduction) adds nothing while the job exists.
 */
export const introductionTimerId = (kind: IntroductionTimerKind, introductionId: string, level?: AssignmentLevel): string =>
  kind === 'remind-referent' || kind === 'escalate' ? `${introductionId}.${kind}.${level ?? 'admin'}` : `${introductionId}.${kind}`;

/** Completed timer jobs are kept a day (for the dashboard); failed ones stay for the admin. */
export const COMPLETED_TIMER_JOB_AGE_S = 24 * 3600;

export const introductionTimerJobOptions = (job: IntroductionTimerJob, now: Date): JobsOptions => ({
  jobId: introductionTimerId(job.kind, job.introductionId, job.level),
  delay: Math.max(0, Date.parse(job.dueAt) - now.getTime()),
  // A failed run (event store or Redis unreachable) is retried; the command is idempotent.
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: COMPLETED_TIMER_JOB_AGE_S },
  removeOnFail: false,
});
