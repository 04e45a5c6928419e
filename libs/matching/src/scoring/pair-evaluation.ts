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

const hasKey = (terms: readonly NormalisedTerm[], key: string): boolean => {
  for (const t of terms) if (t.key === key) return true;
  return false;
};


const PLACE_RADIUS = 0;
const PLACE_AREA = 1;
const PLACE_REMOTE = 2;

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
  distanceKm: number | null = null;
  radiusLimit = 0;
  proximity = 0;
  themesShared = 0;
  startsLater = false;
  skills = 0;
  themes = 0;
  availability = 0;
  stage = 0;
  score = 0;
}

/**
 * Applies the hard filters to one pair and scores it into `out`; false when the member is
 * not a partner for the project. Pure: the same inputs always give the same result, which
 * is what makes the engine's output independent of event order.
 *
 * Hard filters: project active; member not the holder; no open/refused introduction;
 * availability window not over and hours > 0; place (distance ≤ min of both radii, or the
 * place inside a member's area, unless the project is remote-friendly); at least one need
 * whose hours the member meets and of which the member has at least one skill.
 */
export const scorePair = (project: ProjectView, member: MemberView, ctx: PairContext, out: PairScore): boolean => {
  if (project.status !== 'active' || ctx.excluded || member.id === project.holderId) return false;
  const availability = member.availability;
  if (!(availability.hoursPerWeek > 0)) return false;
  if (availability.until !== undefined && availability.until < ctx.day) return false;

  // Skills first: the cheapest filter and the one most pairs fail; counted without allocating.
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
  if (bestIndex < 0) return false;

  // Place: highest proximity, then shortest distance, then territory order.
  const { lat, lon } = project.location;
  let placed = -1;
  let placedKind = PLACE_RADIUS;
  let placedDistance = 0;
  let placedLimit = 0;
  let placedProximity = -1;
  let nearest: number | null = null;
  const territories = member.territories;
  for (let i = 0; i < territories.length; i++) {
    const t = territories[i];
    const raw = haversineKm(lat, lon, t.lat, t.lon);
    const d = roundKm(raw);
    if (nearest === null || d < nearest) nearest = d;
    let proximity: number;
    let limit = 0;
    let kind: number;
    if (t.kind === 'radius') {
      limit = Math.min(t.radiusKm, project.radiusKm);
      if (!(raw <= limit)) continue;
      proximity = limit > 0 ? Math.max(0, 1 - d / limit) : 1;
      kind = PLACE_RADIUS;
    } else {
      // A whole area matches when the project's place lies in it, however far its centre is:
      // the member said "anywhere in this area", so the project's radius is not applied here.
      if (project.location[AREA_FIELD[t.level]] !== t.code) continue;
      proximity = AREA_PROXIMITY[t.level];
      kind = PLACE_AREA;
    }
    if (placed < 0 || proximity > placedProximity || (proximity === placedProximity && d < placedDistance)) {
      placed = i;
      placedKind = kind;
      placedDistance = d;
      placedLimit = limit;
      placedProximity = proximity;
    }
  }
  if (project.remoteFriendly) {
    if (placed < 0 || placedProximity < REMOTE_PROXIMITY) {
      out.placeKind = PLACE_REMOTE;
      out.territoryIndex = -1;
      out.distanceKm = placed >= 0 ? placedDistance : nearest;
      out.radiusLimit = 0;
      out.proximity = REMOTE_PROXIMITY;
    } else {
      out.placeKind = placedKind;
      out.territoryIndex = placed;
      out.distanceKm = placedDistance;
      out.radiusLimit = placedLimit;
      out.proximity = placedProximity;
    }
  } else if (placed >= 0) {
    out.placeKind = placedKind;
    out.territoryIndex = placed;
    out.distanceKm = placedDistance;
    out.radiusLimit = placedLimit;
    out.proximity = placedProximity;
  } else return false;

  const need = needs[bestIndex];
  const coverage = bestMatched / bestNeeded;
  let shared = 0;
  for (const t of project.themes) if (hasKey(member.interests, t.key)) shared++;
  const themes = project.themes.length > 0 ? shared / project.themes.length : 0;
  const startsLater = availability.from !== undefined && availability.from > ctx.day;
  const hoursFit = need.hoursPerWeek !== undefined ? 1 : Math.min(1, availability.hoursPerWeek / REFERENCE_HOURS);
  const availabilityFit = hoursFit * (startsLater ? 0.5 : 1);
  const breadth = Math.min(1, member.skills.length / BROAD_PROFILE_SKILLS);
  const stage = project.stage === 'idea' || project.stage === 'maturing' ? breadth : coverage;

  out.needIndex = bestIndex;
  out.matched = bestMatched;
  out.needed = bestNeeded;
  out.themesShared = shared;
  out.startsLater = startsLater;
  out.skills = round(coverage, 4);
  out.themes = round(themes, 4);
  out.proximity = round(out.proximity, 4);
  out.availability = round(availabilityFit, 4);
  out.stage = round(stage, 4);
  const w = SCORE_WEIGHTS;
  out.score = round(
    w.skills * out.skills + w.themes * out.themes + w.proximity * out.proximity + w.availability * out.availability + w.stage * out.stage,
    4,
  );
  return true;
};

/** The full match (reasons, details) of a pair scored into `s` by `scorePair`. */
export const describePair = (project: ProjectView, member: MemberView, s: PairScore): PairMatch => {
  const need = project.needs[s.needIndex];
  const skillsMatched = need.skills.filter((k) => hasKey(member.skills, k.key)).map((k) => k.raw);
  const themesShared = project.themes.filter((t) => hasKey(member.interests, t.key)).map((t) => t.raw);
  let place: PlaceFit;
  if (s.placeKind === PLACE_REMOTE) place = { kind: 'remote', distanceKm: s.distanceKm };
  else {
    const t = member.territories[s.territoryIndex];
    place =
      t.kind === 'radius'
        ? { kind: 'radius', distanceKm: s.distanceKm as number, radiusKm: s.radiusLimit }
        : { kind: 'area', level: t.level, code: t.code, label: t.label, distanceKm: s.distanceKm as number };
  }
  const availability = member.availability;
  const window: Availability = {
    hoursPerWeek: availability.hoursPerWeek,
    ...(availability.from !== undefined ? { from: availability.from } : {}),
    ...(availability.until !== undefined ? { until: availability.until } : {}),
  };
  const components: ScoreComponents = {
    skills: s.skills,
    themes: s.themes,
    proximity: s.proximity,
    availability: s.availability,
    stage: s.stage,
  };
  const details: MatchDetails = {
    need: {
      index: s.needIndex,
      role: need.role,
      skillsNeeded: s.needed,
      skillsMatched,
      ...(need.hoursPerWeek !== undefined ? { hoursPerWeek: need.hoursPerWeek } : {}),
    },
    themesShared,
    place,
    availability: { ...window, startsLater: s.startsLater },
    components,
  };
  return {
    projectId: project.id,
    memberId: member.id,
    firstName: member.firstName,
    projectTitle: project.title,
    projectKind: project.kind,
    projectStage: project.stage,
    score: s.score,
    distanceKm: place.distanceKm,
    role: need.role,
    skillsMatched,
    availability: window,
    reasons: renderReasons(details),
    details,
  };
};

// 32-bit FNV-1a over strings and integers: content hashes of shown pairs (change detection).
const FNV_OFFSET = 0x811c9dc5;
const mixInt = (h: number, x: number): number => {
  h = Math.imul(h ^ (x & 0xffff), 16777619);
  return Math.imul(h ^ (x >>> 16), 16777619);
};
const mixNumber = (h: number, x: number | null | undefined): number => {
  if (x === null || x === undefined) return mixInt(h, 0x7fffffff);
  // Scores, distances and components have at most 4 decimals.
  return mixInt(mixInt(h, Math.round(x * 10000) | 0), Math.floor((x * 10000) / 4294967296) | 0);
};
const mixString = (h: number, s: string | undefined): number => {
  if (s === undefined) return mixInt(h, 0x7ffffffe);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return mixInt(h, s.length);
};

const projectHeaders = new WeakMap<ProjectView, number>();
const memberHeaders = new WeakMap<MemberView, number>();

const projectHeader = (p: ProjectView): number => {
  let h = projectHeaders.get(p);
  if (h === undefined) {
    h = mixString(mixString(mixString(FNV_OFFSET, p.title), p.kind), p.stage);
    projectHeaders.set(p, h);
  }
  return h;
};

const memberHeader = (m: MemberView): number => {
  let h = memberHeaders.get(m);
  if (h === undefined) {
    const a = m.availability;
    h = mixString(mixString(mixNumber(mixString(FNV_OFFSET, m.firstName), a.hoursPerWeek), a.from), a.until);
    memberHeaders.set(m, h);
  }
  return h;
};

/**
 * A hash of everything `describePair` shows for a pair scored into `s` (30 bits, a small
 * integer for V8). Two evaluations with equal hashes show the same thing, up to collisions
 * (about one in a billion per changed pair): lists compare hashes to report what changed.
 */
export const pairContentHash = (project: ProjectView, member: MemberView, s: PairScore): number => {
  let h = mixInt(mixInt(projectHeader(project), memberHeader(member) | 0), s.needIndex);
  const need = project.needs[s.needIndex];
  h = mixString(mixNumber(mixInt(h, s.needed), need.hoursPerWeek), need.role);
  for (const k of need.skills) if (hasKey(member.skills, k.key)) h = mixString(h, k.raw);
  h = mixInt(h, 0x5eed);
  for (const t of project.themes) if (hasKey(member.interests, t.key)) h = mixString(h, t.raw);
  h = mixNumber(mixNumber(mixInt(h, s.placeKind), s.distanceKm), s.radiusLimit);
  if (s.placeKind === PLACE_AREA) {
    const t = member.territories[s.territoryIndex];
    if (t.kind === 'area') h = mixString(mixString(mixString(h, t.level), t.code), t.label);
  }
  h = mixInt(h, s.startsLater ? 1 : 2);
  h = mixNumber(mixNumber(mixNumber(mixNumber(mixNumber(mixNumber(h, s.skills), s.themes), s.proximity), s.availability), s.stage), s.score);
  return h & 0x3fffffff;
};

const scratch = new PairScore();

/**
 * Applies the hard filters to one pair and scores it (see `scorePair`); null when the
 * member is not a partner for the project.
 */
export const evaluatePair = (project: ProjectView, member: MemberView, ctx: PairContext): PairMatch | null =>
  scorePair(project, member, ctx, scratch) ? describePair(project, member, scratch) : null;
