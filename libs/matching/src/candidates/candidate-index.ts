import { GeoGrid } from '../geo/geo-grid';
import { unitVector } from '../geo/haversine';
import { nextDay } from '../model/days';
import type { MemberView, ProjectView } from '../model/entities';
import { PostingList } from '../model/posting-list';
import { RecordArena } from '../model/record-arena';
import { LEVELS, type Place } from '../referents/referent-resolution';
import { memberFacts, projectFacts, type MemberFacts, type ProjectFacts } from '../scoring/facts-records';
import { MemberScreen, ProjectScreen, skillMaskOf } from './place-screen';
import { VisitMarks } from './visit-marks';

export const CODE_OF = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;
export const areaKey = (level: string, code: string) => `${level}:${code}`;

/** The area keys (commune, département, région) of a place. */
export const areaKeysOf = (place: Place): string[] => {
  const keys: string[] = [];
  for (const level of LEVELS) {
    const code = place[CODE_OF[level]];
    if (code !== undefined) keys.push(areaKey(level, code));
  }
  return keys;
};

const neededCache = new WeakMap<ProjectView, Set<string>>();

/** The skill keys an active project's needs name (cached per project state: views are immutable). */
export const neededSkills = (project: ProjectView): Set<string> => {
  let needed = neededCache.get(project);
  if (!needed) {
    needed = new Set();
    if (project.status === 'active') for (const need of project.needs) for (const skill of need.skills) needed.add(skill.key);
    neededCache.set(project, needed);
  }
  return needed;
};

/**
 * The candidate index: every project and member known, by dense index (small integers
 * hash and compare fastest, and ids are never reused), with what finds candidates without
 * scanning everyone and what rules them out before scoring:
 * - members' circle centres and projects' places on a lat/lon grid; members' and projects'
 *   areas by administrative code; skill key → members; skill key → remote-friendly
 *   projects; theme key → projects and theme key → members (to bound the score of a
 *   remote-friendly project's candidates);
 * - the facts scoring reads (`ProjectFacts`, `MemberFacts`), their records side by side;
 * - the place screen (skill masks, latitudes and circles: `place-screen.ts`);
 * - the days on which a member's availability starts or ends.
 */
export class CandidateIndex {
  readonly projects = new Map<string, ProjectView>();
  readonly members = new Map<string, MemberView>();

  /** Dense indexes of ids (never reused), so pair lists hold small integers. */
  readonly projectIndex = new Map<string, number>();
  readonly memberIndex = new Map<string, number>();
  readonly projectIdOf: string[] = [];
  readonly memberIdOf: string[] = [];
  /** Current view of each by index (undefined once erased or closed). */
  readonly memberOf: (MemberView | undefined)[] = [];
  readonly projectOf: (ProjectView | undefined)[] = [];
  /** What scoring reads of each, by index (see `ProjectFacts`). */
  readonly memberFactsOf: (MemberFacts | undefined)[] = [];
  readonly projectFactsOf: (ProjectFacts | undefined)[] = [];
  /** Their records side by side, by index (what scoring reads). */
  readonly memberRecords = new RecordArena();
  readonly projectRecords = new RecordArena();
  readonly projectScreen = new ProjectScreen();
  readonly memberScreen = new MemberScreen();
  readonly marks = new VisitMarks();

  readonly memberGeo: GeoGrid<number>;
  readonly memberArea = new PostingList<number>();
  readonly memberSkill = new PostingList<number>();
  /** Theme key → members interested (to bound the score of a remote-friendly project's candidates). */
  readonly memberInterest = new PostingList<number>();
  readonly projectGeo: GeoGrid<number>;
  readonly projectArea = new PostingList<number>();
  readonly projectRemoteSkill = new PostingList<number>();
  readonly projectTheme = new PostingList<number>();
  /** How many projects have each radius (the largest bounds a member's search). */
  private readonly projectRadii = new Map<number, number>();
  /** Day on which a member's score or eligibility changes (availability from / day after until). */
  readonly availabilityBoundaries = new PostingList<number>();

  constructor(cellDegrees: number) {
    this.memberGeo = new GeoGrid<number>(cellDegrees);
    this.projectGeo = new GeoGrid<number>(cellDegrees);
  }

  projectIdx(id: string): number {
    let i = this.projectIndex.get(id);
    if (i === undefined) {
      i = this.projectIdOf.length;
      this.projectIndex.set(id, i);
      this.projectIdOf.push(id);
    }
    return i;
  }

  memberIdx(id: string): number {
    let i = this.memberIndex.get(id);
    if (i === undefined) {
      i = this.memberIdOf.length;
      this.memberIndex.set(id, i);
      this.memberIdOf.push(id);
    }
    return i;
  }

  /** A new generation of visit marks (see `VisitMarks`). */
  nextGeneration(): number {
    return this.marks.next(this.memberIdOf.length, this.projectIdOf.length);
  }

  /** Files a project's new state (`after`, undefined once closed) in place of `before`; returns its index. */
  putProject(id: string, before: ProjectView | undefined, after: ProjectView | undefined): number {
    if (before) this.indexProject(before, false);
    if (after) {
      this.projects.set(id, after);
      this.indexProject(after, true);
    } else this.projects.delete(id);
    const p = this.projectIdx(id);
    this.projectOf[p] = after;
    this.projectFactsOf[p] = after && projectFacts(after);
    this.projectRecords.put(p, this.projectFactsOf[p]?.data);
    this.projectScreen.set(p, after);
    return p;
  }

  /** Files a member's new state (`after`, undefined once erased) in place of `before`; returns their index. */
  putMember(id: string, before: MemberView | undefined, after: MemberView | undefined): number {
    if (before) this.indexMember(before, false);
    if (after) {
      this.members.set(id, after);
      this.indexMember(after, true);
    } else this.members.delete(id);
    const m = this.memberIdx(id);
    this.memberOf[m] = after;
    this.memberFactsOf[m] = after && memberFacts(after);
    this.memberRecords.put(m, this.memberFactsOf[m]?.data);
    this.memberScreen.set(m, after);
    return m;
  }

  /** The largest radius of a project (0 when there is none). */
  maxProjectRadius(): number {
    let max = 0;
    for (const r of this.projectRadii.keys()) if (r > max) max = r;
    return max;
  }

  /**
   * Visits (once per `generation`, by member marks) the members a project state's place may
   * reach and who may have a skill it needs: circle centres within its radius whose own
   * circles may place it (the same distance test as scoring), and members of the areas
   * holding it. Members lacking the needed skills are left unmarked (they may have a
   * skill the project's other state needs).
   */
  visitPlacedMembers(project: ProjectView, generation: number, visit: (m: number) => void): void {
    const marks = this.marks.member;
    // Candidates by place mostly lack the needed skills: skip those at once.
    const skillTerms = project.needs.flatMap((n) => n.skills);
    const lo = skillMaskOf(skillTerms, 0);
    const hi = skillMaskOf(skillTerms, 1);
    const screen = this.memberScreen;
    const masks = screen.skillMask;
    const [x, y, z] = unitVector(project.location.lat, project.location.lon);
    const radius = project.radiusKm;
    const byPlace = (m: number): void => {
      // A mask says "maybe": scoring settles it.
      if (((masks[2 * m] & lo) | (masks[2 * m + 1] & hi)) === 0 || marks[m] === generation) return;
      // Most members the grid cells hold are beyond their own radius.
      if (!screen.mayPlace(m, x, y, z, radius)) return;
      marks[m] = generation;
      visit(m);
    };
    // A circle member qualifies only if their centre is within the project's radius.
    this.memberGeo.visitNear(project.location.lat, project.location.lon, project.radiusKm, byPlace);
    for (const key of areaKeysOf(project.location)) {
      const members = this.memberArea.get(key);
      if (members) for (const m of members) byPlace(m);
    }
  }

  private indexProject(p: ProjectView, add: boolean): void {
    const op = add ? 'add' : 'remove';
    const i = this.projectIdx(p.id);
    this.projectGeo[op](i, p.location.lat, p.location.lon);
    for (const key of areaKeysOf(p.location)) this.projectArea[op](key, i);
    for (const t of p.themes) this.projectTheme[op](t.key, i);
    if (p.remoteFriendly) for (const need of p.needs) for (const s of need.skills) this.projectRemoteSkill[op](s.key, i);
    const count = (this.projectRadii.get(p.radiusKm) ?? 0) + (add ? 1 : -1);
    if (count > 0) this.projectRadii.set(p.radiusKm, count);
    else this.projectRadii.delete(p.radiusKm);
  }

  private indexMember(m: MemberView, add: boolean): void {
    const op = add ? 'add' : 'remove';
    const i = this.memberIdx(m.id);
    for (const t of m.territories) {
      if (t.kind === 'radius') this.memberGeo[op](i, t.lat, t.lon);
      else this.memberArea[op](areaKey(t.level, t.code), i);
    }
    for (const s of m.skills) this.memberSkill[op](s.key, i);
    for (const t of m.interests) this.memberInterest[op](t.key, i);
    const { from, until } = m.availability;
    if (from !== undefined) this.availabilityBoundaries[op](from, i);
    const after = until !== undefined ? nextDay(until) : undefined;
    if (after !== undefined) this.availabilityBoundaries[op](after, i);
  }
}
