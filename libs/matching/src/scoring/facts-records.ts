import { unitVector } from '../geo/haversine';
import type { MemberView, ProjectView } from '../model/entities';
import type { MemberParts, ProjectParts } from '../reasons/description-parts';
import { FNV_OFFSET, hashString, mixInt, mixNumber, mixString } from './fnv-hash';

export const LEVEL_CODE = { commune: 1, departement: 2, region: 3 } as const;

// Layout of a project's facts record (one Float64Array: scoring reads a few cache lines per
// project instead of chasing a dozen objects, and doubles are not boxed).
export const P_ACTIVE = 0;
export const P_REMOTE = 1;
// 2: unused (held the early-stage flag of the removed "stage" part)
export const P_LAT = 3;
export const P_X = 4; // the place as a unit vector (see `chordKm`): x, y, z
export const P_RADIUS = 7;
export const P_HOLDER = 8; // hash of the holder's id (ids are compared only when hashes are equal)
export const P_CODE = 8; // + LEVEL_CODE: hashes of the commune, département and région codes (9–11)
export const P_HEADER = 12; // hash of title, kind and stage (what only a member's list shows)
export const P_NEEDS = 13; // number of needs
export const P_THEMES = 14; // where the themes' (code, wording hash) pairs start
export const P_THEME_END = 15;
export const P_FIRST_NEED = 16; // per need: hours (NaN when none), skills start, skills end, hash of role/hours/size
export const NEED_SIZE = 4;

// Layout of a member's facts record.
export const M_HOURS = 0;
export const M_SKILL_MASK = 1; // bit (code % 32) of each skill code: most codes are ruled out without a scan
export const M_INTEREST_MASK = 2;
export const M_HEADER = 3; // hash of first name and availability
export const M_ID = 4; // hash of the id
export const M_SKILLS = 5; // start and end of the skill codes
export const M_SKILLS_END = 6;
export const M_INTERESTS = 7;
export const M_INTERESTS_END = 8;
export const M_TERRITORIES = 9; // start of the territories, TERRITORY_SIZE numbers each
export const M_TERRITORY_COUNT = 10;
export const M_FROM = 11; // availability window as day numbers (see `dayNumber`), NaN when open
export const M_UNTIL = 12;
export const M_FIXED = 13;
// Per territory: 0 for a circle or LEVEL_CODE of an area, latitude, unit vector (3), radius, area code hash, area wording hash.
export const T_KIND = 0;
export const T_LAT = 1;
export const T_X = 2;
export const T_RADIUS = 5;
export const T_CODE = 6;
export const T_WORDS = 7;
export const TERRITORY_SIZE = 8;

/** A YYYY-MM-DD day as the number YYYYMMDD (same order as the text), NaN for undefined. */
export const dayNumber = (day: string | undefined): number =>
  day === undefined ? NaN : Number(day.slice(0, 4)) * 10000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));

/**
 * What scoring reads of a project, flattened into one record. Built once per project state
 * (views are immutable); strings are kept beside it to confirm hash equalities.
 */
export class ProjectFacts {
  readonly data: Float64Array;
  readonly holderId: string;
  /** Commune, département and région codes of the place (index = LEVEL_CODE). */
  readonly codes: readonly (string | undefined)[];
  /** Description parts of this project state, made on demand (see `reasons/pair-description.ts`). */
  parts?: ProjectParts;

  constructor(p: ProjectView) {
    const skills = p.needs.reduce((n, need) => n + need.skills.length, 0);
    const themesAt = P_FIRST_NEED + NEED_SIZE * p.needs.length + 2 * skills;
    const d = (this.data = new Float64Array(themesAt + 2 * p.themes.length));
    d[P_ACTIVE] = p.status === 'active' ? 1 : 0;
    d[P_REMOTE] = p.remoteFriendly ? 1 : 0;
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
  /** Description parts of this member state, made on demand (see `reasons/pair-description.ts`). */
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
export const hasCode = (d: Float64Array, from: number, to: number, mask: number, code: number): boolean => {
  if (((mask >>> (code & 31)) & 1) === 0) return false;
  for (let i = from; i < to; i++) if (d[i] === code) return true;
  return false;
};
