import type { Command } from '../shared/decider';
import type { ResolvedTerritory, Sealed } from '../shared/places';
import type { Locale, NotifyFrequency } from '../shared/vocabulary';
import type { Availability } from './member.events';

export type RegisterMember = Command<
  'RegisterMember',
  {
    memberId: string;
    firstName: string;
    pii: Sealed;
    locale: Locale;
    /** Optional (a holder's short profile): absent means `MEMBER_DEFAULTS` (none, no time offered, weekly). */
    skills?: readonly string[];
    interests?: readonly string[];
    territories: readonly ResolvedTerritory[];
    availability?: Availability;
    notify?: NotifyFrequency;
  }
>;
export type DeclareSkills = Command<'DeclareSkills', { memberId: string; skills: readonly string[] }>;
export type ChangeInterests = Command<'ChangeInterests', { memberId: string; interests: readonly string[] }>;
export type ChangeTerritories = Command<'ChangeTerritories', { memberId: string; territories: readonly ResolvedTerritory[] }>;
export type DeclareAvailability = Command<'DeclareAvailability', { memberId: string; availability: Availability }>;
export type ChangeNotifications = Command<'ChangeNotifications', { memberId: string; notify: NotifyFrequency }>;
/** "Pas pour moi" on a recommended project: hidden from this member for good. */
export type DismissRecommendation = Command<'DismissRecommendation', { memberId: string; projectId: string }>;
export type EraseMember = Command<'EraseMember', { memberId: string }>;
/** Following a confirmation (or sign-in) link or code. Idempotent: a confirmed member appends nothing. */
export type ConfirmMember = Command<'ConfirmMember', { memberId: string }>;
/**
 * The timer planned at registration: erases the member if their address is still not
 * confirmed `confirmWithinSeconds` after registering (someone may have typed another
 * person's address). A confirmed or erased member appends nothing.
 */
export type EraseUnconfirmedMember = Command<'EraseUnconfirmedMember', { memberId: string; confirmWithinSeconds: number }>;

/**
 * "Change my email", step one. `pii` is the new address sealed with the member's key
 * (`{ email }`); `addressInUse` is read by the caller: whether the new address already has
 * an account (then nothing is recorded; the caller says nothing about it to the requester).
 */
export type RequestEmailChange = Command<'RequestEmailChange', { memberId: string; requestId: string; pii: Sealed; addressInUse: boolean }>;
/** Step two, following the link sent to the new address: `pii` is the whole contact with the new address, sealed. */
export type ConfirmEmailChange = Command<'ConfirmEmailChange', { memberId: string; requestId: string; pii: Sealed; addressInUse: boolean }>;

export type MemberCommand =
  | RegisterMember
  | DeclareSkills
  | ChangeInterests
  | ChangeTerritories
  | DeclareAvailability
  | ChangeNotifications
  | EraseMember
  | DismissRecommendation
  | ConfirmMember
  | EraseUnconfirmedMember
  | RequestEmailChange
  | ConfirmEmailChange;
