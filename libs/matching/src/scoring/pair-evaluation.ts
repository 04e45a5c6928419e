import type { MemberView, ProjectView } from '../model/entities';
import type { PairContext, PairMatch } from '../model/match-types';
import { describePair } from '../reasons/pair-description';
import {
  M_FROM,
  M_HOURS,
  M_ID,
  M_UNTIL,
  memberFacts,
  P_ACTIVE,
  P_HOLDER,
  projectFacts,
  type MemberFacts,
  type ProjectFacts,
} from './facts-records';
import { bestNeed } from './need-fit';
import { PairScore } from './pair-score';
import { bestPlace } from './place-fit';
import { DEFAULT_MIN_HOURS_SHARE, SCORE_WEIGHTS } from './score-weights';
import { themeShare } from './theme-share';

// Scores and components have 4 decimals (a constant: this runs for millions of pairs).
const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Applies the hard filters to one pair and scores it into `out`; false when the member is
 * not a partner for the project. Pure: the same inputs always give the same result, which
 * is what makes the engine's output independent of event order.
 *
 * Hard filters: project active; member not the holder; no open/refused introduction;
 * availability window not over and hours > 0; place (distance ≤ min of both radii, or the
 * place inside a member's area, unless the project is remote-friendly); at least one need
 * of which the member has at least one skill and offers at least `ctx.minHoursShare`
 * (default half) of the hours it states.
 */
export const scorePair = (project: ProjectView, member: MemberView, ctx: PairContext, out: PairScore): boolean =>
  scoreFacts(projectFacts(project), memberFacts(member), ctx, out);

/** `scorePair` on the facts of both sides. */
export const scoreFacts = (project: ProjectFacts, member: MemberFacts, ctx: PairContext, out: PairScore): boolean =>
  scoreRecords(project.data, 0, member.data, 0, project, member, ctx, out);

/**
 * `scorePair` on facts records read where they lie: `p[pa…]` and `m[ma…]` (the engine keeps
 * every entity's record in one array per side, so that scoring a candidate reads a few
 * adjacent cache lines). `project` and `member` are the records' facts, read only to
 * confirm an equality of hashes (holder, area code). The steps: the filters on the pair and
 * the member's window, the best need (`need-fit.ts`), the best place (`place-fit.ts`), the
 * holder, the theme share (`theme-share.ts`), then `combine`.
 */
export const scoreRecords = (
  p: Float64Array,
  pa: number,
  m: Float64Array,
  ma: number,
  project: ProjectFacts,
  member: MemberFacts,
  ctx: PairContext,
  out: PairScore,
): boolean => {
  if (p[pa + P_ACTIVE] === 0 || ctx.excluded) return false;
  const hours = m[ma + M_HOURS];
  if (!(hours > 0)) return false;
  const day = out.dayNumberOf(ctx.day);
  if (m[ma + M_UNTIL] < day) return false;
  // Skills first: the cheapest filter and the one most pairs fail.
  if (!bestNeed(p, pa, m, ma, hours, ctx.minHoursShare ?? DEFAULT_MIN_HOURS_SHARE, out)) return false;
  if (!bestPlace(p, pa, m, ma, project, member, out)) return false;
  // Last of the filters: ids are compared by hash, and by text only when hashes agree.
  if (p[pa + P_HOLDER] === m[ma + M_ID] && member.id === project.holderId) return false;
  const themes = themeShare(p, pa, m, ma, out);
  // NaN (no start date) fails this comparison: available now.
  const startsLater = m[ma + M_FROM] > day;
  out.startsLater = startsLater;
  combine(out, out.matched / out.needed, themes, out.hoursFit * (startsLater ? 0.5 : 1));
  return true;
};

/** The last step: each part rounded, and their weighted sum (`SCORE_WEIGHTS`); the proximity is already in `out`. */
const combine = (out: PairScore, skills: number, themes: number, availability: number): void => {
  out.skills = round4(skills);
  out.themes = round4(themes);
  out.proximity = round4(out.proximity);
  out.availability = round4(availability);
  const w = SCORE_WEIGHTS;
  out.score = round4(w.skills * out.skills + w.themes * out.themes + w.proximity * out.proximity + w.availability * out.availability);
};

/**
 * Applies the hard filters to one pair and scores it (see `scorePair`); null when the
 * member is not a partner for the project.
 */
export const evaluatePair = (project: ProjectView, member: MemberView, ctx: PairContext): PairMatch | null => {
  // A score of its own per call (no shared scratch: the api calls this for one pair at a time).
  const score = new PairScore();
  return scorePair(project, member, ctx, score) ? describePair(project, member, score) : null;
};
