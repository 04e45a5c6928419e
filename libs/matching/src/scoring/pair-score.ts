import { dayNumber } from './facts-records';

export const PLACE_RADIUS = 0;
export const PLACE_AREA = 1;
export const PLACE_REMOTE = 2;

/**
 * The numeric outcome of a pair's evaluation, written into a reused object: the engine
 * scores millions of pairs and keeps only (score, distance, content hash) of each; the
 * full `PairMatch` (reasons, details) is built only for the pairs a list shows.
 */
export class PairScore {
  needIndex = -1;
  matched = 0;
  needed = 0;
  /** PLACE_RADIUS, PLACE_AREA or PLACE_REMOTE. */
  placeKind = PLACE_RADIUS;
  /** Index of the member's territory that places them; -1 for a plain remote fit. */
  territoryIndex = -1;
  /**
   * A remote-friendly project's fit with a member none of whose territories places them:
   * such pairs are subject to the project's reach (see `remote/remote-reach.ts`).
   */
  beyond = false;
  distanceKm: number | null = null;
  radiusLimit = 0;
  proximity = 0;
  themesShared = 0;
  /** Which skills of the chosen need the member has, and which project themes they share (bit i: the i-th, below 31). */
  skillMatches = 0;
  themeMatches = 0;
  themeCount = 0;
  /** The hours fit of the chosen need (`hoursFit`), before the later start halves it. */
  hoursFit = 0;
  startsLater = false;
  skills = 0;
  themes = 0;
  availability = 0;
  score = 0;

  private lastDay = '';
  private lastDayNumber = NaN;

  /** `dayNumber` of the context's day, remembered (the same day is asked for millions of pairs). */
  dayNumberOf(day: string): number {
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastDayNumber = dayNumber(day);
    }
    return this.lastDayNumber;
  }
}
