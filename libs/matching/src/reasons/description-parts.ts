import type { Availability } from '@trame/domain';
import type { MatchDetails, RenderedReasons } from '../model/match-types';

// Parts of descriptions shared by many pairs, cached with each entity state's facts (see
// `pair-description.ts`): types only, so that the facts records can hold them.
export type NeedPart = Readonly<{ need: MatchDetails['need']; skillsMatched: readonly string[]; reasons: RenderedReasons }>;
export type ThemesPart = Readonly<{ themesShared: readonly string[]; reasons: RenderedReasons | undefined }>;
export type ProjectParts = { needs: Map<number, NeedPart>[]; themes: Map<number, ThemesPart> };
export type MemberParts = {
  window: Availability;
  availability: [MatchDetails['availability'], MatchDetails['availability']];
  /** The hours sentence, now and later, by the hours a need asks above the member's (-1: none). */
  hours: [Map<number, RenderedReasons>, Map<number, RenderedReasons>];
  /** The sentence of each area territory, to the member and to the holder. */
  areas: [(RenderedReasons | undefined)[], (RenderedReasons | undefined)[]];
};
