import type { Locale, MemberEvent, NotifyFrequency } from '@trame/domain';
import type { Projection } from '../projection';
import { type TerritoryView, areaKeys, territoryView } from './territory-view';

/**
 * The pseudonymous public profile of a member: first name only. The sealed personal
 * data (`pii`: full name, email) is never copied; an erased member has no document.
 */
export type MemberProfile = {
  memberId: string;
  firstName: string;
  locale: Locale;
  skills: string[];
  interests: string[];
  territories: TerritoryView[];
  /** See `areaKeys` in territory-view.ts. */
  areaKeys: string[];
  availability: { hoursPerWeek: number; from?: string; until?: string };
  notify: NotifyFrequency;
  status: 'active';
  registeredAt: string;
  updatedAt: string;
};

// A Record, so a new event type of the aggregate does not compile until it is decided on here.
const MEMBER_PROFILE_EVENTS: Record<MemberEvent['type'], boolean> = {
  MemberRegistered: true,
  // Unconfirmed members are hidden from holders by the matcher (they enter the engine on confirmation);
  // the profile itself is the member's own and changes nothing on confirmation.
  MemberConfirmed: false,
  MemberSkillsDeclared: true,
  MemberInterestsChanged: true,
  MemberTerritoriesChanged: true,
  MemberAvailabilityDeclared: true,
  MemberNotificationsChanged: true,
  MemberErased: true,
  // Read by the matcher alone (the pair is left out); the profile does not change.
  RecommendationDismissed: false,
  // The address is sealed in the member's stream only: nothing for a read model.
  EmailChangeRequested: false,
  EmailChanged: false,
};

export const memberProfileProjection: Projection<MemberProfile> = {
  name: 'member-profile',
  collection: 'member_profiles',
  canHandle: (type) => Object.hasOwn(MEMBER_PROFILE_EVENTS, type) && MEMBER_PROFILE_EVENTS[type as MemberEvent['type']],
  id: (event) => (event as MemberEvent).data.memberId,
  evolve: (doc, event) => {
    const e = event as MemberEvent;
    if (e.type === 'MemberRegistered') {
      const d = e.data;
      // Field by field on purpose: `d.pii` must never reach a read model.
      return {
        memberId: d.memberId,
        firstName: d.firstName,
        locale: d.locale,
        skills: [...d.skills],
        interests: [...d.interests],
        territories: d.territories.map(territoryView),
        areaKeys: areaKeys(d.territories),
        availability: { hoursPerWeek: d.availability.hoursPerWeek, from: d.availability.from, until: d.availability.until },
        notify: d.notify,
        status: 'active',
        registeredAt: d.registeredAt,
        updatedAt: d.registeredAt,
      };
    }
    if (e.type === 'MemberErased' || !doc) return null;
    const { _id, _position, ...profile } = doc;
    switch (e.type) {
      case 'MemberSkillsDeclared':
        return { ...profile, skills: [...e.data.skills], updatedAt: e.data.declaredAt };
      case 'MemberInterestsChanged':
        return { ...profile, interests: [...e.data.interests], updatedAt: e.data.changedAt };
      case 'MemberTerritoriesChanged':
        return {
          ...profile,
          territories: e.data.territories.map(territoryView),
          areaKeys: areaKeys(e.data.territories),
          updatedAt: e.data.changedAt,
        };
      case 'MemberAvailabilityDeclared': {
        const { hoursPerWeek, from, until } = e.data.availability;
        return { ...profile, availability: { hoursPerWeek, from, until }, updatedAt: e.data.declaredAt };
      }
      case 'MemberNotificationsChanged':
        return { ...profile, notify: e.data.notify, updatedAt: e.data.changedAt };
      default:
        return profile;
    }
  },
};
