import { hasCode, M_SKILL_MASK, M_SKILLS, M_SKILLS_END, NEED_SIZE, P_FIRST_NEED, P_NEEDS } from './facts-records';
import type { PairScore } from './pair-score';

/**
 * Best need, the first step of scoring (and the hours rule): among the project's needs
 * whose hours (when a need states any) the member's weekly `hours` meet and of which the
 * member has at least one skill, the one with the highest share of its skills matched
 * (ties: more skills matched, then the first). Reads the facts records `p[pa…]` and
 * `m[ma…]`; writes the need, its size, the skills matched and their bits into `out`; false
 * when no need fits.
 */
export const bestNeed = (p: Float64Array, pa: number, m: Float64Array, ma: number, hours: number, out: PairScore): boolean => {
  const skillsFrom = ma + m[ma + M_SKILLS];
  const skillsTo = ma + m[ma + M_SKILLS_END];
  const skillMask = m[ma + M_SKILL_MASK];
  const needs = p[pa + P_NEEDS];
  let bestIndex = -1;
  let bestMatched = 0;
  let bestNeeded = 0;
  let bestBits = 0;
  for (let index = 0; index < needs; index++) {
    const n = pa + P_FIRST_NEED + NEED_SIZE * index;
    // The hours rule. NaN (no hours asked) fails this comparison: the need takes anyone.
    if (hours < p[n]) continue;
    const start = pa + p[n + 1];
    const end = pa + p[n + 2];
    const needed = (end - start) / 2;
    if (needed === 0) continue;
    let matched = 0;
    let bits = 0;
    for (let j = start, bit = 1; j < end; j += 2, bit <<= 1) {
      if (hasCode(m, skillsFrom, skillsTo, skillMask, p[j])) {
        matched++;
        bits |= bit;
      }
    }
    if (matched === 0) continue;
    const better =
      bestIndex < 0 ||
      matched * bestNeeded > bestMatched * needed ||
      (matched * bestNeeded === bestMatched * needed && matched > bestMatched);
    if (better) {
      bestIndex = index;
      bestMatched = matched;
      bestNeeded = needed;
      bestBits = bits;
    }
  }
  if (bestIndex < 0) return false;
  out.needIndex = bestIndex;
  out.matched = bestMatched;
  out.needed = bestNeeded;
  out.skillMatches = bestBits;
  return true;
};
