import { chordKm, KM_PER_DEGREE, unitVector } from '../geo/haversine';
import type { MemberView, ProjectView } from '../model/entities';
import { hoursAllowed } from '../scoring/need-fit';
import { DEFAULT_MIN_HOURS_SHARE } from '../scoring/score-weights';

/**
 * Missing partners: for a project whose list of partners is short, how many members of its
 * area have a skill one of its needs asks for but are not recommended, and which rule left
 * them out, so that the holder knows what to change (a wider radius, fewer hours asked…).
 * Counts only, never a person; rounding small counts is the api's business.
 */

/**
 * The rules, in the order they are applied: a member is counted once per need, under the
 * first rule that leaves them out.
 * - `memberRadius`: none of their territories reaches the project's place, whatever the
 *   project's radius (their own radius, or the area they chose, stops short);
 * - `projectRadius`: one of their circles reaches the place, but the project's radius does
 *   not reach them (a pair's limit is the smaller of both radii);
 * - `hours`: they offer no hours, or less than the share of the need's hours that lets it fit
 *   (`MATCH_MIN_HOURS_SHARE`, a half by default);
 * - `dates`: their availability ended before today;
 * - `introduction`: an introduction is open, done, or was declined or refused less than 90
 *   days ago, or they set the project aside (every pair the matcher leaves out for good or a while);
 * - `remoteReach`: a remote-friendly project, no territory of theirs places it, and they are
 *   not among its best candidates nationwide (`remoteReach`);
 * - `cap`: they fit, but are shown to the holders of K projects that fit them better.
 * The place rules do not apply to a remote-friendly project.
 */
export const MISSING_RULES = ['memberRadius', 'projectRadius', 'hours', 'dates', 'introduction', 'remoteReach', 'cap'] as const;
export type MissingRule = (typeof MISSING_RULES)[number];

/**
 * "In the area" of a project: a member with a circle whose centre is within AREA_KM of the
 * project's place, or with a whole area (commune, département, région) holding the place.
 * These are what the engine's indexes find (the members' circles on the geo grid, their
 * areas by code), so that counting costs the members nearby, never a scan.
 */
export const AREA_KM = 50;

/**
 * `short`: fewer partners than the list holds, counts computed; `full`: the list is full, no
 * counts (nothing to explain); `paused`: a paused project has no partners, no counts.
 */
export type MissingListState = 'short' | 'full' | 'paused';

export type MissingNeed = Readonly<{ index: number; role: string; members: Readonly<Record<MissingRule, number>> }>;

export type MissingPartners = Readonly<{
  projectId: string;
  list: MissingListState;
  /** Partners the project's list shows. */
  partners: number;
  /** One entry per need with skills, in the project's order (empty unless `list` is `short`). */
  needs: readonly MissingNeed[];
}>;

/**
 * What a pair that passes every rule up to the dates turns out to be, from the engine's
 * state: left out by an introduction (or a dismissal), beyond a remote-friendly project's
 * reach, capped, or recommended.
 */
export type PairOutcome = 'introduction' | 'remoteReach' | 'cap' | 'recommended';

const CODE_OF = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;

// A member's standing for one need, before the engine's state is read: 3 bits per need.
const NOT_ASKED = 0; // no skill of the need (or not in the area, or the holder)
const FITS = 1; // passes the rules up to the dates: the engine's state decides
const BY_RULE = 2; // + index in MISSING_RULES of memberRadius, projectRadius, hours, dates
const FITS_BEYOND = 6; // FITS, for a remote-friendly project none of whose territories places it (its reach decides)
const BITS = 8;
/** Needs a signature holds (a project has at most 10). */
const MAX_NEEDS = 10;

/**
 * What a project asks, prepared once per project state (views are immutable): its place,
 * and for each skill code the needs (bits) naming it.
 */
class MissingScreen {
  readonly place: readonly [number, number, number];
  readonly needsOf = new Map<number, number>();
  readonly needIndexes: number[] = [];

  constructor(
    readonly project: ProjectView,
    readonly minShare: number,
  ) {
    this.place = unitVector(project.location.lat, project.location.lon);
    project.needs.forEach((need, i) => {
      if (need.skills.length === 0 || this.needIndexes.length === MAX_NEEDS) return;
      const bit = 1 << this.needIndexes.length;
      this.needIndexes.push(i);
      for (const s of need.skills) this.needsOf.set(s.code, (this.needsOf.get(s.code) ?? 0) | bit);
    });
  }

  /**
   * A member's standing for each need (3 bits per need, in `needIndexes` order) as a
   * number: 0 when they are not concerned (not in the area, the holder, no needed skill).
   * Pure: the same states and day give the same number.
   */
  signature(member: MemberView | undefined, day: string): number {
    if (!member || member.id === this.project.holderId) return 0;
    let asked = 0;
    for (const k of member.skills) asked |= this.needsOf.get(k.code) ?? 0;
    if (asked === 0) return 0;
    const place = this.placeRule(member);
    if (place === undefined) return 0;
    const hours = member.availability.hoursPerWeek;
    const until = member.availability.until;
    const ended = until !== undefined && until < day;
    let signature = 0;
    for (let j = this.needIndexes.length - 1; j >= 0; j--) {
      let standing = NOT_ASKED;
      if ((asked >> j) & 1) {
        const needHours = this.project.needs[this.needIndexes[j]].hoursPerWeek;
        if (place !== null && place !== 'beyond') standing = BY_RULE + MISSING_RULES.indexOf(place);
        else if (!(hours > 0) || !hoursAllowed(hours, needHours ?? NaN, this.minShare)) standing = BY_RULE + 2;
        else if (ended) standing = BY_RULE + 3;
        else standing = place === 'beyond' ? FITS_BEYOND : FITS;
      }
      signature = signature * BITS + standing;
    }
    return signature;
  }

  /**
   * undefined: not in the area; null: placed; 'beyond': not placed by a remote-friendly
   * project (place is no rule there, its reach is); else the place rule that leaves them
   * out. The same distance test as scoring.
   */
  private placeRule(member: MemberView): MissingRule | 'beyond' | null | undefined {
    const project = this.project;
    const [px, py, pz] = this.place;
    let near = false;
    let placed = false;
    let ownReach = false;
    const circles = circlesOf(member);
    for (let i = 0; i < circles.length; i += CIRCLE_SIZE) {
      const radius = circles[i + 4];
      // The latitude difference alone rules most of the country out, before any distance.
      if (Math.abs(circles[i] - project.location.lat) * KM_PER_DEGREE > Math.max(AREA_KM, radius) + 1e-6) continue;
      const d = chordKm(px, py, pz, circles[i + 1], circles[i + 2], circles[i + 3]);
      if (d <= AREA_KM) near = true;
      if (d <= Math.min(radius, project.radiusKm)) placed = true;
      else if (d <= radius) ownReach = true;
    }
    for (const t of member.territories) {
      if (t.kind === 'area' && project.location[CODE_OF[t.level]] === t.code) near = placed = true;
    }
    if (!near) return undefined;
    if (placed) return null;
    if (project.remoteFriendly) return 'beyond';
    return ownReach ? 'projectRadius' : 'memberRadius';
  }
}

/** A member's circles as (latitude, unit vector, radius), made once per member state (views are immutable). */
const CIRCLE_SIZE = 5;
const circleCache = new WeakMap<MemberView, Float64Array>();
const circlesOf = (member: MemberView): Float64Array => {
  let circles = circleCache.get(member);
  if (!circles) {
    const list = member.territories.flatMap((t) => (t.kind === 'radius' ? [[t.lat, ...unitVector(t.lat, t.lon), t.radiusKm]] : []));
    circleCache.set(member, (circles = Float64Array.from(list.flat())));
  }
  return circles;
};

const screens = new WeakMap<ProjectView, MissingScreen>();

/** The screen of a project state (cached: views are immutable). */
export const missingScreen = (project: ProjectView, minShare: number): MissingScreen => {
  let screen = screens.get(project);
  if (!screen || screen.minShare !== minShare) screens.set(project, (screen = new MissingScreen(project, minShare)));
  return screen;
};

/** Whether a signature has a need the member fits (where the engine's state decides). */
export const anyFits = (signature: number): boolean => {
  for (let s = signature; s > 0; s = Math.floor(s / BITS)) if (s % BITS === FITS || s % BITS === FITS_BEYOND) return true;
  return false;
};

/**
 * How many members of a project's area stand where, per need: BITS counters per need (in
 * `needIndexes` order), kept in step by adding and taking out members' signatures.
 */
export type MissingTally = Int32Array;

export const newTally = (project: ProjectView): MissingTally =>
  new Int32Array(missingScreen(project, DEFAULT_MIN_HOURS_SHARE).needIndexes.length * BITS);

/** Adds (`by` 1) or takes out (-1) a member's signature. */
export const tallySignature = (tally: MissingTally, signature: number, by: 1 | -1): void => {
  for (let at = 0, s = signature; s > 0; at += BITS, s = Math.floor(s / BITS)) tally[at + (s % BITS)] += by;
};

/**
 * The counts from a project's tally and the few members the engine's state sets apart: those
 * the list shows (out of every need), those whose pair is excluded (who fit: introduction),
 * and a remote-friendly project's reach (who fit beyond their territories but are in it:
 * cap, the others beyond: remoteReach). Everyone else who fits is capped.
 */
export const countFromTally = (
  project: ProjectView,
  tally: MissingTally,
  day: string,
  partners: number,
  sets: Readonly<{ shown: readonly MemberView[]; excluded: readonly MemberView[]; reach: readonly MemberView[] }>,
  minShare: number,
): MissingPartners => {
  const screen = missingScreen(project, minShare);
  const counts = Int32Array.from(tally);
  const introduction = new Int32Array(screen.needIndexes.length);
  const inReach = new Int32Array(screen.needIndexes.length);
  for (const member of sets.shown) tallySignature(counts, screen.signature(member, day), -1);
  const each = (members: readonly MemberView[], visit: (need: number, standing: number) => void): void => {
    for (const member of members) {
      for (let j = 0, s = screen.signature(member, day); s > 0; j++, s = Math.floor(s / BITS)) visit(j, s % BITS);
    }
  };
  each(sets.excluded, (j, standing) => {
    if (standing !== FITS && standing !== FITS_BEYOND) return;
    counts[j * BITS + standing]--;
    introduction[j]++;
  });
  each(sets.reach, (j, standing) => {
    if (standing === FITS_BEYOND) inReach[j]++;
  });
  return {
    projectId: project.id,
    partners,
    list: 'short',
    needs: screen.needIndexes.map((index, j) => {
      const at = j * BITS;
      const members: Record<MissingRule, number> = {
        memberRadius: counts[at + BY_RULE],
        projectRadius: counts[at + BY_RULE + 1],
        hours: counts[at + BY_RULE + 2],
        dates: counts[at + BY_RULE + 3],
        introduction: introduction[j],
        remoteReach: counts[at + FITS_BEYOND] - inReach[j],
        cap: counts[at + FITS] + inReach[j],
      };
      return { index, role: project.needs[index].role, members };
    }),
  };
};

const zero = (): Record<MissingRule, number> => ({
  memberRadius: 0,
  projectRadius: 0,
  hours: 0,
  dates: 0,
  introduction: 0,
  remoteReach: 0,
  cap: 0,
});

/**
 * Counts the missing partners of a project among `candidates` (any superset of the members
 * of its area having one of its needed skills; each given once). `outcome` says what became
 * of a member who fits a need up to the dates (asked at most once per member).
 */
export const countMissing = (
  project: ProjectView,
  candidates: Iterable<MemberView>,
  day: string,
  partners: number,
  listSize: number,
  outcome: (member: MemberView) => PairOutcome,
  minShare: number = DEFAULT_MIN_HOURS_SHARE,
): MissingPartners => {
  const base = { projectId: project.id, partners };
  if (project.status !== 'active') return { ...base, list: 'paused', needs: [] };
  if (partners >= listSize) return { ...base, list: 'full', needs: [] };
  const screen = missingScreen(project, minShare);
  const counts = screen.needIndexes.map(() => zero());
  for (const member of candidates) {
    const signature = screen.signature(member, day);
    if (signature === 0) continue;
    // A member the list shows is no missing partner, whatever their other needs' rules.
    const after = anyFits(signature) ? outcome(member) : undefined;
    if (after === 'recommended') continue;
    for (let j = 0, s = signature; j < counts.length; j++, s = Math.floor(s / BITS)) {
      const standing = s % BITS;
      if (standing === NOT_ASKED) continue;
      counts[j][standing === FITS || standing === FITS_BEYOND ? (after as MissingRule) : MISSING_RULES[standing - BY_RULE]]++;
    }
  }
  return {
    ...base,
    list: 'short',
    needs: screen.needIndexes.map((index, j) => ({ index, role: project.needs[index].role, members: counts[j] })),
  };
};
