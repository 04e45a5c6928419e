import type { Availability, ProjectKind, ProjectStage, ResolvedTerritory } from '@trame/domain';
import { haversineKm } from '../geo/haversine';
import type { MemberView, ProjectView } from '../model/entities';
import type { NormalisedTerm } from '../normalise/term-normaliser';
import { renderReasons, type RenderedReasons } from './reasons';

/**
 * Weights of the score (they sum to 1, so the score stays in 0–1):
 * - skills: coverage of the best need the member qualifies for (matched / needed skills);
 * - themes: share of the project's themes found in the member's interests;
 * - proximity: 1 at 0 km → 0 at the pair's radius (min of both); an area territory gives a
 *   fixed value by level; a remote-friendly project gives at least 0.5 (neutral);
 * - availability: 1 when the need states hours (the member already meets them, hard
 *   filter), else hours / 8 capped at 1; halved while the member's availability has not started;
 * - stage: at idea/maturing stage breadth of profile (distinct skills / 5, capped), later
 *   the skill coverage again (running projects want the specialist).
 */
export const SCORE_WEIGHTS = { skills: 0.45, themes: 0.15, proximity: 0.2, availability: 0.15, stage: 0.05 } as const;

/** Proximity of a member whose territory is a whole area containing the project's place. */
export const AREA_PROXIMITY = { commune: 0.8, departement: 0.5, region: 0.3 } as const;
/** Proximity given by a remote-friendly project to anyone (a floor, near members keep more). */
export const REMOTE_PROXIMITY = 0.5;
/** Weekly hours that count as a full availability when a need does not say how many. */
export const REFERENCE_HOURS = 8;
/** Distinct skills that make a "broad" profile for early-stage projects. */
export const BROAD_PROFILE_SKILLS = 5;

export type PlaceFit =
  | Readonly<{ kind: 'radius'; distanceKm: number; radiusKm: number }>
  | Readonly<{ kind: 'area'; level: 'commune' | 'departement' | 'region'; code: string; label: string; distanceKm: number }>
  | Readonly<{ kind: 'remote'; distanceKm: number | null }>;

export type ScoreComponents = Readonly<{
  skills: number;
  themes: number;
  proximity: number;
  availability: number;
  stage: number;
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

export type PairContext = Readonly<{
  /** Current day, YYYY-MM-DD (UTC): availability windows are dates. */
  day: string;
  /** The pair has an open or refused introduction. */
  excluded: boolean;
}>;

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const roundKm = (km: number) => round(km, 1);

const AREA_FIELD = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;

const territoryFit = (project: ProjectView, t: ResolvedTerritory): PlaceFit | undefined => {
  const { lat, lon } = project.location;
  const d = haversineKm(lat, lon, t.lat, t.lon);
  if (t.kind === 'radius') {
    const limit = Math.min(t.radiusKm, project.radiusKm);
    return d <= limit ? { kind: 'radius', distanceKm: roundKm(d), radiusKm: limit } : undefined;
  }
  // A whole area matches when the project's place lies in it, however far its centre is:
  // the member said "anywhere in this area", so the project's radius is not applied here.
  if (project.location[AREA_FIELD[t.level]] !== t.code) return undefined;
  return { kind: 'area', level: t.level, code: t.code, label: t.label, distanceKm: roundKm(d) };
};

const proximityOf = (fit: PlaceFit): number => {
  if (fit.kind === 'radius') return fit.radiusKm > 0 ? Math.max(0, 1 - fit.distanceKm / fit.radiusKm) : 1;
  if (fit.kind === 'area') return AREA_PROXIMITY[fit.level];
  return REMOTE_PROXIMITY;
};

/** The best place fit: highest proximity, then shortest distance, then territory order. */
const bestPlace = (project: ProjectView, member: MemberView): { fit: PlaceFit; proximity: number } | undefined => {
  let best: { fit: PlaceFit; proximity: number } | undefined;
  for (const t of member.territories) {
    const fit = territoryFit(project, t);
    if (!fit) continue;
    const proximity = proximityOf(fit);
    if (
      !best ||
      proximity > best.proximity ||
      (proximity === best.proximity && (fit.distanceKm ?? Infinity) < (best.fit.distanceKm ?? Infinity))
    ) {
      best = { fit, proximity };
    }
  }
  return best;
};

const hasKey = (terms: readonly NormalisedTerm[], key: string): boolean => {
  for (const t of terms) if (t.key === key) return true;
  return false;
};

const nearestCentreKm = (project: ProjectView, member: MemberView): number | null => {
  let best: number | null = null;
  for (const t of member.territories) {
    const d = roundKm(haversineKm(project.location.lat, project.location.lon, t.lat, t.lon));
    if (best === null || d < best) best = d;
  }
  return best;
};

/**
 * A cheap necessary condition of `evaluatePair` being non-null: some need of the
 * (active) project shares a skill with the member. Lets the engine drop most candidates
 * found by place before queueing them for a full evaluation.
 */
export const sharesNeededSkill = (project: ProjectView, member: MemberView): boolean => {
  if (project.status !== 'active') return false;
  for (const need of project.needs) for (const s of need.skills) if (hasKey(member.skills, s.key)) return true;
  return false;
};

/**
 * Applies the hard filters to one pair and scores it; null when the member is not a
 * partner for the project. Pure: the same inputs always give the same result, which is
 * what makes the engine's output independent of event order.
 *
 * Hard filters: project active; member not the holder; no open/refused introduction;
 * availability window not over and hours > 0; place (distance ≤ min of both radii, or the
 * place inside a member's area, unless the project is remote-friendly); at least one need
 * whose hours the member meets and of which the member has at least one skill.
 */
export const evaluatePair = (project: ProjectView, member: MemberView, ctx: PairContext): PairMatch | null => {
  if (project.status !== 'active' || ctx.excluded || member.id === project.holderId) return null;
  const availability = member.availability;
  if (!(availability.hoursPerWeek > 0)) return null;
  if (availability.until !== undefined && availability.until < ctx.day) return null;

  // Skills first: the cheapest filter and the one most pairs fail. Counted without
  // allocating (most evaluated pairs are rejected here; profiles showed the sets and
  // arrays built per pair as a large share of a load).
  const memberSkills = member.skills;
  const needs = project.needs;
  let bestIndex = -1;
  let bestMatched = 0;
  let bestNeeded = 0;
  for (let index = 0; index < needs.length; index++) {
    const need = needs[index];
    if (need.hoursPerWeek !== undefined && availability.hoursPerWeek < need.hoursPerWeek) continue;
    const needed = need.skills.length;
    if (needed === 0) continue;
    let matched = 0;
    for (const s of need.skills) if (hasKey(memberSkills, s.key)) matched++;
    if (matched === 0) continue;
    const better =
      bestIndex < 0 ||
      matched * bestNeeded > bestMatched * needed ||
      (matched * bestNeeded === bestMatched * needed && matched > bestMatched);
    if (better) {
      bestIndex = index;
      bestMatched = matched;
      bestNeeded = needed;
    }
  }
  if (bestIndex < 0) return null;
  const best = {
    index: bestIndex,
    matched: needs[bestIndex].skills.filter((s) => hasKey(memberSkills, s.key)).map((s) => s.raw),
    needed: bestNeeded,
  };
  const placed = bestPlace(project, member);
  let place: PlaceFit;
  let proximity: number;
  if (project.remoteFriendly) {
    if (placed && placed.proximity >= REMOTE_PROXIMITY) ({ fit: place, proximity } = placed);
    else {
      place = { kind: 'remote', distanceKm: placed?.fit.distanceKm ?? nearestCentreKm(project, member) };
      proximity = REMOTE_PROXIMITY;
    }
  } else if (placed) ({ fit: place, proximity } = placed);
  else return null;

  const need = project.needs[best.index];
  const coverage = best.matched.length / best.needed;

  const themesShared = project.themes.filter((t) => hasKey(member.interests, t.key)).map((t) => t.raw);
  const themes = project.themes.length > 0 ? themesShared.length / project.themes.length : 0;

  const startsLater = availability.from !== undefined && availability.from > ctx.day;
  const hoursFit = need.hoursPerWeek !== undefined ? 1 : Math.min(1, availability.hoursPerWeek / REFERENCE_HOURS);
  const availabilityFit = hoursFit * (startsLater ? 0.5 : 1);

  const breadth = Math.min(1, member.skills.length / BROAD_PROFILE_SKILLS);
  const stage = project.stage === 'idea' || project.stage === 'maturing' ? breadth : coverage;

  const components: ScoreComponents = {
    skills: round(coverage, 4),
    themes: round(themes, 4),
    proximity: round(proximity, 4),
    availability: round(availabilityFit, 4),
    stage: round(stage, 4),
  };
  const w = SCORE_WEIGHTS;
  const score = round(
    w.skills * components.skills +
      w.themes * components.themes +
      w.proximity * components.proximity +
      w.availability * components.availability +
      w.stage * components.stage,
    4,
  );

  const window: Availability = {
    hoursPerWeek: availability.hoursPerWeek,
    ...(availability.from !== undefined ? { from: availability.from } : {}),
    ...(availability.until !== undefined ? { until: availability.until } : {}),
  };
  const details: MatchDetails = {
    need: {
      index: best.index,
      role: need.role,
      skillsNeeded: best.needed,
      skillsMatched: best.matched,
      ...(need.hoursPerWeek !== undefined ? { hoursPerWeek: need.hoursPerWeek } : {}),
    },
    themesShared,
    place,
    availability: { ...window, startsLater },
    components,
  };
  return {
    projectId: project.id,
    memberId: member.id,
    firstName: member.firstName,
    projectTitle: project.title,
    projectKind: project.kind,
    projectStage: project.stage,
    score,
    distanceKm: place.distanceKm,
    role: need.role,
    skillsMatched: best.matched,
    availability: window,
    reasons: renderReasons(details),
    details,
  };
};

const sameList = (a: readonly string[], b: readonly string[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

const samePlace = (a: PlaceFit, b: PlaceFit): boolean => {
  if (a.kind !== b.kind || a.distanceKm !== b.distanceKm) return false;
  if (a.kind === 'radius') return a.radiusKm === (b as typeof a).radiusKm;
  if (a.kind === 'area') {
    const o = b as typeof a;
    return a.level === o.level && a.code === o.code && a.label === o.label;
  }
  return true;
};

/**
 * True when two evaluations of a pair show the same thing (every field of `PairMatch`;
 * `reasons` is rendered from `details`, so it is equal when they are). Field by field
 * because the engine compares every re-scored pair: serialising them was most of a load.
 * Keep in step with `PairMatch` and `MatchDetails`.
 */
export const samePairMatch = (a: PairMatch, b: PairMatch): boolean => {
  if (a === b) return true;
  if (
    a.score !== b.score ||
    a.distanceKm !== b.distanceKm ||
    a.projectId !== b.projectId ||
    a.memberId !== b.memberId ||
    a.firstName !== b.firstName ||
    a.projectTitle !== b.projectTitle ||
    a.projectKind !== b.projectKind ||
    a.projectStage !== b.projectStage ||
    a.role !== b.role ||
    !sameList(a.skillsMatched, b.skillsMatched)
  ) {
    return false;
  }
  const x = a.availability;
  const y = b.availability;
  if (x.hoursPerWeek !== y.hoursPerWeek || x.from !== y.from || x.until !== y.until) return false;
  const d = a.details;
  const e = b.details;
  if (
    d.need.index !== e.need.index ||
    d.need.role !== e.need.role ||
    d.need.skillsNeeded !== e.need.skillsNeeded ||
    d.need.hoursPerWeek !== e.need.hoursPerWeek ||
    !sameList(d.need.skillsMatched, e.need.skillsMatched) ||
    !sameList(d.themesShared, e.themesShared) ||
    !samePlace(d.place, e.place) ||
    d.availability.hoursPerWeek !== e.availability.hoursPerWeek ||
    d.availability.from !== e.availability.from ||
    d.availability.until !== e.availability.until ||
    d.availability.startsLater !== e.availability.startsLater
  ) {
    return false;
  }
  const c = d.components;
  const k = e.components;
  return (
    c.skills === k.skills &&
    c.themes === k.themes &&
    c.proximity === k.proximity &&
    c.availability === k.availability &&
    c.stage === k.stage
  );
};
