import { hasCode, M_SKILL_MASK, M_SKILLS, M_SKILLS_END, NEED_SIZE, P_FIRST_NEED, P_NEEDS } from './facts-records';
import type { PairScore } from './pair-score';
import { REFERENCE_HOURS } from './score-weights';

/**
 * The hours rule, for a member offering `hours` a week and a need asking `needHours` (NaN:
 * none asked). The fit: min(1, hours / needHours), or min(1, hours / REFERENCE_HOURS) when
 * the need asks none. Hours are per person (a need's `count` does not change them).
 */
export const hoursFit = (hours: number, needHours: number): number =>
  Math.min(1, needHours === needHours ? hours / needHours : hours / REFERENCE_HOURS);

/**
 * Whether a member's hours let a need fit them: at least `minShare` of its hours (below
 * them the fit is partial, scored by `hoursFit`); any hours when it asks none.
 */
export const hoursAllowed = (hours: number, needHours: number, minShare: number): boolean =>
  // NaN (no hours asked) fails this comparison: the need takes anyone.
  !(hours < minShare * needHours);

/**
 * Best need, the first step of scoring: among the project's needs the member's weekly
 * `hours` are allowed for (`hoursAllowed`) and of which the member has at least one skill,
 * the one with the highest share of its skills matched (ties: more skills matched, then
 * the better hours fit, then the first). Reads the facts records `p[pa…]` and `m[ma…]`;
 * writes the need, its size, the skills matched and their bits, and the hours fit into
 * `out`; false when no need fits.
 */
export const bestNeed = (
  p: Float64Array,
  pa: number,
  m: Float64Array,
  ma: number,
  hours: number,
  minShare: number,
  out: PairScore,
): boolean => {
  const skillsFrom = ma + m[ma + M_SKILLS];
  const skillsTo = ma + m[ma + M_SKILLS_END];
  const skillMask = m[ma + M_SKILL_MASK];
  const needs = p[pa + P_NEEDS];
  let bestIndex = -1;
  let bestMatched = 0;
  let bestNeeded = 0;
  let bestBits = 0;
  let bestFit = 0;
  for (let index = 0; index < needs; index++) {
    const n = pa + P_FIRST_NEED + NEED_SIZE * index;
    const needHours = p[n];
    if (!hoursAllowed(hours, needHours, minShare)) continue;
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
    const fit = hoursFit(hours, needHours);
    const better =
      bestIndex < 0 ||
      matched * bestNeeded > bestMatched * needed ||
      (matched * bestNeeded === bestMatched * needed && (matched > bestMatched || (matched === bestMatched && fit > bestFit)));
    if (better) {
      bestIndex = index;
      bestMatched = matched;
      bestNeeded = needed;
      bestBits = bits;
      bestFit = fit;
    }
  }
  if (bestIndex < 0) return false;
  out.needIndex = bestIndex;
  out.matched = bestMatched;
  out.needed = bestNeeded;
  out.skillMatches = bestBits;
  out.hoursFit = bestFit;
  return true;
};
