import type { Availability, ProjectKind, ProjectStage } from '@trame/domain';

/** The reasons of a match in words, French and English. */
export type RenderedReasons = Readonly<{ fr: string; en: string }>;

/** Which territory of the member places the project, and how. */
export type PlaceFit =
  | Readonly<{ kind: 'radius'; distanceKm: number; radiusKm: number }>
  | Readonly<{ kind: 'area'; level: 'commune' | 'departement' | 'region'; code: string; label: string; distanceKm: number }>
  | Readonly<{ kind: 'remote'; distanceKm: number | null }>;

export type ScoreComponents = Readonly<{
  skills: number;
  themes: number;
  proximity: number;
  availability: number;
}>;

/** The structured reasons of a match (the rendered sentences are built from these). */
export type MatchDetails = Readonly<{
  need: Readonly<{ index: number; role: string; skillsNeeded: number; skillsMatched: readonly string[]; hoursPerWeek?: number }>;
  themesShared: readonly string[];
  place: PlaceFit;
  availability: Readonly<{ hoursPerWeek: number; from?: string; until?: string; startsLater: boolean }>;
  components: ScoreComponents;
}>;

/** One scored (project, member) pair that passed every hard filter. */
export type PairMatch = Readonly<{
  projectId: string;
  memberId: string;
  firstName: string;
  projectTitle: string;
  projectKind: ProjectKind;
  projectStage: ProjectStage;
  score: number;
  distanceKm: number | null;
  role: string;
  skillsMatched: readonly string[];
  availability: Availability;
  reasons: RenderedReasons;
  details: MatchDetails;
}>;

/** What a pair's evaluation depends on besides both entities. */
export type PairContext = Readonly<{
  /** Current day, YYYY-MM-DD (UTC): availability windows are dates. */
  day: string;
  /** The pair has an open or refused introduction. */
  excluded: boolean;
  /** Share of a need's hours a member must offer (default DEFAULT_MIN_HOURS_SHARE, a half). */
  minHoursShare?: number;
}>;

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

/** A project found near a point (`GET /v1/projects?near=`). */
export type NearbyProject = Readonly<{
  projectId: string;
  title: string;
  kind: ProjectKind;
  stage: ProjectStage;
  themes: readonly string[];
  distanceKm: number;
}>;
