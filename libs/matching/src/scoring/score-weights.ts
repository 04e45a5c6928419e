/**
 * Weights of the score (they sum to 1, so the score stays in 0–1); every part is said in
 * the reasons (docs/matching-engine.md, "The score"):
 * - skills: share of the chosen need's skills the member has (synonyms count once);
 * - themes: share of the project's themes found in the member's interests;
 * - proximity: `proximityAt` (scoring/proximity.ts) of the pair's distance;
 * - availability: the hours fit (`hoursFit`, scoring/need-fit.ts), halved while the member's
 *   availability has not started.
 * (A fifth part, "stage", rewarded broad profiles at early stages; it could not be said in
 * words a member trusts, so it was removed and its weight given to skills.)
 */
export const SCORE_WEIGHTS = { skills: 0.5, themes: 0.15, proximity: 0.2, availability: 0.15 } as const;

/** Weekly hours that count as a full availability when a need does not say how many. */
export const REFERENCE_HOURS = 8;

/**
 * The share of a need's weekly hours a member must offer for the need to fit them (below
 * the hours, the fit is partial and scored): configurable (`MATCH_MIN_HOURS_SHARE`).
 */
export const DEFAULT_MIN_HOURS_SHARE = 0.5;

/** A share option checked (a share outside 0–1 is a configuration error, not a rule). */
export const minHoursShareOf = (share: number | undefined): number => {
  if (share === undefined) return DEFAULT_MIN_HOURS_SHARE;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`minHoursShare must be between 0 and 1, got ${share}`);
  return share;
};
