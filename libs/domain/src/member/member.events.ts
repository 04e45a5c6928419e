import type { Event } from '../shared/decider';
import type { ResolvedTerritory, Sealed } from '../shared/places';
import type { Locale, NotifyFrequency } from '../shared/vocabulary';

export type Availability = Readonly<{
  hoursPerWeek: number;
  /** ISO date (YYYY-MM-DD) from which the member is available. */
  from?: string;
  /** ISO date (YYYY-MM-DD) until which the member is available. */
  until?: string;
}>;

/** What `pii` decrypts to (see libs/personal-data). Never stored in clear. */
export type MemberPersonalData = Readonly<{ displayName: string; email: string }>;

export type MemberRegistered = Event<
  'MemberRegistered',
  {
    memberId: string;
    /** The only part of the name kept in clear. */
    firstName: string;
    /** Sealed MemberPersonalData, readable only while the member's key exists. */
    pii: Sealed;
    locale: Locale;
    skills: readonly string[];
    interests: readonly string[];
    territories: readonly ResolvedTerritory[];
    availability: Availability;
    notify: NotifyFrequency;
    registeredAt: string;
    /**
     * True for every registration since double opt-in: the member is neither matched nor
     * emailed (but for sign-in and confirmation emails) until `MemberConfirmed`. Absent on
     * registrations recorded before, which count as confirmed (their people were already
     * matched and mailed), so the log needs no migration.
     */
    confirmationRequired?: true;
  }
>;
/** The member proved they read the address: a confirmation link or code, or a sign-in link or code. */
export type MemberConfirmed = Event<'MemberConfirmed', { memberId: string; confirmedAt: string }>;
export type MemberSkillsDeclared = Event<'MemberSkillsDeclared', { memberId: string; skills: readonly string[]; declaredAt: string }>;
export type MemberInterestsChanged = Event<'MemberInterestsChanged', { memberId: string; interests: readonly string[]; changedAt: string }>;
export type MemberTerritoriesChanged = Event<
  'MemberTerritoriesChanged',
  { memberId: string; territories: readonly ResolvedTerritory[]; changedAt: string }
>;
export type MemberAvailabilityDeclared = Event<
  'MemberAvailabilityDeclared',
  { memberId: string; availability: Availability; declaredAt: string }
>;
export type MemberNotificationsChanged = Event<
  'MemberNotificationsChanged',
  { memberId: string; notify: NotifyFrequency; changedAt: string }
>;
export type MemberErased = Event<
  'MemberErased',
  {
    memberId: string;
    erasedAt: string;
    /** Set when the address was never confirmed in time (see `EraseUnconfirmedMember`); absent: the member or an admin. */
    reason?: 'unconfirmed';
  }
>;

/**
 * "Change my email": the new address waits, sealed with the member's own key (so erasure
 * shreds it too), until a link sent to it is followed. `requestId` names this request: only
 * the latest one can be confirmed.
 */
export type EmailChangeRequested = Event<
  'EmailChangeRequested',
  {
    memberId: string;
    requestId: string;
    /** Sealed `{ email }`, the pending address. */
    pii: Sealed;
    requestedAt: string;
    /** The address had an account already: nothing is sent, and the request can never be confirmed (it only replaces the earlier one). */
    unconfirmable?: true;
  }
>;
/** The new address was proven: `pii` is the member's whole contact again (MemberPersonalData), now with it. */
export type EmailChanged = Event<'EmailChanged', { memberId: string; requestId: string; pii: Sealed; changedAt: string }>;

/** "Pas pour moi": the member never wants to be shown this project again (the matcher leaves the pair out, like a refusal). */
export type RecommendationDismissed = Event<'RecommendationDismissed', { memberId: string; projectId: string; dismissedAt: string }>;

export type MemberEvent =
  | RecommendationDismissed
  | MemberRegistered
  | MemberConfirmed
  | MemberSkillsDeclared
  | MemberInterestsChanged
  | MemberTerritoriesChanged
  | MemberAvailabilityDeclared
  | MemberNotificationsChanged
  | MemberErased
  | EmailChangeRequested
  | EmailChanged;

export const MEMBER_EVENT_TYPES: readonly MemberEvent['type'][] = [
  'MemberRegistered',
  'MemberConfirmed',
  'MemberSkillsDeclared',
  'MemberInterestsChanged',
  'MemberTerritoriesChanged',
  'MemberAvailabilityDeclared',
  'MemberNotificationsChanged',
  'MemberErased',
  'RecommendationDismissed',
  'EmailChangeRequested',
  'EmailChanged',
];
