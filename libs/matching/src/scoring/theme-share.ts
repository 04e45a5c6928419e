import { hasCode, M_INTEREST_MASK, M_INTERESTS, M_INTERESTS_END, P_THEME_END, P_THEMES } from './facts-records';
import type { PairScore } from './pair-score';

/**
 * Theme share, a step of scoring: the share of the project's themes found among the
 * member's interests (0 when the project has no theme). Writes the themes shared, their
 * bits and the project's theme count into `out`.
 */
export const themeShare = (p: Float64Array, pa: number, m: Float64Array, ma: number, out: PairScore): number => {
  let shared = 0;
  const themesFrom = pa + p[pa + P_THEMES];
  const themesTo = pa + p[pa + P_THEME_END];
  const themeCount = (themesTo - themesFrom) / 2;
  const interestsFrom = ma + m[ma + M_INTERESTS];
  const interestsTo = ma + m[ma + M_INTERESTS_END];
  const interestMask = m[ma + M_INTEREST_MASK];
  let themeBits = 0;
  for (let j = themesFrom, bit = 1; j < themesTo; j += 2, bit <<= 1) {
    if (hasCode(m, interestsFrom, interestsTo, interestMask, p[j])) {
      shared++;
      themeBits |= bit;
    }
  }
  out.themesShared = shared;
  out.themeMatches = themeBits;
  out.themeCount = themeCount;
  return themeCount > 0 ? shared / themeCount : 0;
};
