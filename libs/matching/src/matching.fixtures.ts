import type {
  Availability,
  MemberRegistered,
  Need,
  ProjectDetails,
  ProjectProposed,
  ReferentAppointed,
  ResolvedLocation,
  ResolvedTerritory,
} from '@trame/domain';
import { KM_PER_DEGREE } from './geo/haversine';

/** Test data builders for the matching specs. */

export const NOW = new Date('2025-01-15T10:00:00.000Z');
export const T = '2025-01-15T10:00:00.000Z';

/** Montpellier (commune 34172, Hérault 34, Occitanie 76). */
export const MONTPELLIER: ResolvedLocation = {
  lat: 43.6109,
  lon: 3.8772,
  label: 'Montpellier',
  communeCode: '34172',
  departementCode: '34',
  regionCode: '76',
};

/** A place `km` north of another (same codes unless given). */
export const northOf = (place: ResolvedLocation, km: number, codes: Partial<ResolvedLocation> = {}): ResolvedLocation => ({
  ...place,
  lat: place.lat + km / KM_PER_DEGREE,
  label: `${place.label} +${km} km N`,
  ...codes,
});

export const circle = (place: ResolvedLocation, radiusKm: number): ResolvedTerritory => ({
  kind: 'radius',
  lat: place.lat,
  lon: place.lon,
  radiusKm,
  label: place.label,
});

export const area = (
  level: 'commune' | 'departement' | 'region',
  code: string,
  place: ResolvedLocation = MONTPELLIER,
  label = `${level} ${code}`,
): ResolvedTerritory => ({ kind: 'area', level, code, lat: place.lat, lon: place.lon, label });

export const projectProposed = (
  projectId: string,
  overrides: Partial<ProjectDetails & { holderId: string; needs: readonly Need[]; proposedAt: string }> = {},
): ProjectProposed => ({
  type: 'ProjectProposed',
  data: {
    projectId,
    holderId: 'holder-1',
    title: `Projet ${projectId}`,
    summary: 'Un lieu partagé',
    kind: 'ferme-cooperative',
    themes: ['alimentation'],
    location: MONTPELLIER,
    radiusKm: 30,
    remoteFriendly: false,
    stage: 'launching',
    needs: [{ role: 'Maraîcher·e', skills: ['maraîchage', 'menuiserie', 'comptabilité', 'plomberie'] }],
    proposedAt: T,
    ...overrides,
  },
});

export const memberRegistered = (
  memberId: string,
  overrides: Partial<{
    firstName: string;
    skills: readonly string[];
    interests: readonly string[];
    territories: readonly ResolvedTerritory[];
    availability: Availability;
    registeredAt: string;
  }> = {},
): MemberRegistered => ({
  type: 'MemberRegistered',
  data: {
    memberId,
    firstName: `Prénom ${memberId}`,
    pii: 'sealed:secret',
    locale: 'fr',
    skills: ['maraîchage'],
    interests: [],
    territories: [circle(MONTPELLIER, 50)],
    availability: { hoursPerWeek: 6 },
    notify: 'weekly',
    registeredAt: T,
    ...overrides,
  },
});

export const referentAppointed = (
  referentId: string,
  territories: readonly ResolvedTerritory[],
  overrides: Partial<{ themes: readonly string[]; appointedAt: string; firstName: string }> = {},
): ReferentAppointed => ({
  type: 'ReferentAppointed',
  data: {
    referentId,
    firstName: `Référent ${referentId}`,
    pii: 'sealed:secret',
    territories,
    themes: [],
    appointedAt: T,
    ...overrides,
  },
});
