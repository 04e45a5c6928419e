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
    skills: readonly string[];
    interests: readonly string[];
    territories: readonly ResolvedTerritory[];
    availability: Availability;
    notify: NotifyFrequency;
  }
>;
export type DeclareSkills = Command<'DeclareSkills', { memberId: string; skills: readonly string[] }>;
export type ChangeInterests = Command<'ChangeInterests', { memberId: string; interests: readonly string[] }>;
export type ChangeTerritories = Command<'ChangeTerritories', { memberId: string; territories: readonly ResolvedTerritory[] }>;
export type DeclareAvailability = Command<'DeclareAvailability', { memberId: string; availability: Availability }>;
export type ChangeNotifications = Command<'ChangeNotifications', { memberId: string; notify: NotifyFrequency }>;
export type EraseMember = Command<'EraseMember', { memberId: string }>;
/** Following a confirmation (or sign-in) link or code. Idempotent: a confirmed member appends nothing. */
export type ConfirmMember = Command<'ConfirmMember', { memberId: string }>;
/**
 * The timer planned at registration: erases the member if their address is still not
 * confirmed `confirmWithinSeconds` after registering (someone may have typed another
 * person's address). A confirmed or erased member appends nothing.
 */
export type EraseUnconfirmedMember = Command<'EraseUnconfirmedMember', { memberId: string; confirmWithinSeconds: number }>;

export type MemberCommand =
  | RegisterMember
  | DeclareSkills
  | ChangeInterests
  | ChangeTerritories
  | DeclareAvailability
  | ChangeNotifications
  | EraseMember
  | ConfirmMember
  | EraseUnconfirmedMember;
