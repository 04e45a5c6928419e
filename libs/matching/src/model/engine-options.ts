import type { TermNormaliser } from '../normalise/term-normaliser';

export type MatchingEngineOptions = Readonly<{
  /** K: a member is shown in at most this many project lists (default 5). */
  exposureCap?: number;
  /** Length of the recommendation lists whose changes `apply` reports (default 20). */
  listSize?: number;
  /** R: a remote-friendly project reaches its best R candidates beyond their territories (default 100). */
  remoteReach?: number;
  /** Share of a need's weekly hours a member must offer for it to fit them (default 0.5; below the hours the fit is partial). */
  minHoursShare?: number;
  /** Initial clock (its UTC day); defaults to the current time. */
  now?: Date;
  /** (projectId, memberId) pairs with an open or refused introduction. */
  excludedPairs?: Iterable<readonly [string, string]>;
  normaliser?: TermNormaliser;
  /** Geo grid cell size in degrees (default 0.25). */
  cellDegrees?: number;
}>;

/** Which recommendation lists (and project referents) differ after an update. */
export type EngineChanges = { changedProjects: Set<string>; changedMembers: Set<string> };

export type QueryOptions = Readonly<{ limit?: number; now?: Date }>;
/**
 * `reuse`: a list this engine returned earlier for the same project or member (e.g. the one
 * last published): its entries whose pair has the same content are returned as they are
 * instead of being described again. A list the engine did not return is ignored.
 */
export type ListOptions<T> = QueryOptions & Readonly<{ reuse?: readonly T[] }>;
export type NearQuery = Readonly<{ lat: number; lon: number; radiusKm: number; theme?: string; limit?: number }>;
