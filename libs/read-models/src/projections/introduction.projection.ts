import {
  type AreaAssignmentLevel,
  type Assignment,
  consentingPartyOf,
  type EndReason,
  type IntroductionEvent,
  type IntroductionStatus,
  type Party,
  type RequestedBy,
  type ReviewedBy,
} from '@trame/domain';
import type { Projection } from '../projection';

export const INTRODUCTIONS = 'introductions';

/** Who caused an entry of the history. Timed steps (reminders, escalation, expiry) are the system's. */
export type IntroductionActorView =
  | { kind: 'party'; party: Party; partyId: string }
  | { kind: 'matcher' }
  | { kind: 'referent'; referentId: string; level: AreaAssignmentLevel }
  | { kind: 'admin' }
  | { kind: 'system' };

/** One event of an introduction, as shown to its parties and referents. */
export type IntroductionHistoryEntry = {
  type: IntroductionEvent['type'];
  at: string;
  by: IntroductionActorView;
  /** The referent's note on approval or decline (plain text, no contact details by rule). */
  note?: string;
  /** Requested: the first assignment; referent reminder: the assignment reminded. */
  assignment?: Assignment;
  /** Escalated: from where to where. */
  from?: Assignment;
  to?: Assignment;
  /** Party reminder: whose answer is awaited. */
  party?: Party;
  /** Expired: the step it was waiting at. */
  expiredFrom?: 'awaiting-referent' | 'awaiting-consent';
  /** Ended: why, and which side was erased (`party-erased`). */
  endReason?: EndReason;
  erasedParty?: Party;
};

/**
 * One introduction for its parties, its referents and the pair rules. Ids, statuses and
 * times only: the requester's sealed message and anyone's contact details are never copied.
 */
export type IntroductionView = {
  introductionId: string;
  projectId: string;
  memberId: string;
  holderId: string;
  requestedBy: RequestedBy;
  /** holderId or memberId; 'matcher' for a suggestion. */
  requesterId: string;
  status: IntroductionStatus;
  /** Who must approve now (the inbox filters on `assignment.referentId` + status). */
  assignment: Assignment;
  assignedAt: string;
  /** Every referent ever assigned or who decided, in order: they may all read it. */
  referentIds: string[];
  /** The side whose consent is awaited once approved. */
  consentingParty: Party;
  consentingPartyId: string;
  reviewedBy?: ReviewedBy;
  requestedAt: string;
  approvedAt?: string;
  /** When a final status was reached (for the 90-day cool-down of a pair). */
  endedAt?: string;
  /** Set while the project is paused: the introduction waits. */
  heldSince?: string;
  /** Status `ended`: why. */
  endReason?: EndReason;
  updatedAt: string;
  history: IntroductionHistoryEntry[];
};

// A Record, so a new event type of the aggregate does not compile until it is decided on here.
const INTRODUCTION_EVENTS: Record<IntroductionEvent['type'], true> = {
  IntroductionRequested: true,
  IntroductionApproved: true,
  IntroductionDeclined: true,
  IntroductionAccepted: true,
  IntroductionRefused: true,
  IntroductionReminded: true,
  IntroductionEscalated: true,
  IntroductionExpired: true,
  IntroductionHeld: true,
  IntroductionResumed: true,
  IntroductionEnded: true,
  IntroductionWithdrawn: true,
  IntroductionContactResent: true,
};

// Copied field by field: nothing else an event may carry (a sealed message) gets through.
const assignmentView = (a: Assignment): Assignment =>
  a.level === 'admin' ? { referentId: 'admin', level: 'admin' } : { referentId: a.referentId, level: a.level };

const reviewerView = (by: ReviewedBy): ReviewedBy =>
  by.kind === 'admin' ? { kind: 'admin' } : { kind: 'referent', referentId: by.referentId, level: by.level };

const withReferent = (ids: readonly string[], id: string): string[] => (id === 'admin' || ids.includes(id) ? [...ids] : [...ids, id]);

const SYSTEM: IntroductionActorView = { kind: 'system' };

export const introductionProjection: Projection<IntroductionView> = {
  name: 'introduction',
  collection: INTRODUCTIONS,
  canHandle: (type) => Object.hasOwn(INTRODUCTION_EVENTS, type),
  id: (event) => (event as IntroductionEvent).data.introductionId,
  evolve: (doc, event) => {
    const e = event as IntroductionEvent;
    if (e.type === 'IntroductionRequested') {
      const d = e.data;
      const assignment = assignmentView(d.assignment);
      const consentingParty = consentingPartyOf(d.requestedBy);
      const by: IntroductionActorView =
        d.requestedBy === 'matcher' ? { kind: 'matcher' } : { kind: 'party', party: d.requestedBy, partyId: d.requesterId };
      return {
        introductionId: d.introductionId,
        projectId: d.projectId,
        memberId: d.memberId,
        holderId: d.holderId,
        requestedBy: d.requestedBy,
        requesterId: d.requesterId,
        status: 'awaiting-referent',
        assignment,
        assignedAt: d.requestedAt,
        referentIds: withReferent([], assignment.referentId),
        consentingParty,
        consentingPartyId: consentingParty === 'member' ? d.memberId : d.holderId,
        requestedAt: d.requestedAt,
        updatedAt: d.requestedAt,
        history: [{ type: e.type, at: d.requestedAt, by, assignment }],
      };
    }
    // Nothing to update without the request (never happens in a consistent log).
    if (!doc) return null;
    const { _id, _position, ...view } = doc;
    switch (e.type) {
      case 'IntroductionApproved':
      case 'IntroductionDeclined': {
        const d = e.data;
        const at = e.type === 'IntroductionApproved' ? e.data.approvedAt : e.data.declinedAt;
        const by = reviewerView(d.by);
        const entry: IntroductionHistoryEntry = { type: e.type, at, by, ...(d.note === undefined ? {} : { note: d.note }) };
        const referentIds = by.kind === 'referent' ? withReferent(view.referentIds, by.referentId) : view.referentIds;
        return e.type === 'IntroductionApproved'
          ? {
              ...view,
              status: 'awaiting-consent',
              reviewedBy: by,
              referentIds,
              approvedAt: at,
              updatedAt: at,
              history: [...view.history, entry],
            }
          : { ...view, status: 'declined', reviewedBy: by, referentIds, endedAt: at, updatedAt: at, history: [...view.history, entry] };
      }
      case 'IntroductionAccepted':
      case 'IntroductionRefused': {
        const at = e.type === 'IntroductionAccepted' ? e.data.acceptedAt : e.data.refusedAt;
        const by: IntroductionActorView = { kind: 'party', party: e.data.party, partyId: e.data.partyId };
        return {
          ...view,
          status: e.type === 'IntroductionAccepted' ? 'introduced' : 'refused',
          endedAt: at,
          updatedAt: at,
          history: [...view.history, { type: e.type, at, by }],
        };
      }
      case 'IntroductionReminded': {
        const d = e.data;
        const entry: IntroductionHistoryEntry =
          d.target === 'referent'
            ? { type: e.type, at: d.remindedAt, by: SYSTEM, assignment: assignmentView(d.assignment) }
            : { type: e.type, at: d.remindedAt, by: SYSTEM, party: d.party };
        return { ...view, updatedAt: d.remindedAt, history: [...view.history, entry] };
      }
      case 'IntroductionEscalated': {
        const d = e.data;
        const to = assignmentView(d.to);
        return {
          ...view,
          assignment: to,
          assignedAt: d.escalatedAt,
          referentIds: withReferent(view.referentIds, to.referentId),
          updatedAt: d.escalatedAt,
          history: [...view.history, { type: e.type, at: d.escalatedAt, by: SYSTEM, from: assignmentView(d.from), to }],
        };
      }
      case 'IntroductionExpired': {
        const d = e.data;
        return {
          ...view,
          status: 'expired',
          endedAt: d.expiredAt,
          updatedAt: d.expiredAt,
          history: [...view.history, { type: e.type, at: d.expiredAt, by: SYSTEM, expiredFrom: d.from }],
        };
      }
      case 'IntroductionHeld':
        return {
          ...view,
          heldSince: e.data.heldAt,
          updatedAt: e.data.heldAt,
          history: [...view.history, { type: e.type, at: e.data.heldAt, by: SYSTEM }],
        };
      case 'IntroductionResumed': {
        const { heldSince: _, ...rest } = view;
        return {
          ...rest,
          updatedAt: e.data.resumedAt,
          history: [...view.history, { type: e.type, at: e.data.resumedAt, by: SYSTEM }],
        };
      }
      case 'IntroductionEnded': {
        const d = e.data;
        const { heldSince: _, ...rest } = view;
        const entry: IntroductionHistoryEntry = {
          type: e.type,
          at: d.endedAt,
          by: SYSTEM,
          endReason: d.reason,
          ...(d.erasedParty ? { erasedParty: d.erasedParty } : {}),
        };
        return {
          ...rest,
          status: 'ended',
          endReason: d.reason,
          endedAt: d.endedAt,
          updatedAt: d.endedAt,
          history: [...view.history, entry],
        };
      }
      case 'IntroductionWithdrawn': {
        const d = e.data;
        const { heldSince: _, ...rest } = view;
        const entry: IntroductionHistoryEntry = {
          type: e.type,
          at: d.withdrawnAt,
          by: { kind: 'party', party: d.party, partyId: d.partyId },
        };
        return { ...rest, status: 'withdrawn', endedAt: d.withdrawnAt, updatedAt: d.withdrawnAt, history: [...view.history, entry] };
      }
      case 'IntroductionContactResent': {
        const d = e.data;
        const entry: IntroductionHistoryEntry = { type: e.type, at: d.resentAt, by: { kind: 'party', party: d.party, partyId: d.partyId } };
        return { ...view, updatedAt: d.resentAt, history: [...view.history, entry] };
      }
      default:
        return view;
    }
  },
};
