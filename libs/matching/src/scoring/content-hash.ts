import {
  hasCode,
  M_HEADER,
  M_INTEREST_MASK,
  M_INTERESTS,
  M_INTERESTS_END,
  M_SKILL_MASK,
  M_SKILLS,
  M_SKILLS_END,
  M_TERRITORIES,
  NEED_SIZE,
  P_FIRST_NEED,
  P_HEADER,
  P_THEME_END,
  P_THEMES,
  T_WORDS,
  TERRITORY_SIZE,
} from './facts-records';
import { FNV_OFFSET, mixInt, mixNumber } from './fnv-hash';
import { PLACE_AREA, type PairScore } from './pair-score';

/**
 * A hash of everything a description (`reasons/pair-description.ts`) shows for a pair
 * scored into `s`, from facts records where they lie (see `scoreRecords`): 30 bits, a small
 * integer for V8. Two evaluations with equal hashes show the same thing, up to collisions
 * (about one in a billion per changed pair): lists compare hashes to report what changed.
 * A project's list does not show the project's own title, kind and stage: its entries hash
 * this `^ ProjectFacts.header`.
 */
export const recordsContentHash = (p: Float64Array, pa: number, m: Float64Array, ma: number, s: PairScore): number => {
  const n = pa + P_FIRST_NEED + NEED_SIZE * s.needIndex;
  let h = mixInt(mixInt(FNV_OFFSET, m[ma + M_HEADER]), p[n + 3]);
  // The need's skills the member has, as worded by the project (what `skillsMatched` shows).
  const skillsFrom = ma + m[ma + M_SKILLS];
  const skillsTo = ma + m[ma + M_SKILLS_END];
  const skillMask = m[ma + M_SKILL_MASK];
  for (let j = pa + p[n + 1], end = pa + p[n + 2]; j < end; j += 2) {
    if (hasCode(m, skillsFrom, skillsTo, skillMask, p[j])) h = mixInt(h, p[j + 1]);
  }
  h = mixInt(h, 0x5eed);
  const interestsFrom = ma + m[ma + M_INTERESTS];
  const interestsTo = ma + m[ma + M_INTERESTS_END];
  const interestMask = m[ma + M_INTEREST_MASK];
  for (let j = pa + p[pa + P_THEMES], end = pa + p[pa + P_THEME_END]; j < end; j += 2) {
    if (hasCode(m, interestsFrom, interestsTo, interestMask, p[j])) h = mixInt(h, p[j + 1]);
  }
  h = mixNumber(mixNumber(mixInt(h, s.placeKind), s.distanceKm), s.radiusLimit);
  if (s.placeKind === PLACE_AREA) h = mixInt(h, m[ma + m[ma + M_TERRITORIES] + TERRITORY_SIZE * s.territoryIndex + T_WORDS]);
  h = mixInt(h, s.startsLater ? 1 : 2);
  h = mixNumber(mixNumber(mixNumber(mixNumber(mixNumber(h, s.skills), s.themes), s.proximity), s.availability), s.score);
  return (h ^ p[pa + P_HEADER]) & 0x3fffffff;
};
