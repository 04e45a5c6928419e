import type { PairMatch, PartnerMatch, ProjectMatch } from '../model/match-types';
import { renderReasons } from '../reasons/reason-wording';

export const DEFAULT_LIST_SIZE = 20;

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

/** A pair as a project's partner: its reasons said to the holder ("dans son département"). */
export const toPartnerMatch = (p: PairMatch): PartnerMatch => ({
  memberId: p.memberId,
  firstName: p.firstName,
  score: p.score,
  distanceKm: p.distanceKm,
  role: p.role,
  skillsMatched: p.skillsMatched,
  availability: p.availability,
  reasons: renderReasons(p.details, 'holder'),
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
