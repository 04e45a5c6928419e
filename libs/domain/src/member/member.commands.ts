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

export type MemberCommand =
  RegisterMember | DeclareSkills | ChangeInterests | ChangeTerritories | DeclareAvailability | ChangeNotifications | EraseMember;
