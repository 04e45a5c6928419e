import type { Command } from '../shared/decider';
import type { Sealed } from '../shared/places';
import type { AreaAssignmentLevel, Assignment, EndReason, RequestedBy } from './introduction.events';

/**
 * Who issues a command, as established by the caller (session, configuration, read model).
 * For a referent the caller also resolves whether one of their territories covers the
 * project's place and at which level (the broadest one if several), so the decider
 * stays free of geography.
 */
export type IntroductionActor =
  | Readonly<{ kind: 'referent'; id: string; level: AreaAssignmentLevel; coversProject: boolean }>
  | Readonly<{ kind: 'admin' }>
  /** A signed-in person: a member, or a holder (a member who proposed the project). */
  | Readonly<{ kind: 'member'; id: string }>
  /** The matcher suggesting a pair on its own. */
  | Readonly<{ kind: 'matcher' }>;

export type RequestIntroduction = Command<
  'RequestIntroduction',
  {
    introductionId: string;
    projectId: string;
    memberId: string;
    /** The project's holder, read by the caller from the project. */
    holderId: string;
    requestedBy: RequestedBy;
    actor: IntroductionActor;
    /** Already sealed by the caller with the requester's key. */
    message?: Sealed;
    /** The referent covering the project's place, resolved by the caller. */
    assignment: Assignment;
  }
>;
export type ApproveIntroduction = Command<'ApproveIntroduction', { introductionId: string; actor: IntroductionActor; note?: string }>;
export type DeclineIntroduction = Command<'DeclineIntroduction', { introductionId: string; actor: IntroductionActor; note?: string }>;
export type AcceptIntroduction = Command<'AcceptIntroduction', { introductionId: string; actor: IntroductionActor }>;
export type RefuseIntroduction = Command<'RefuseIntroduction', { introductionId: string; actor: IntroductionActor }>;
/** The requester takes back their request while it is not final. */
export type WithdrawIntroduction = Command<'WithdrawIntroduction', { introductionId: string; actor: IntroductionActor }>;
/** An introduced party asks for the "introduced" email (the other's contact) again. */
export type ResendIntroducedEmail = Command<'ResendIntroducedEmail', { introductionId: string; actor: IntroductionActor }>;

/** Delayed jobs: no actor, the scheduler is trusted; the decider checks they are due. */
export type RemindReferent = Command<'RemindReferent', { introductionId: string }>;
export type EscalateIntroduction = Command<
  'EscalateIntroduction',
  {
    introductionId: string;
    /** The referent of the enclosing territory (or admin), resolved by the caller. */
    to: Assignment;
  }
>;
export type RemindParty = Command<'RemindParty', { introductionId: string }>;
export type ExpireIntroduction = Command<'ExpireIntroduction', { introductionId: string }>;

/**
 * Issued by the matcher's lifecycle reactor when the project pauses, resumes or closes, or
 * a party is erased: no actor (trusted like the timers), idempotent (holding a held or
 * ended introduction, resuming one not held, ending an ended one decide nothing).
 */
export type HoldIntroduction = Command<'HoldIntroduction', { introductionId: string }>;
export type ResumeIntroduction = Command<'ResumeIntroduction', { introductionId: string }>;
export type EndIntroduction = Command<'EndIntroduction', { introductionId: string; reason: EndReason; erasedPartyId?: string }>;

export type IntroductionCommand =
  | RequestIntroduction
  | ApproveIntroduction
  | DeclineIntroduction
  | AcceptIntroduction
  | RefuseIntroduction
  | WithdrawIntroduction
  | ResendIntroducedEmail
  | RemindReferent
  | EscalateIntroduction
  | RemindParty
  | ExpireIntroduction
  | HoldIntroduction
  | ResumeIntroduction
  | EndIntroduction;
