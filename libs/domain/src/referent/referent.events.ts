import type { Event } from '../shared/decider';
import type { ResolvedTerritory, Sealed } from '../shared/places';

/** What `pii` decrypts to (see libs/personal-data). Never stored in clear. */
export type ReferentPersonalData = Readonly<{ displayName: string; email: string }>;

export type ReferentAppointed = Event<
  'ReferentAppointed',
  {
    referentId: string;
    firstName: string;
    pii: Sealed;
    territories: readonly ResolvedTerritory[];
    themes: readonly string[];
    appointedAt: string;
  }
>;
export type ReferentTerritoriesChanged = Event<
  'ReferentTerritoriesChanged',
  { referentId: string; territories: readonly ResolvedTerritory[]; themes: readonly string[]; changedAt: string }
>;
export type ReferentRetired = Event<'ReferentRetired', { referentId: string; retiredAt: string }>;

export type ReferentEvent = ReferentAppointed | ReferentTerritoriesChanged | ReferentRetired;

export const REFERENT_EVENT_TYPES: readonly ReferentEvent['type'][] = [
  'ReferentAppointed',
  'ReferentTerritoriesChanged',
  'ReferentRetired',
];
