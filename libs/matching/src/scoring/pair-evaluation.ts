import type { Availability, ProjectKind, ProjectStage } from '@trame/domain';
import { chordKm, KM_PER_DEGREE, unitVector } from '../geo/haversine';
import type { MemberView, ProjectView } from '../model/entities';
import type { PartnerMatch, ProjectMatch } from '../ranking/ranking';
import type { NormalisedTerm } from '../normalise/term-normaliser';
import { hoursReason, joinReasons, placeReason, skillsReason, themesReason, type RenderedReasons } from './reasons';

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

// Scores and components have 4 decimals, distances 1 (constants: this runs for millions of pairs).
const round4 = (x: number) => Math.round(x * 10000) / 10000;
const roundKm = (km: number) => Math.round(km * 10) / 10;

const hasTerm = (terms: readonly NormalisedTerm[], code: number): boolean => {
  for (let i = 0; i < terms.length; i++) if (terms[i].code === code) return true;
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
  /**
   * A remote-friendly project's fit with a member none of whose territories places them:
   * such pairs are subject to the project's reach (see `remote-reach.ts`).
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
  startsLater = false;
  skills = 0;
  themes = 0;
  availability = 0;
  stage = 0;
  score = 0;
}

const LEVEL_CODE = { commune: 1, departement: 2, region: 3 } as const;

// Layout of a project's facts record (one Float64Array: scoring reads a few cache lines per
// project instead of chasing a dozen objects, and doubles are not boxed).
const P_ACTIVE = 0;
const P_REMOTE = 1;
const P_EARLY = 2;
const P_LAT = 3;
const P_X = 4; // the place as a unit vector (see `chordKm`): x, y, z
const P_RADIUS = 7;
const P_HOLDER = 8; // hash of the holder's id (ids are compared only when hashes are equal)
const P_CODE = 8; // + LEVEL_CODE: hashes of the commune, département and région codes (9–11)
const P_HEADER = 12; // hash of title, kind and stage (what only a member's list shows)
const P_NEEDS = 13; // number of needs
const P_THEMES = 14; // where the themes' (code, wording hash) pairs start
const P_THEME_END = 15;
const P_FIRST_NEED = 16; // per need: hours (NaN when none), skills start, skills end, hash of role/hours/size
const NEED_SIZE = 4;

// Layout of a member's facts record.
const M_HOURS = 0;
const M_SKILL_MASK = 1; // bit (code % 32) of each skill code: most codes are ruled out without a scan
const M_INTEREST_MASK = 2;
const M_HEADER = 3; // hash of first name and availability
const M_ID = 4; // hash of the id
const M_SKILLS = 5; // start and end of the skill codes
const M_SKILLS_END = 6;
const M_INTERESTS = 7;
const M_INTERESTS_END = 8;
const M_TERRITORIES = 9; // start of the territories, TERRITORY_SIZE numbers each
const M_TERRITORY_COUNT = 10;
const M_FROM = 11; // availability window as day numbers (see `dayNumber`), NaN when open
const M_UNTIL = 12;
const M_FIXED = 13;
// Per territory: 0 for a circle or LEVEL_CODE of an area, latitude, unit vector (3), radius, area code hash, area wording hash.
const T_KIND = 0;
const T_LAT = 1;
const T_X = 2;
const T_RADIUS = 5;
const T_CODE = 6;
const T_WORDS = 7;
const TERRITORY_SIZE = 8;

/** A YYYY-MM-DD day as the number YYYYMMDD (same order as the text), NaN for undefined. */
export const dayNumber = (day: string | undefined): number =>
  day === undefined ? NaN : Number(day.slice(0, 4)) * 10000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));

let lastDay = '';
let lastDayNumber = NaN;
/** `dayNumber` of the context's day (the same day is asked for millions of pairs). */
const contextDay = (day: string): number => {
  if (day !== lastDay) {
    lastDay = day;
    lastDayNumber = dayNumber(day);
  }
  return lastDayNumber;
};

/** 32-bit FNV-1a of a string, as a number (NaN for undefined, which equals nothing). */
const hashString = (s: string | undefined): number => (s === undefined ? NaN : mixString(FNV_OFFSET, s));

/**
 * What scoring reads of a project, flattened into one record. Built once per project state
 * (views are immutable); strings are kept beside it to confirm hash equalities.
 */
export class ProjectFacts {
  readonly data: Float64Array;
  readonly holderId: string;
  /** Commune, département and région codes of the place (index = LEVEL_CODE). */
  readonly codes: readonly (string | undefined)[];
  /** Description parts of this project state, made on demand (see `describePair`). */
  parts?: ProjectParts;

  constructor(p: ProjectView) {
    const skills = p.needs.reduce((n, need) => n + need.skills.length, 0);
    const themesAt = P_FIRST_NEED + NEED_SIZE * p.needs.length + 2 * skills;
    const d = (this.data = new Float64Array(themesAt + 2 * p.themes.length));
    d[P_ACTIVE] = p.status === 'active' ? 1 : 0;
    d[P_REMOTE] = p.remoteFriendly ? 1 : 0;
    d[P_EARLY] = p.stage === 'idea' || p.stage === 'maturing' ? 1 : 0;
    d[P_LAT] = p.location.lat;
    d.set(unitVector(p.location.lat, p.location.lon), P_X);
    d[P_RADIUS] = p.radiusKm;
    this.holderId = p.holderId;
    d[P_HOLDER] = hashString(p.holderId);
    this.codes = [undefined, p.location.communeCode, p.location.departementCode, p.location.regionCode];
    for (let level = 1; level <= 3; level++) d[P_CODE + level] = hashString(this.codes[level]);
    d[P_HEADER] = mixString(mixString(mixString(FNV_OFFSET, p.title), p.kind), p.stage);
    d[P_NEEDS] = p.needs.length;
    let at = P_FIRST_NEED + NEED_SIZE * p.needs.length;
    p.needs.forEach((need, i) => {
      const n = P_FIRST_NEED + NEED_SIZE * i;
      d[n] = need.hoursPerWeek ?? NaN;
      d[n + 1] = at;
      for (const k of need.skills) {
        d[at++] = k.code;
        d[at++] = hashString(k.raw);
      }
      d[n + 2] = at;
      d[n + 3] = mixString(mixNumber(mixInt(mixInt(FNV_OFFSET, i), need.skills.length), need.hoursPerWeek), need.role);
    });
    d[P_THEMES] = at;
    for (const t of p.themes) {
      d[at++] = t.code;
      d[at++] = hashString(t.raw);
    }
    d[P_THEME_END] = at;
  }

  /** Hash of what only a member's list shows of the project (title, kind, stage): 30 bits. */
  get header(): number {
    return this.data[P_HEADER] & 0x3fffffff;
  }
}

/** What scoring reads of a member (see `ProjectFacts`). */
export class MemberFacts {
  readonly data: Float64Array;
  readonly id: string;
  readonly from: string | undefined;
  readonly until: string | undefined;
  readonly areaCodes: readonly (string | undefined)[];
  /** Description parts of this member state, made on demand (see `describePair`). */
  parts?: MemberParts;

  constructor(m: MemberView) {
    const ts = m.territories;
    const territoriesAt = M_FIXED + m.skills.length + m.interests.length;
    const d = (this.data = new Float64Array(territoriesAt + TERRITORY_SIZE * ts.length));
    this.id = m.id;
    this.from = m.availability.from;
    this.until = m.availability.until;
    this.areaCodes = ts.map((t) => (t.kind === 'radius' ? undefined : t.code));
    const a = m.availability;
    d[M_HOURS] = a.hoursPerWeek;
    d[M_HEADER] = mixString(mixString(mixNumber(mixString(FNV_OFFSET, m.firstName), a.hoursPerWeek), a.from), a.until);
    d[M_ID] = hashString(m.id);
    d[M_FROM] = dayNumber(a.from);
    d[M_UNTIL] = dayNumber(a.until);
    let at = M_FIXED;
    let mask = 0;
    d[M_SKILLS] = at;
    for (const t of m.skills) {
      d[at++] = t.code;
      mask |= 1 << (t.code & 31);
    }
    d[M_SKILLS_END] = at;
    d[M_SKILL_MASK] = mask >>> 0;
    mask = 0;
    d[M_INTERESTS] = at;
    for (const t of m.interests) {
      d[at++] = t.code;
      mask |= 1 << (t.code & 31);
    }
    d[M_INTERESTS_END] = at;
    d[M_INTEREST_MASK] = mask >>> 0;
    d[M_TERRITORIES] = at;
    d[M_TERRITORY_COUNT] = ts.length;
    for (const t of ts) {
      d[at + T_KIND] = t.kind === 'radius' ? 0 : LEVEL_CODE[t.level];
      d[at + T_LAT] = t.lat;
      d.set(unitVector(t.lat, t.lon), at + T_X);
      d[at + T_RADIUS] = t.kind === 'radius' ? t.radiusKm : 0;
      d[at + T_CODE] = t.kind === 'radius' ? NaN : hashString(t.code);
      d[at + T_WORDS] = t.kind === 'area' ? mixString(mixString(mixString(FNV_OFFSET, t.level), t.code), t.label) : 0;
      at += TERRITORY_SIZE;
    }
  }
}

const projectFactsCache = new WeakMap<ProjectView, ProjectFacts>();
const memberFactsCache = new WeakMap<MemberView, MemberFacts>();

/** The facts of a project state (cached: views are immutable). */
export const projectFacts = (p: ProjectView): ProjectFacts => {
  let f = projectFactsCache.get(p);
  if (!f) projectFactsCache.set(p, (f = new ProjectFacts(p)));
  return f;
};

export const memberFacts = (m: MemberView): MemberFacts => {
  let f = memberFactsCache.get(m);
  if (!f) memberFactsCache.set(m, (f = new MemberFacts(m)));
  return f;
};

/** Whether `d[from..to)` holds `code` (`mask`: the bits of those codes, see M_SKILL_MASK). */
const hasCode = (d: Float64Array, from: number, to: number, mask: number, code: number): boolean => {
  if (((mask >>> (code & 31)) & 1) === 0) return false;
  for (let i = from; i < to; i++) if (d[i] === code) return true;
  return false;
};

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
export const scorePair = (project: ProjectView, member: MemberView, ctx: PairContext, out: PairScore): boolean =>
  scoreFacts(projectFacts(project), memberFacts(member), ctx, out);

/** `scorePair` on the facts of both sides. */
export const scoreFacts = (project: ProjectFacts, member: MemberFacts, ctx: PairContext, out: PairScore): boolean =>
  scoreRecords(project.data, 0, member.data, 0, project, member, ctx, out);

/**
 * `scorePair` on facts records read where they lie: `p[pa…]` and `m[ma…]` (the engine keeps
 * every entity's record in one array per side, so that scoring a candidate reads a few
 * adjacent cache lines). `project` and `member` are the records' facts, read only to
 * confirm an equality of hashes (holder, area code).
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
  const day = contextDay(ctx.day);
  if (m[ma + M_UNTIL] < day) return false;

  // Skills first: the cheapest filter and the one most pairs fail.
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
    // NaN (no hours asked) fails this comparison: the need takes anyone.
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

  // Place: highest proximity, then shortest distance, then territory order.
  const lat = p[pa + P_LAT];
  const px = p[pa + P_X];
  const py = p[pa + P_X + 1];
  const pz = p[pa + P_X + 2];
  const remote = p[pa + P_REMOTE] === 1;
  const radius = p[pa + P_RADIUS];
  let placed = -1;
  let placedKind = PLACE_RADIUS;
  let placedDistance = 0;
  let placedLimit = 0;
  let placedProximity = -1;
  let nearest = -1;
  const count = m[ma + M_TERRITORY_COUNT];
  for (let i = 0, t = ma + m[ma + M_TERRITORIES]; i < count; i++, t += TERRITORY_SIZE) {
    const level = m[t + T_KIND];
    let limit = 0;
    if (!remote) {
      // Without remote work only a territory that places the member counts: rule the
      // others out before measuring (a great-circle distance is at least the latitude
      // difference; the margin is far above rounding).
      if (level === 0) {
        limit = Math.min(m[t + T_RADIUS], radius);
        if (Math.abs(m[t + T_LAT] - lat) * KM_PER_DEGREE > limit + 1e-6) continue;
      } else if (!sameArea(project, member, level, i, p[pa + P_CODE + level], m[t + T_CODE])) continue;
    }
    const raw = chordKm(px, py, pz, m[t + T_X], m[t + T_X + 1], m[t + T_X + 2]);
    const d = roundKm(raw);
    if (nearest < 0 || d < nearest) nearest = d;
    let proximity: number;
    let kind: number;
    if (level === 0) {
      limit = Math.min(m[t + T_RADIUS], radius);
      if (!(raw <= limit)) continue;
      proximity = limit > 0 ? Math.max(0, 1 - d / limit) : 1;
      kind = PLACE_RADIUS;
    } else {
      // A whole area matches when the project's place lies in it, however far its centre is:
      // the member said "anywhere in this area", so the project's radius is not applied here.
      if (!sameArea(project, member, level, i, p[pa + P_CODE + level], m[t + T_CODE])) continue;
      proximity = level === 1 ? AREA_PROXIMITY.commune : level === 2 ? AREA_PROXIMITY.departement : AREA_PROXIMITY.region;
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
  out.beyond = remote && placed < 0;
  if (remote) {
    if (placed < 0 || placedProximity < REMOTE_PROXIMITY) {
      out.placeKind = PLACE_REMOTE;
      out.territoryIndex = -1;
      out.distanceKm = placed >= 0 ? placedDistance : nearest < 0 ? null : nearest;
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
  // Last of the filters: ids are compared by hash, and by text only when hashes agree.
  if (p[pa + P_HOLDER] === m[ma + M_ID] && member.id === project.holderId) return false;

  const coverage = bestMatched / bestNeeded;
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
  const themes = themeCount > 0 ? shared / themeCount : 0;
  // NaN (no start date) fails this comparison: available now.
  const startsLater = m[ma + M_FROM] > day;
  const needHours = p[pa + P_FIRST_NEED + NEED_SIZE * bestIndex];
  const hoursFit = needHours === needHours ? 1 : Math.min(1, hours / REFERENCE_HOURS);
  const availabilityFit = hoursFit * (startsLater ? 0.5 : 1);
  const breadth = Math.min(1, (skillsTo - skillsFrom) / BROAD_PROFILE_SKILLS);
  const stage = p[pa + P_EARLY] === 1 ? breadth : coverage;

  out.needIndex = bestIndex;
  out.matched = bestMatched;
  out.needed = bestNeeded;
  out.themesShared = shared;
  out.skillMatches = bestBits;
  out.themeMatches = themeBits;
  out.themeCount = themeCount;
  out.startsLater = startsLater;
  out.skills = round4(coverage);
  out.themes = round4(themes);
  out.proximity = round4(out.proximity);
  out.availability = round4(availabilityFit);
  out.stage = round4(stage);
  const w = SCORE_WEIGHTS;
  out.score = round4(
    w.skills * out.skills + w.themes * out.themes + w.proximity * out.proximity + w.availability * out.availability + w.stage * out.stage,
  );
  return true;
};

/** Whether the project's place lies in a member's area (codes compared by hash, then by text). */
const sameArea = (project: ProjectFacts, member: MemberFacts, level: number, territory: number, a: number, b: number): boolean =>
  a === b && project.codes[level] === member.areaCodes[territory];

type NeedPart = Readonly<{ need: MatchDetails['need']; skillsMatched: readonly string[]; reasons: RenderedReasons }>;
type ThemesPart = Readonly<{ themesShared: readonly string[]; reasons: RenderedReasons | undefined }>;
type ProjectParts = { needs: Map<number, NeedPart>[]; themes: Map<number, ThemesPart> };
type MemberParts = {
  window: Availability;
  availability: [MatchDetails['availability'], MatchDetails['availability']];
  hours: [RenderedReasons, RenderedReasons];
  areas: (RenderedReasons | undefined)[];
};

// Parts of descriptions shared by many pairs, cached with each entity state's facts (views
// are immutable): a need's matched skills and their sentence, a member's availability and
// theirs. The described objects are shared between matches (read-only, like every match).
const NO_THEMES: ThemesPart = { themesShared: [], reasons: undefined };
/** Masks cover the first 31 terms; a need or theme list beyond that is described without cache. */
const MASKED_TERMS = 31;

const partsOfProject = (p: ProjectView, facts: ProjectFacts): ProjectParts =>
  (facts.parts ??= { needs: p.needs.map(() => new Map<number, NeedPart>()), themes: new Map() });

const partsOfMember = (m: MemberView, facts: MemberFacts): MemberParts => {
  if (!facts.parts) {
    const a = m.availability;
    const window: Availability = { hoursPerWeek: a.hoursPerWeek };
    if (a.from !== undefined) (window as { from?: string }).from = a.from;
    if (a.until !== undefined) (window as { until?: string }).until = a.until;
    const now = { ...window, startsLater: false };
    const later = { ...window, startsLater: true };
    facts.parts = {
      window,
      availability: [now, later],
      hours: [hoursReason(now), hoursReason(later)],
      areas: m.territories.map((t) =>
        t.kind === 'area' ? placeReason({ kind: 'area', level: t.level, code: t.code, label: t.label, distanceKm: 0 }) : undefined,
      ),
    };
  }
  return facts.parts;
};

const needPart = (project: ProjectView, member: MemberView, s: PairScore, facts: ProjectFacts): NeedPart => {
  // The view is read on a miss only (the score knows the need's size and matches).
  const cached = s.needed <= MASKED_TERMS;
  const cache = partsOfProject(project, facts).needs[s.needIndex];
  let part = cached ? cache.get(s.skillMatches) : undefined;
  if (!part) {
    const need = project.needs[s.needIndex];
    const skillsMatched = need.skills.filter((k) => hasTerm(member.skills, k.code)).map((k) => k.raw);
    const details: { index: number; role: string; skillsNeeded: number; skillsMatched: readonly string[]; hoursPerWeek?: number } = {
      index: s.needIndex,
      role: need.role,
      skillsNeeded: s.needed,
      skillsMatched,
    };
    if (need.hoursPerWeek !== undefined) details.hoursPerWeek = need.hoursPerWeek;
    part = { need: details, skillsMatched, reasons: skillsReason(skillsMatched, s.needed) };
    if (cached) cache.set(s.skillMatches, part);
  }
  return part;
};

const themesPart = (project: ProjectView, member: MemberView, s: PairScore, facts: ProjectFacts): ThemesPart => {
  if (s.themesShared === 0) return NO_THEMES;
  const cached = s.themeCount <= MASKED_TERMS;
  const cache = partsOfProject(project, facts).themes;
  let part = cached ? cache.get(s.themeMatches) : undefined;
  if (!part) {
    const themesShared = project.themes.filter((t) => hasTerm(member.interests, t.code)).map((t) => t.raw);
    part = { themesShared, reasons: themesReason(themesShared) };
    if (cached) cache.set(s.themeMatches, part);
  }
  return part;
};

type Described = { details: MatchDetails; reasons: RenderedReasons; need: NeedPart; window: Availability };

/** What every description of a pair holds (scored into `s` by `scorePair`; facts: the entities' own). */
const describeParts = (
  project: ProjectView,
  member: MemberView,
  s: PairScore,
  pf: ProjectFacts = projectFacts(project),
  mf: MemberFacts = memberFacts(member),
): Described => {
  const need = needPart(project, member, s, pf);
  const themes = themesPart(project, member, s, pf);
  const mp = partsOfMember(member, mf);
  let place: PlaceFit;
  let placeWords: RenderedReasons;
  if (s.placeKind === PLACE_REMOTE) {
    place = { kind: 'remote', distanceKm: s.distanceKm };
    placeWords = placeReason(place);
  } else {
    const t = member.territories[s.territoryIndex];
    if (t.kind === 'radius') {
      place = { kind: 'radius', distanceKm: s.distanceKm as number, radiusKm: s.radiusLimit };
      placeWords = placeReason(place);
    } else {
      place = { kind: 'area', level: t.level, code: t.code, label: t.label, distanceKm: s.distanceKm as number };
      placeWords = mp.areas[s.territoryIndex] as RenderedReasons;
    }
  }
  const later = s.startsLater ? 1 : 0;
  const components: ScoreComponents = {
    skills: s.skills,
    themes: s.themes,
    proximity: s.proximity,
    availability: s.availability,
    stage: s.stage,
  };
  const details: MatchDetails = {
    need: need.need,
    themesShared: themes.themesShared,
    place,
    availability: mp.availability[later],
    components,
  };
  return { details, reasons: joinReasons(need.reasons, placeWords, mp.hours[later], themes.reasons), need, window: mp.window };
};

/** The full match (reasons, details) of a pair scored into `s` by `scorePair`. */
export const describePair = (project: ProjectView, member: MemberView, s: PairScore): PairMatch => {
  const d = describeParts(project, member, s);
  return {
    projectId: project.id,
    memberId: member.id,
    firstName: member.firstName,
    projectTitle: project.title,
    projectKind: project.kind,
    projectStage: project.stage,
    score: s.score,
    distanceKm: d.details.place.distanceKm,
    role: d.need.need.role,
    skillsMatched: d.need.skillsMatched,
    availability: d.window,
    reasons: d.reasons,
    details: d.details,
  };
};

/** `toProjectMatch(describePair(…))`, built directly (a rebuild describes millions of entries). */
export const describeProjectMatch = (
  project: ProjectView,
  member: MemberView,
  s: PairScore,
  pf?: ProjectFacts,
  mf?: MemberFacts,
): ProjectMatch => {
  const d = describeParts(project, member, s, pf, mf);
  return {
    projectId: project.id,
    title: project.title,
    kind: project.kind,
    stage: project.stage,
    score: s.score,
    distanceKm: d.details.place.distanceKm,
    role: d.need.need.role,
    skillsMatched: d.need.skillsMatched,
    reasons: d.reasons,
    details: d.details,
  };
};

/** `toPartnerMatch(describePair(…))`, built directly. */
export const describePartnerMatch = (
  project: ProjectView,
  member: MemberView,
  s: PairScore,
  pf?: ProjectFacts,
  mf?: MemberFacts,
): PartnerMatch => {
  const d = describeParts(project, member, s, pf, mf);
  return {
    memberId: member.id,
    firstName: member.firstName,
    score: s.score,
    distanceKm: d.details.place.distanceKm,
    role: d.need.need.role,
    skillsMatched: d.need.skillsMatched,
    availability: d.window,
    reasons: d.reasons,
    details: d.details,
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

/** The part of a pair's content hash that only a member's list shows (title, kind, stage). */
export const projectContentHash = (project: ProjectView): number => projectFacts(project).header;

/**
 * A hash of everything `describePair` shows for a pair scored into `s` (30 bits, a small
 * integer for V8). Two evaluations with equal hashes show the same thing, up to collisions
 * (about one in a billion per changed pair): lists compare hashes to report what changed.
 * A project's list does not show the project's own title, kind and stage: its entries hash
 * `pairContentHash ^ projectContentHash(project)`.
 */
export const pairContentHash = (project: ProjectView, member: MemberView, s: PairScore): number =>
  factsContentHash(projectFacts(project), memberFacts(member), s);

/** `pairContentHash` from both sides' facts (the wordings are hashed once per entity state). */
export const factsContentHash = (project: ProjectFacts, member: MemberFacts, s: PairScore): number =>
  recordsContentHash(project.data, 0, member.data, 0, s);

/** `pairContentHash` from facts records where they lie (see `scoreRecords`). */
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
  h = mixNumber(
    mixNumber(mixNumber(mixNumber(mixNumber(mixNumber(h, s.skills), s.themes), s.proximity), s.availability), s.stage),
    s.score,
  );
  return (h ^ p[pa + P_HEADER]) & 0x3fffffff;
};

const scratch = new PairScore();

/**
 * Applies the hard filters to one pair and scores it (see `scorePair`); null when the
 * member is not a partner for the project.
 */
export const evaluatePair = (project: ProjectView, member: MemberView, ctx: PairContext): PairMatch | null =>
  scorePair(project, member, ctx, scratch) ? describePair(project, member, scratch) : null;
