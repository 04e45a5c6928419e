import type { Availability, ProjectKind, ProjectStage } from '@trame/domain';
import type { MatchDetails, PairMatch } from '../scoring/pair-evaluation';
import type { RenderedReasons } from '../scoring/reasons';

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

const compareDistance = (a: number | null, b: number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b;

/** Order of a project's candidates: score desc, distance asc (unknown last), member id asc. */
export const comparePartners = (a: PairMatch, b: PairMatch): number =>
  b.score - a.score || compareDistance(a.distanceKm, b.distanceKm) || compareIds(a.memberId, b.memberId);

/** Order of a member's projects: score desc, distance asc (unknown last), project id asc. */
export const compareProjects = (a: PairMatch, b: PairMatch): number =>
  b.score - a.score || compareDistance(a.distanceKm, b.distanceKm) || compareIds(a.projectId, b.projectId);

/**
 * Exposure cap, as a rule over the current state only (never over event order): project
 * lists of `listSize` are filled like a draft. Each project holds a pointer into its sorted
 * (uncapped) candidates; the next turn goes to the project whose list is shortest, then whose
 * current candidate scores highest, then the smallest project id. On its turn a project takes
 * its current candidate if that member is in fewer than K lists, and skips them otherwise. So
 * a member ends up in the K lists where they come earliest, and when they are capped the
 * project's next best candidate fills the slot.
 */
export type DraftTurn = Readonly<{ position: number; score: number; projectId: string }>;

export const compareDraftTurns = (a: DraftTurn, b: DraftTurn): number =>
  a.position - b.position || b.score - a.score || compareIds(a.projectId, b.projectId);

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

export const compareNearby = (a: NearbyProject, b: NearbyProject): number =>
  a.distanceKm - b.distanceKm || compareIds(a.projectId, b.projectId);
