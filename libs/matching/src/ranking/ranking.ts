import type { Availability, ProjectKind, ProjectStage } from '@trame/domain';
import type { MatchDetails, PairMatch } from '../scoring/pair-evaluation';
import type { RenderedReasons } from '../scoring/reasons';
import { haversineKm } from '../geo/haversine';
import type { ProjectView } from '../model/entities';

/** A potential partner of a project, pseudonymous (first name only). */
export type PartnerMatch = Readonly<{
  memberId: string;
  firstName: string;
  score: number;
  distanceKm: number | null;
  role: string;
  skillsMatched: readonly string[];
  availability: Availability;
  reasons: RenderedReasons;
  details: MatchDetails;
}>;

/** A project recommended to a member. */
export type ProjectMatch = Readonly<{
  projectId: string;
  title: string;
  kind: ProjectKind;
  stage: ProjectStage;
  score: number;
  distanceKm: number | null;
  role: string;
  skillsMatched: readonly string[];
  reasons: RenderedReasons;
  details: MatchDetails;
}>;

export const DEFAULT_LIST_SIZE = 20;
export const DEFAULT_EXPOSURE_CAP = 5;

// Ids compare by code units, never with localeCompare, so order does not depend on the host locale.
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const compareDistance = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);

/** Order of a project's candidates: score desc, distance asc (unknown last), member id asc. */
export const comparePartners = (a: PairMatch, b: PairMatch): number =>
  b.score - a.score || compareDistance(a.distanceKm, b.distanceKm) || compareIds(a.memberId, b.memberId);

/** Order of a member's projects: score desc, distance asc (unknown last), project id asc. */
export const compareProjects = (a: PairMatch, b: PairMatch): number =>
  b.score - a.score || compareDistance(a.distanceKm, b.distanceKm) || compareIds(a.projectId, b.projectId);

/** Tenths of a kilometre that fit the sort key (far beyond any distance on Earth). */
const DISTANCE_SLOTS = 2 ** 24;

/**
 * One number ordering pairs like `comparePartners`/`compareProjects` up to the id tie-break:
 * higher is better (score descending, then distance ascending, unknown distance last).
 * Scores have 4 decimals and distances 1, so both round-trip exactly.
 */
export const sortKey = (score: number, distanceKm: number | null): number => {
  const tenths = distanceKm === null ? DISTANCE_SLOTS - 1 : Math.min(DISTANCE_SLOTS - 2, Math.round(distanceKm * 10));
  return Math.round(score * 10000) * DISTANCE_SLOTS + (DISTANCE_SLOTS - 1 - tenths);
};

/**
 * Exposure cap, as a rule over the current state only (never over event order): a member
 * is shown to the holders of the K projects that fit them best (the first K of their own
 * list, `compareProjects` order). A project's list holds its best candidates
 * (`comparePartners` order) among the members for whom it is one of those K.
 */
export const eligibleProjects = (memberMatches: readonly PairMatch[], exposureCap: number): Set<string> =>
  new Set(
    [...memberMatches]
      .sort(compareProjects)
      .slice(0, exposureCap)
      .map((m) => m.projectId),
  );

export const toPartnerMatch = (p: PairMatch): PartnerMatch => ({
  memberId: p.memberId,
  firstName: p.firstName,
  score: p.score,
  distanceKm: p.distanceKm,
  role: p.role,
  skillsMatched: p.skillsMatched,
  availability: p.availability,
  reasons: p.reasons,
  details: p.details,
});

export const toProjectMatch = (p: PairMatch): ProjectMatch => ({
  projectId: p.projectId,
  title: p.projectTitle,
  kind: p.projectKind,
  stage: p.projectStage,
  score: p.score,
  distanceKm: p.distanceKm,
  role: p.role,
  skillsMatched: p.skillsMatched,
  reasons: p.reasons,
  details: p.details,
});

/** A project found near a point (`GET /v1/projects?near=`). */
export type NearbyProject = Readonly<{
  projectId: string;
  title: string;
  kind: ProjectKind;
  stage: ProjectStage;
  themes: readonly string[];
  distanceKm: number;
}>;

/**
 * A project as `GET /v1/projects?near=` lists it, or undefined when it does not qualify:
 * active, with the theme (normalised key) if one is asked, within the radius.
 */
export const nearbyProject = (
  p: ProjectView,
  query: Readonly<{ lat: number; lon: number; radiusKm: number }>,
  themeKey: string | undefined,
): NearbyProject | undefined => {
  if (p.status !== 'active') return undefined;
  if (themeKey !== undefined && !p.themes.some((t) => t.key === themeKey)) return undefined;
  const d = haversineKm(query.lat, query.lon, p.location.lat, p.location.lon);
  if (d > query.radiusKm) return undefined;
  return {
    projectId: p.id,
    title: p.title,
    kind: p.kind,
    stage: p.stage,
    themes: p.themes.map((t) => t.raw),
    distanceKm: Math.round(d * 10) / 10,
  };
};

export const compareNearby = (a: NearbyProject, b: NearbyProject): number =>
  a.distanceKm - b.distanceKm || compareIds(a.projectId, b.projectId);
