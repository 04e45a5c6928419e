import type { Event } from '../shared/decider';
import type { Sealed } from '../shared/places';

/** Levels an introduction can be assigned to, most local first; escalation moves rightwards. */
export const ASSIGNMENT_LEVELS = ['commune', 'departement', 'region', 'admin'] as const;
export type AssignmentLevel = (typeof ASSIGNMENT_LEVELS)[number];
export type AreaAssignmentLevel = Exclude<AssignmentLevel, 'admin'>;

/** Who must approve: a referent of the project's place, or the admins when nobody covers it. */
export type Assignment = Readonly<{ referentId: string; level: AreaAssignmentLevel }> | Readonly<{ referentId: 'admin'; level: 'admin' }>;

export const REQUESTERS = ['holder', 'member', 'matcher'] as const;
export type RequestedBy = (typeof REQUESTERS)[number];

/** The side whose consent is awaited after approval. */
export type Party = 'holder' | 'member';

/** Who approved or declined. Admins are addresses from configuration: no id is stored. */
export type ReviewedBy = Readonly<{ kind: 'referent'; referentId: string; level: AreaAssignmentLevel }> | Readonly<{ kind: 'admin' }>;

export type IntroductionRequested = Event<
  'IntroductionRequested',
  {
    introductionId: string;
    projectId: string;
    memberId: string;
    holderId: string;
    requestedBy: RequestedBy;
    /** holderId or memberId; 'matcher' for a matcher suggestion. */
    requesterId: string;
    /** The requester's free text, sealed with the requester's key (personal data). */
    message?: Sealed;
    assignment: Assignment;
    requestedAt: string;
  }
>;
export type IntroductionApproved = Event<
  'IntroductionApproved',
  { introductionId: string; by: ReviewedBy; note?: string; approvedAt: string }
>;
export type IntroductionDeclined = Event<
  'IntroductionDeclined',
  { introductionId: string; by: ReviewedBy; note?: string; declinedAt: string }
>;
export type IntroductionAccepted = Event<
  'IntroductionAccepted',
  { introductionId: string; party: Party; partyId: string; acceptedAt: string }
>;
export type IntroductionRefused = Event<
  'IntroductionRefused',
  { introductionId: string; party: Party; partyId: string; refusedAt: string }
>;
export type IntroductionReminded = Event<
  'IntroductionReminded',
  | { introductionId: string; target: 'referent'; assignment: Assignment; remindedAt: string }
  | { introductionId: string; target: 'party'; party: Party; partyId: string; remindedAt: string }
>;
export type IntroductionEscalated = Event<
  'IntroductionEscalated',
  { introductionId: string; from: Assignment; to: Assignment; escalatedAt: string }
>;
export type IntroductionExpired = Event<
  'IntroductionExpired',
  { introductionId: string; from: 'awaiting-referent' | 'awaiting-consent'; expiredAt: string }
>;

/** Why an introduction ended before its parties answered, other than expiry. */
export const END_REASONS = ['project-closed', 'party-erased'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** The project was paused: the introduction waits (no decision, no timer) until it resumes. */
export type IntroductionHeld = Event<'IntroductionHeld', { introductionId: string; heldAt: string }>;
/** The project resumed: the introduction goes on, its deadlines moved by the time it was held. */
export type IntroductionResumed = Event<'IntroductionResumed', { introductionId: string; heldSince: string; resumedAt: string }>;
/**
 * Ended by what it depends on: its project closed, or one of its parties erased (then
 * `erasedParty` names which side is gone, so only the other one is told).
 */
export type IntroductionEnded = Event<
  'IntroductionEnded',
  { introductionId: string; reason: EndReason; erasedParty?: Party; from: 'awaiting-referent' | 'awaiting-consent'; endedAt: string }
>;

/** The requester took back a request that was not final yet: the other parties are told. */
export type IntroductionWithdrawn = Event<
  'IntroductionWithdrawn',
  { introductionId: string; party: Party; partyId: string; from: 'awaiting-referent' | 'awaiting-consent'; withdrawnAt: string }
>;
/** An introduced party asked for the "introduced" email again (it holds the other's contact): sent to them only. */
export type IntroductionContactResent = Event<
  'IntroductionContactResent',
  { introductionId: string; party: Party; partyId: string; resentAt: string }
>;

export type IntroductionEvent =
  | IntroductionRequested
  | IntroductionApproved
  | IntroductionDeclined
  | IntroductionAccepted
  | IntroductionRefused
  | IntroductionReminded
  | IntroductionEscalated
  | IntroductionExpired
  | IntroductionHeld
  | IntroductionResumed
  | IntroductionEnded
  | IntroductionWithdrawn
  | IntroductionContactResent;

export const INTRODUCTION_EVENT_TYPES: readonly IntroductionEvent['type'][] = [
  'IntroductionRequested',
  'IntroductionApproved',
  'IntroductionDeclined',
  'IntroductionAccepted',
  'IntroductionRefused',
  'IntroductionReminded',
  'IntroductionEscalated',
  'IntroductionExpired',
  'IntroductionHeld',
  'IntroductionResumed',
  'IntroductionEnded',
  'IntroductionWithdrawn',
  'IntroductionContactResent',
];
