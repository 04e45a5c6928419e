import type { ResolvedTerritory } from '@trame/domain';
import { GeoGrid, CircleGrid, DEFAULT_CELL_DEGREES } from './geo/geo-grid';
import { KM_PER_DEGREE } from './geo/haversine';
import { dayOf, nextDay } from './model/days';
import {
  evolveMember,
  evolveProject,
  evolveReferent,
  subjectOf,
  type EngineEvent,
  type MemberView,
  type ProjectView,
  type ReferentView,
} from './model/entities';
import { IndexNumbers, IndexSet } from './model/index-set';
import { PostingList } from './model/posting-list';
import { RecordArena } from './model/record-arena';
import { TermNormaliser } from './normalise/term-normaliser';
import {
  compareIds,
  compareNearby,
  nearbyProject,
  DEFAULT_EXPOSURE_CAP,
  DEFAULT_LIST_SIZE,
  sortKey,
  type NearbyProject,
  type PartnerMatch,
  type ProjectMatch,
} from './ranking/ranking';
import { NO_HASH, RankedList } from './ranking/ranked-list';
import { LEVELS, referentChain, type Place, type ReferentAssignment } from './referents/referent-resolution';
import {
  describePartnerMatch,
  describeProjectMatch,
  memberFacts,
  PairScore,
  projectFacts,
  recordsContentHash,
  scoreRecords,
  type MemberFacts,
  type ProjectFacts,
} from './scoring/pair-evaluation';

export type MatchingEngineOptions = Readonly<{
  /** K: a member is shown in at most this many project lists (default 5). */
  exposureCap?: number;
  /** Length of the recommendation lists whose changes `apply` reports (default 20). */
  listSize?: number;
  /** Initial clock (its UTC day); defaults to the current time. */
  now?: Date;
  /** (projectId, memberId) pairs with an open or refused introduction. */
  excludedPairs?: Iterable<readonly [string, string]>;
  normaliser?: TermNormaliser;
  /** Geo grid cell size in degrees (default 0.25). */
  cellDegrees?: number;
}>;

/** Which recommendation lists (and project referents) differ after an update. */
export type EngineChanges = { changedProjects: Set<string>; changedMembers: Set<string> };

export type QueryOptions = Readonly<{ limit?: number; now?: Date }>;
export type NearQuery = Readonly<{ lat: number; lon: number; radiusKm: number; theme?: string; limit?: number }>;

/** The first entries of a ranked list (the old top K of a member, to follow the cap). */
type Head = { ids: number[]; keys: number[]; hashes: number[] };

const CODE_OF = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;
const areaKey = (level: string, code: string) => `${level}:${code}`;
const emptyChanges = (): EngineChanges => ({ changedProjects: new Set(), changedMembers: new Set() });

/**
 * In-memory matching engine, updated event by event.
 *
 * Every result is a function of the current entity state and the current day only (never of
 * event order or of restarts), so an engine caught up incrementally and one rebuilt from
 * the log give identical output:
 * - entities are folded per stream (pure `evolve*`), indexes are derived from entities;
 * - each (project, member) pair is scored by a pure function (`scorePair`, on compact
 *   `ProjectFacts`/`MemberFacts`); an update re-scores only the pairs it can affect, found
 *   through the indexes, never by scanning all members: a member's own change ranks their
 *   whole list again from their candidate projects, a project's change re-scores its pairs
 *   with its old and new candidate members;
 * - each member keeps their pairs in rank order (score, then distance, then project id) in
 *   typed arrays (`RankedList`), with content hashes for the head only (what their list
 *   shows and what the cap reads); each project keeps its eligible candidates;
 * - exposure cap: a member is shown to the holders of the K projects that fit them best
 *   (the first K of their own list, which they also see first). A project's list is its
 *   best candidates among those for whom it is one of their K best: when a member is
 *   capped, the next best candidate fills the slot. Being a rule over one member's own
 *   list, an update changes the eligibility of the members whose pairs it changed only,
 *   so its cost is bounded by the pairs it touches (a global draft let one change ripple
 *   through every project sharing a capped member);
 * - only the shown pairs are described in full (reasons, details), when queried; lists
 *   compare content hashes to report exactly the lists whose content changed.
 *
 * Indexes: members' circle centres and projects' places on a lat/lon grid; members' and
 * projects' areas by administrative code; skill key → members; skill key → remote-friendly
 * projects; theme key → projects; referents by code and circles by covered cell.
 *
 * Time: availability windows are dates, so results depend on the UTC day. The engine keeps
 * a current day; `apply(event, now)` and queries with `now` move it (re-scoring only the
 * members whose availability starts or ends in between). Changes caused by a query's move
 * are reported by the next `apply`/`advance`.
 */
export class MatchingEngine {
  readonly exposureCap: number;
  readonly listSize: number;
  private readonly normaliser: TermNormaliser;
  private day: string;

  private readonly projects = new Map<string, ProjectView>();
  private readonly members = new Map<string, MemberView>();
  private readonly referents = new Map<string, ReferentView>();
  /** Pairs with an open or refused introduction, by project and member index. */
  private readonly excluded = new Map<number, Set<number>>();

  // Members and projects are filed by index (small integers hash and compare fastest).
  private readonly memberGeo: GeoGrid<number>;
  private readonly memberArea = new PostingList<number>();
  private readonly memberSkill = new PostingList<number>();
  private readonly projectGeo: GeoGrid<number>;
  private readonly projectArea = new PostingList<number>();
  private readonly projectRemoteSkill = new PostingList<number>();
  private readonly projectTheme = new PostingList<number>();
  private readonly projectRadii = new Map<number, number>();
  private readonly referentArea = new PostingList();
  private readonly referentCircles: CircleGrid;
  /** Day on which a member's score or eligibility changes (availability from / day after until). */
  private readonly availabilityBoundaries = new PostingList<number>();

  /** Dense indexes of ids (never reused), so pair lists hold small integers. */
  private readonly projectIndex = new Map<string, number>();
  private readonly memberIndex = new Map<string, number>();
  private readonly projectIdOf: string[] = [];
  private readonly memberIdOf: string[] = [];
  /** Current view of each member by index (undefined once erased). */
  private readonly memberOf: (MemberView | undefined)[] = [];
  private readonly projectOf: (ProjectView | undefined)[] = [];
  /** What scoring reads of each, by index (see `ProjectFacts`). */
  private readonly memberFactsOf: (MemberFacts | undefined)[] = [];
  private readonly projectFactsOf: (ProjectFacts | undefined)[] = [];
  /** Their records side by side, by index (what scoring reads). */
  private readonly memberRecords = new RecordArena();
  private readonly projectRecords = new RecordArena();
  private readonly screen = new ProjectScreen();
  /**
   * Each member's projects, best first (every scored pair is in exactly one of these).
   * Content hashes are kept for the head only (the first `headSize` entries: what the
   * member's list shows and what the cap reads); below it they are NO_HASH.
   */
  private readonly fits: (RankedList | undefined)[] = [];
  /**
   * Each project's eligible candidates, best first: the members for whom it is one of
   * their K best fits (the cap). Its first `listSize` are the project's shown list.
   */
  private readonly eligible: (RankedList | undefined)[] = [];
  /** Entries of a member's list whose content is followed: max(listSize, exposureCap). */
  private readonly headSize: number;
  private pairCount = 0;
  /** Signature of each list as last reported (NaN: none), see `signature`. */
  private readonly projectSig = new IndexNumbers();
  private readonly referentSig = new Map<number, string>();
  private readonly memberSig = new IndexNumbers();

  /** Pairs to re-score, as (member, project) in two parallel arrays (duplicates allowed). */
  private dirtyM: Int32Array = new Int32Array(1024);
  private dirtyP: Int32Array = new Int32Array(1024);
  private dirtyCount = 0;
  /** Members whose whole list is worked out again (their own change, or never settled). */
  private readonly dirtyFull = new IndexSet();
  private readonly dirtyProjects = new Set<number>();
  /** Projects proposed since the last flush: they have no pair yet, so nothing to look up. */
  private readonly freshProjects = new IndexSet();
  /** Members whose head changed (signature to compare, hashes to complete). */
  private readonly dirtyMembers = new IndexSet();
  /** Whether a flush has run: before it, no member has a list yet. */
  private settled = false;
  private pending: EngineChanges = emptyChanges();
  private readonly score = new PairScore();
  private readonly context = { day: '', excluded: false };
  private lastInstant = NaN;
  private lastDay = '';
  /** Skill mask of each member by index (see `skillMaskOf`), to screen candidates by place. */
  private memberSkillMask: Int32Array = new Int32Array(1024);
  /** Visit marks by index (a generation number), to deduplicate candidates without a Set. */
  private memberMarks: Int32Array = new Int32Array(1024);
  private projectMarks: Int32Array = new Int32Array(1024);
  private generation = 0;
  /** Scratch space to score one member's candidates. */
  private scratchIds: Int32Array = new Int32Array(1024);
  private scratchKeys: Float64Array = new Float64Array(1024);

  constructor(options: MatchingEngineOptions = {}) {
    this.exposureCap = options.exposureCap ?? DEFAULT_EXPOSURE_CAP;
    this.listSize = options.listSize ?? DEFAULT_LIST_SIZE;
    this.normaliser = options.normaliser ?? new TermNormaliser();
    this.day = dayOf(options.now ?? new Date());
    const cell = options.cellDegrees ?? DEFAULT_CELL_DEGREES;
    this.memberGeo = new GeoGrid<number>(cell);
    this.projectGeo = new GeoGrid<number>(cell);
    this.referentCircles = new CircleGrid(cell);
    this.headSize = Math.max(this.listSize, this.exposureCap);
    for (const [projectId, memberId] of options.excludedPairs ?? []) this.setExcluded(projectId, memberId, true);
  }

  /** The UTC day results are computed for. */
  get currentDay(): string {
    return this.day;
  }

  // ---------------------------------------------------------------- updates

  /** Applies one event (others than project/member/referent ones are ignored). */
  apply(event: EngineEvent, now?: Date): EngineChanges {
    if (now) this.moveTo(this.dayOf(now));
    this.ingest(event);
    return this.flush();
  }

  /** Applies many events and reports the changes once (e.g. catching up from a checkpoint). */
  applyAll(events: Iterable<EngineEvent>, now?: Date): EngineChanges {
    if (now) this.moveTo(this.dayOf(now));
    for (const event of events) this.ingest(event);
    return this.flush();
  }

  /**
   * Ingests events without deriving lists yet (a catch-up whose lists are published once at
   * the end): each list is then worked out once, by `settle`, not once per batch.
   */
  load(events: Iterable<EngineEvent>, now?: Date): void {
    if (now) this.moveTo(this.dayOf(now));
    for (const event of events) this.ingest(event);
  }

  /** Derives the lists of everything loaded since the last update and reports what changed. */
  settle(): EngineChanges {
    return this.flush();
  }

  /** Moves the clock (e.g. at midnight) and reports the lists that availability windows changed. */
  advance(now: Date): EngineChanges {
    this.moveTo(this.dayOf(now));
    return this.flush();
  }

  /** Marks or clears an open/refused introduction between a project and a member. */
  setPairExcluded(projectId: string, memberId: string, excluded: boolean): EngineChanges {
    this.setExcluded(projectId, memberId, excluded);
    return this.flush();
  }

  // ---------------------------------------------------------------- queries

  /** Ranked potential partners of a project, exposure cap applied (at most `listSize`). */
  topPartners(projectId: string, options: QueryOptions = {}): PartnerMatch[] {
    this.syncDay(options.now);
    const p = this.projectIndex.get(projectId);
    const shown = p === undefined ? undefined : this.eligible[p];
    if (p === undefined || !shown || !this.projects.has(projectId)) return [];
    const limit = Math.min(options.limit ?? this.listSize, shown.length);
    const out: PartnerMatch[] = [];
    for (let i = 0; i < limit; i++) {
      const m = shown.ids[i];
      this.rescore(p, m);
      out.push(describePartnerMatch(this.projectOf[p] as ProjectView, this.memberOf[m] as MemberView, this.score, this.projectFactsOf[p], this.memberFactsOf[m]));
    }
    return out;
  }

  /** Ranked projects for a member (no cap: the cap limits exposure to holders, not to members). */
  topProjects(memberId: string, options: QueryOptions = {}): ProjectMatch[] {
    this.syncDay(options.now);
    const m = this.memberIndex.get(memberId);
    const fits = m === undefined ? undefined : this.fits[m];
    if (m === undefined || !fits || !this.members.has(memberId)) return [];
    const limit = Math.min(options.limit ?? this.listSize, fits.length);
    const out: ProjectMatch[] = [];
    for (let i = 0; i < limit; i++) {
      const p = fits.ids[i];
      this.rescore(p, m);
      out.push(describeProjectMatch(this.projectOf[p] as ProjectView, this.memberOf[m] as MemberView, this.score, this.projectFactsOf[p], this.memberFactsOf[m]));
    }
    return out;
  }

  /** Active projects whose place is within `radiusKm` of a point, nearest first. */
  projectsNear(query: NearQuery): NearbyProject[] {
    const themeKey = query.theme !== undefined ? this.normaliser.key(query.theme) : undefined;
    const out: NearbyProject[] = [];
    // Walk the smaller of the projects near the point and the projects with the theme.
    let candidates: ReadonlySet<number> = this.projectGeo.near(query.lat, query.lon, query.radiusKm);
    if (themeKey !== undefined) {
      const withTheme = this.projectTheme.get(themeKey) ?? new Set<number>();
      if (withTheme.size < candidates.size) candidates = withTheme;
    }
    for (const idx of candidates) {
      const p = this.projectOf[idx];
      const near = p && nearbyProject(p, query, themeKey);
      if (near) out.push(near);
    }
    return out.sort(compareNearby).slice(0, query.limit ?? out.length);
  }

  /**
   * The referent of a place: the active referent covering its most specific territory
   * (commune, then département, then région), else 'admin'. See `coverageLevel` for
   * circles and themes.
   */
  referentFor(place: Place, options: { themes?: readonly string[] } = {}): ReferentAssignment {
    return this.referentChainFor(place, options)[0];
  }

  /** Best referent per level, most specific first, ending with admin (the escalation path). */
  referentChainFor(place: Place, options: { themes?: readonly string[] } = {}): ReferentAssignment[] {
    const keys = options.themes && new Set(this.normaliser.terms(options.themes).map((t) => t.key));
    return this.chain(place, keys);
  }

  /** The referent of a project's place, given its themes; undefined for an unknown or closed project. */
  referentForProject(projectId: string): ReferentAssignment | undefined {
    const p = this.projects.get(projectId);
    return p && this.chain(p.location, new Set(p.themes.map((t) => t.key)))[0];
  }

  /** Ids of the projects (not closed) and members (not erased) known, sorted. */
  projectIds(): string[] {
    return [...this.projects.keys()].sort(compareIds);
  }

  memberIds(): string[] {
    return [...this.members.keys()].sort(compareIds);
  }

  stats(): { projects: number; members: number; referents: number; pairs: number } {
    return { projects: this.projects.size, members: this.members.size, referents: this.referents.size, pairs: this.pairCount };
  }

  // ---------------------------------------------------------------- entity changes

  private ingest(event: EngineEvent): void {
    const subject = subjectOf(event);
    if (!subject) return;
    const { id } = subject;
    if (subject.kind === 'project') {
      const before = this.projects.get(id);
      const after = evolveProject(this.normaliser, before, event);
      if (after === before) return;
      if (before) this.indexProject(before, false);
      if (after) {
        this.projects.set(id, after);
        this.indexProject(after, true);
      } else this.projects.delete(id);
      this.projectOf[this.projectIdx(id)] = after;
      this.projectFactsOf[this.projectIdx(id)] = after && projectFacts(after);
      this.projectRecords.put(this.projectIdx(id), this.projectFactsOf[this.projectIdx(id)]?.data);
      this.screen.set(this.projectIdx(id), after);
      if (!before) this.freshProjects.add(this.projectIdx(id));
      this.touchProject(id, before, after);
    } else if (subject.kind === 'member') {
      const before = this.members.get(id);
      const after = evolveMember(this.normaliser, before, event);
      if (after === before) return;
      if (before) this.indexMember(before, false);
      if (after) {
        this.members.set(id, after);
        this.indexMember(after, true);
      } else this.members.delete(id);
      const m = this.memberIdx(id);
      this.memberOf[m] = after;
      this.memberFactsOf[m] = after && memberFacts(after);
      this.memberRecords.put(m, this.memberFactsOf[m]?.data);
      if (m >= this.memberSkillMask.length) this.memberSkillMask = grown(this.memberSkillMask, m + 1);
      this.memberSkillMask[m] = after ? skillMaskOf(after.skills) : 0;
      this.touchMember(id);
    } else {
      const before = this.referents.get(id);
      const after = evolveReferent(this.normaliser, before, event);
      if (after === before) return;
      // The referent of these projects' places may change.
      const covered = new Set<number>();
      if (before) {
        this.projectsCoveredBy(before, covered);
        this.indexReferent(before, false);
      }
      if (after) {
        this.referents.set(id, after);
        this.indexReferent(after, true);
        this.projectsCoveredBy(after, covered);
      } else this.referents.delete(id);
      for (const p of covered) this.dirtyProjects.add(p);
    }
  }

  private projectIdx(id: string): number {
    let i = this.projectIndex.get(id);
    if (i === undefined) {
      i = this.projectIdOf.length;
      this.projectIndex.set(id, i);
      this.projectIdOf.push(id);
    }
    return i;
  }

  private memberIdx(id: string): number {
    let i = this.memberIndex.get(id);
    if (i === undefined) {
      i = this.memberIdOf.length;
      this.memberIndex.set(id, i);
      this.memberIdOf.push(id);
    }
    return i;
  }

  /**
   * Re-score the project's current pairs and its new candidates. Pairs are always in step
   * with the current members, so the current pairs are among the candidates of the
   * project's previous state: no project-side list of pairs is needed.
   */
  private touchProject(id: string, before: ProjectView | undefined, after: ProjectView | undefined): void {
    const p = this.projectIdx(id);
    this.dirtyProjects.add(p);
    // Until the first flush every member's whole list is to be worked out: no pair to mark.
    if (!this.settled) return;
    const generation = this.nextGeneration();
    for (const project of [before, after]) {
      if (!project) continue;
      const needed = neededSkills(project);
      if (needed.size === 0) continue;
      const marks = this.memberMarks;
      const visit = (m: number): void => {
        if (marks[m] === generation) return;
        marks[m] = generation;
        // Members whose whole list is worked out anyway need no pair of their own.
        if (!this.dirtyFull.has(m)) this.markPairIdx(p, m);
      };
      if (project.remoteFriendly) {
        // Distance does not filter: anyone with one of the needed skills may qualify.
        for (const key of needed) {
          const members = this.memberSkill.get(key);
          if (members) for (const m of members) visit(m);
        }
      } else {
        // Candidates by place mostly lack the needed skills: skip those at once (and leave
        // them unmarked: they may have a skill the project's other state needs).
        const neededMask = skillMaskOf(project.needs.flatMap((n) => n.skills));
        const masks = this.memberSkillMask;
        const byPlace = (m: number): void => {
          // A mask says "maybe": scoring settles it.
          if ((masks[m] & neededMask) !== 0) visit(m);
        };
        // A circle member qualifies only if their centre is within the project's radius.
        this.memberGeo.visitNear(project.location.lat, project.location.lon, project.radiusKm, byPlace);
        for (const level of LEVELS) {
          const code = project.location[CODE_OF[level]];
          const members = code === undefined ? undefined : this.memberArea.get(areaKey(level, code));
          if (members) for (const m of members) byPlace(m);
        }
      }
    }
  }

  /** The member's whole list is worked out again at the next flush. */
  private touchMember(id: string): void {
    const m = this.memberIdx(id);
    this.dirtyFull.add(m);
  }

  private markPairIdx(p: number, m: number): void {
    if (this.dirtyCount === this.dirtyM.length) {
      const grownM = new Int32Array(this.dirtyM.length * 2);
      const grownP = new Int32Array(this.dirtyP.length * 2);
      grownM.set(this.dirtyM);
      grownP.set(this.dirtyP);
      this.dirtyM = grownM;
      this.dirtyP = grownP;
    }
    this.dirtyM[this.dirtyCount] = m;
    this.dirtyP[this.dirtyCount] = p;
    this.dirtyCount++;
  }

  private nextGeneration(): number {
    if (this.memberMarks.length < this.memberIdOf.length) this.memberMarks = grown(this.memberMarks, this.memberIdOf.length);
    if (this.projectMarks.length < this.projectIdOf.length) this.projectMarks = grown(this.projectMarks, this.projectIdOf.length);
    if (this.generation === 0x7fffffff) {
      this.memberMarks.fill(0);
      this.projectMarks.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  /** Excludes or readmits a pair (by index: scoring checks it for every pair), re-scored at the next flush. */
  private setExcluded(projectId: string, memberId: string, excluded: boolean): void {
    const p = this.projectIdx(projectId);
    const m = this.memberIdx(memberId);
    let members = this.excluded.get(p);
    if (excluded) {
      if (!members) this.excluded.set(p, (members = new Set()));
      members.add(m);
    } else if (members) {
      members.delete(m);
      if (members.size === 0) this.excluded.delete(p);
    }
    this.markPairIdx(p, m);
  }

  private moveTo(day: string): void {
    if (day === this.day) return;
    const [lo, hi] = day < this.day ? [day, this.day] : [this.day, day];
    this.day = day;
    for (const [boundary, memberIds] of this.availabilityBoundaries.entries()) {
      if (boundary > lo && boundary <= hi) for (const m of memberIds) this.dirtyFull.add(m);
    }
  }

  /** `dayOf`, remembering the last instant asked (callers pass the same clock reading many times). */
  private dayOf(now: Date): string {
    const ms = now.getTime();
    if (ms !== this.lastInstant) {
      this.lastInstant = ms;
      this.lastDay = dayOf(now);
    }
    return this.lastDay;
  }

  private syncDay(now: Date | undefined): void {
    if (!now || this.dayOf(now) === this.day) return;
    this.moveTo(this.dayOf(now));
    const changes = this.flush();
    for (const p of changes.changedProjects) this.pending.changedProjects.add(p);
    for (const m of changes.changedMembers) this.pending.changedMembers.add(m);
  }

  // ---------------------------------------------------------------- indexes

  private indexProject(p: ProjectView, add: boolean): void {
    const op = add ? 'add' : 'remove';
    const i = this.projectIdx(p.id);
    this.projectGeo[op](i, p.location.lat, p.location.lon);
    for (const level of LEVELS) {
      const code = p.location[CODE_OF[level]];
      if (code !== undefined) this.projectArea[op](areaKey(level, code), i);
    }
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
    const { from, until } = m.availability;
    if (from !== undefined) this.availabilityBoundaries[op](from, i);
    const after = until !== undefined ? nextDay(until) : undefined;
    if (after !== undefined) this.availabilityBoundaries[op](after, i);
  }

  private indexReferent(r: ReferentView, add: boolean): void {
    for (const t of r.territories) {
      if (t.kind === 'radius') {
        if (add) this.referentCircles.add(r.id, t.lat, t.lon, t.radiusKm);
        else this.referentCircles.remove(r.id, t.lat, t.lon, t.radiusKm);
      } else if (add) this.referentArea.add(areaKey(t.level, t.code), r.id);
      else this.referentArea.remove(areaKey(t.level, t.code), r.id);
    }
  }

  private projectsCoveredBy(r: ReferentView, into: Set<number>): void {
    for (const t of r.territories) {
      if (t.kind === 'radius') this.projectGeo.near(t.lat, t.lon, t.radiusKm, into);
      else this.projectArea.collect(areaKey(t.level, t.code), into);
    }
  }

  private chain(place: Place, themeKeys?: ReadonlySet<string>): ReferentAssignment[] {
    const ids = new Set<string>();
    for (const level of LEVELS) {
      const code = place[CODE_OF[level]];
      if (code !== undefined) this.referentArea.collect(areaKey(level, code), ids);
    }
    if (place.lat !== undefined && place.lon !== undefined) for (const id of this.referentCircles.at(place.lat, place.lon)) ids.add(id);
    const candidates: ReferentView[] = [];
    for (const id of ids) {
      const r = this.referents.get(id);
      if (r) candidates.push(r);
    }
    return referentChain(candidates, place, themeKeys);
  }

  // ---------------------------------------------------------------- derived lists

  /** The full match of a pair that a list shows (scored again: only shown pairs are described). */
  /** Scores a listed pair again, into `this.score`, to describe it (only shown pairs are described). */
  private rescore(p: number, m: number): void {
    if (!this.scoreIdx(p, m)) throw new Error(`pair ${this.projectIdOf[p]}/${this.memberIdOf[m]} is listed but does not match`);
  }

  /**
   * Works out the lists of the members to redo, re-scores the dirty pairs and moves them
   * in their members' lists, moves members in and out of the eligible lists of the
   * projects entering or leaving their K best, and compares list signatures to report
   * exactly the lists that differ.
   */
  private flush(): EngineChanges {
    const changes = this.pending;
    this.pending = emptyChanges();
    this.settled = true;
    // The old K best of each member whose K best may change, taken before the first change.
    const before = new Map<number, Head>();
    const k = this.exposureCap;
    for (let i = 0; i < this.dirtyFull.size; i++) {
      const m = this.dirtyFull.at(i);
      before.set(m, topOf(this.fits[m], k));
      this.rankMember(m);
      this.dirtyMembers.add(m);
    }
    for (let i = 0; i < this.dirtyCount; i++) {
      const m = this.dirtyM[i];
      if (!this.dirtyFull.has(m)) this.updatePair(this.dirtyP[i], m, before);
    }
    this.dirtyCount = 0;
    this.dirtyFull.clear();
    this.freshProjects.clear();
    for (let i = 0; i < this.dirtyMembers.size; i++) this.completeHead(this.dirtyMembers.at(i));

    // A member is eligible for the first K projects of their list: follow changes there.
    const touched = new Set<number>(this.dirtyProjects);
    for (const [m, old] of before) {
      const now = topOf(this.fits[m], k);
      for (let i = 0; i < old.ids.length; i++) {
        const p = old.ids[i];
        const j = now.ids.indexOf(p);
        if (j >= 0 && now.keys[j] === old.keys[i] && now.hashes[j] === old.hashes[i]) continue;
        this.eligible[p] = remove(this.eligible[p], m, old.keys[i], this.memberIdOf);
        touched.add(p);
      }
      for (let j = 0; j < now.ids.length; j++) {
        const p = now.ids[j];
        const i = old.ids.indexOf(p);
        if (i >= 0 && now.keys[j] === old.keys[i] && now.hashes[j] === old.hashes[i]) continue;
        // A project's list does not show its own title, kind and stage: leave them out of its hashes.
        const hash = (now.hashes[j] ^ (this.projectFactsOf[p] as ProjectFacts).header) & 0x3fffffff;
        this.eligible[p] = insert(this.eligible[p], m, now.keys[j], hash, this.memberIdOf);
        touched.add(p);
      }
    }

    for (const p of touched) {
      const id = this.projectIdOf[p];
      const exists = this.projects.has(id);
      if (this.dirtyProjects.has(p)) {
        // Only an entity change (its own, or a referent's) can change a project's referent.
        const referent = exists ? JSON.stringify(this.referentForProject(id)) : undefined;
        if (referent !== this.referentSig.get(p)) {
          changes.changedProjects.add(id);
          if (referent === undefined) this.referentSig.delete(p);
          else this.referentSig.set(p, referent);
        }
      }
      const sig = exists ? signature(this.eligible[p], this.listSize) : NaN;
      if (sameNumber(sig, this.projectSig.get(p))) continue;
      changes.changedProjects.add(id);
      this.projectSig.set(p, sig);
    }
    for (let i = 0; i < this.dirtyMembers.size; i++) {
      const m = this.dirtyMembers.at(i);
      const sig = this.memberOf[m] !== undefined ? signature(this.fits[m], this.listSize) : NaN;
      if (sameNumber(sig, this.memberSig.get(m))) continue;
      changes.changedMembers.add(this.memberIdOf[m]);
      this.memberSig.set(m, sig);
    }
    this.dirtyProjects.clear();
    this.dirtyMembers.clear();
    return changes;
  }

  /** Scores one pair into `this.score`; false when it does not match. */
  private scoreIdx(p: number, m: number): boolean {
    const pa = this.projectRecords.at(p);
    const ma = this.memberRecords.at(m);
    if (pa < 0 || ma < 0) return false;
    const ctx = this.context;
    ctx.day = this.day;
    ctx.excluded = this.excluded.size > 0 && (this.excluded.get(p)?.has(m) ?? false);
    const project = this.projectFactsOf[p] as ProjectFacts;
    const member = this.memberFactsOf[m] as MemberFacts;
    return scoreRecords(this.projectRecords.data, pa, this.memberRecords.data, ma, project, member, ctx, this.score);
  }

  /** Content hash of the pair last scored by `scoreIdx`. */
  private hashOf(p: number, m: number): number {
    return recordsContentHash(this.projectRecords.data, this.projectRecords.at(p), this.memberRecords.data, this.memberRecords.at(m), this.score);
  }

  /** A member's whole list, from the indexes: every candidate project scored, one sort. */
  private rankMember(m: number): void {
    const old = this.fits[m];
    if (old) this.pairCount -= old.length;
    const member = this.memberOf[m];
    if (!member) {
      this.fits[m] = undefined;
      return;
    }
    const generation = this.nextGeneration();
    const marks = this.projectMarks;
    let n = 0;
    // Most projects near a member lack their skills or are out of reach: rule those out on
    // compact per-project arrays before reading the project's facts.
    const skillMask = skillMaskOf(member.skills);
    const circles = member.territories.every((t) => t.kind === 'radius') ? member.territories : undefined;
    const screen = this.screen;
    const consider = (p: number): void => {
      if (marks[p] === generation) return;
      marks[p] = generation;
      if ((screen.skillMask[p] & skillMask) === 0) return;
      if (circles && screen.remote[p] === 0 && !withinReach(circles, screen.lat[p], screen.radius[p])) return;
      if (!this.scoreIdx(p, m)) return;
      if (n === this.scratchIds.length) {
        this.scratchIds = grown(this.scratchIds, n * 2);
        this.scratchKeys = grownFloat(this.scratchKeys, n * 2);
      }
      this.scratchIds[n] = p;
      this.scratchKeys[n] = sortKey(this.score.score, this.score.distanceKm);
      n++;
    };
    let maxProjectRadius = 0;
    for (const r of this.projectRadii.keys()) if (r > maxProjectRadius) maxProjectRadius = r;
    for (const t of member.territories) {
      if (t.kind === 'radius') this.projectGeo.visitNear(t.lat, t.lon, Math.min(t.radiusKm, maxProjectRadius), consider);
      else {
        const inArea = this.projectArea.get(areaKey(t.level, t.code));
        if (inArea) for (const p of inArea) consider(p);
      }
    }
    for (const s of member.skills) {
      const remote = this.projectRemoteSkill.get(s.key);
      if (remote) for (const p of remote) consider(p);
    }
    this.pairCount += n;
    this.fits[m] = n > 0 ? RankedList.sorted(this.scratchIds, this.scratchKeys, n, this.projectIdOf) : undefined;
  }

  /** Re-scores one pair and moves it in its member's list. */
  private updatePair(p: number, m: number, before: Map<number, Head>): void {
    let list = this.fits[m];
    const at = list && !this.freshProjects.has(p) ? list.indexOf(p) : -1;
    const key = this.scoreIdx(p, m) ? sortKey(this.score.score, this.score.distanceKm) : undefined;
    if (key === undefined && at < 0) return;
    const head = this.headSize;
    const k = this.exposureCap;
    if (at >= 0 && key === (list as RankedList).keys[at]) {
      // Same rank: only the content of a head entry matters.
      if (at >= head) return;
      const hash = this.hashOf(p, m);
      if (hash === (list as RankedList).hashes[at]) return;
      if (at < k && !before.has(m)) before.set(m, topOf(list, k));
      (list as RankedList).hashes[at] = hash;
      this.dirtyMembers.add(m);
      return;
    }
    // Where it goes once its old entry is out.
    let to = -1;
    if (key !== undefined) {
      to = list ? list.position(key, p, this.projectIdOf) : 0;
      if (at >= 0 && at < to) to--;
    }
    if ((at >= 0 && at < k) || (to >= 0 && to < k)) {
      if (!before.has(m)) before.set(m, topOf(list, k));
    }
    if ((at >= 0 && at < head) || (to >= 0 && to < head)) this.dirtyMembers.add(m);
    if (at >= 0) {
      (list as RankedList).removeAt(at);
      this.pairCount--;
    }
    if (key !== undefined) {
      if (!list) this.fits[m] = list = new RankedList();
      const hash = to < head ? this.hashOf(p, m) : NO_HASH;
      // An entry pushed out of the head stops being followed.
      if (to < head && list.length >= head) list.hashes[head - 1] = NO_HASH;
      list.insertAt(to, p, key, hash);
      this.pairCount++;
    } else if (list && list.length === 0) this.fits[m] = undefined;
  }

  /** Hashes of the entries that moved up into a member's head (re-scored: the pair is pure). */
  private completeHead(m: number): void {
    const list = this.fits[m];
    if (!list) return;
    for (let i = 0, n = Math.min(list.length, this.headSize); i < n; i++) {
      if (list.hashes[i] !== NO_HASH) continue;
      const p = list.ids[i];
      if (!this.scoreIdx(p, m)) throw new Error('ranked list out of step with its pairs');
      list.hashes[i] = this.hashOf(p, m);
    }
  }
}

const neededCache = new WeakMap<ProjectView, Set<string>>();

/** The skill keys an active project's needs name (cached per project state: views are immutable). */
const neededSkills = (project: ProjectView): Set<string> => {
  let needed = neededCache.get(project);
  if (!needed) {
    needed = new Set();
    if (project.status === 'active') for (const need of project.needs) for (const skill of need.skills) needed.add(skill.key);
    neededCache.set(project, needed);
  }
  return needed;
};

const grown = (array: Int32Array, size: number): Int32Array => {
  const out = new Int32Array(Math.max(size, array.length * 2));
  out.set(array);
  return out;
};

const grownFloat = (array: Float64Array, size: number): Float64Array => {
  const out = new Float64Array(Math.max(size, array.length * 2));
  out.set(array);
  return out;
};

const topOf = (list: RankedList | undefined, n: number): Head => {
  const out: Head = { ids: [], keys: [], hashes: [] };
  if (list) {
    for (let i = 0, end = Math.min(n, list.length); i < end; i++) {
      out.ids.push(list.ids[i]);
      out.keys.push(list.keys[i]);
      out.hashes.push(list.hashes[i]);
    }
  }
  return out;
};

const remove = (list: RankedList | undefined, id: number, key: number, idOf: readonly string[]): RankedList | undefined => {
  if (!list) throw new Error('ranked list out of step with its pairs');
  const at = list.position(key, id, idOf);
  if (at >= list.length || list.ids[at] !== id) throw new Error('ranked list out of step with its pairs');
  list.removeAt(at);
  return list.length > 0 ? list : undefined;
};

const insert = (list: RankedList | undefined, id: number, key: number, hash: number, idOf: readonly string[]): RankedList => {
  const into = list ?? new RankedList();
  into.insertAt(into.position(key, id, idOf), id, key, hash);
  return into;
};

/** Equality where NaN (no value) equals NaN. */
const sameNumber = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/** Bit (code % 32) of each skill code (a Bloom filter of one word). */
const skillMaskOf = (terms: readonly { code: number }[]): number => {
  let mask = 0;
  for (let i = 0; i < terms.length; i++) mask |= 1 << (terms[i].code & 31);
  return mask;
};

/**
 * Whether a project place might be within reach of one of a member's circles: the
 * latitude difference alone is a lower bound of the distance (a margin far above rounding).
 */
const withinReach = (circles: readonly ResolvedTerritory[], lat: number, radiusKm: number): boolean => {
  for (const t of circles) {
    if (t.kind === 'radius' && Math.abs(t.lat - lat) * KM_PER_DEGREE <= Math.min(t.radiusKm, radiusKm) + 1e-6) return true;
  }
  return false;
};

/** What rules a project out for a member without reading its facts, by project index. */
class ProjectScreen {
  /** Skill mask of the needs of an active project (0 otherwise: it matches nobody). */
  skillMask = new Int32Array(1024);
  remote = new Uint8Array(1024);
  lat = new Float64Array(1024);
  radius = new Float64Array(1024);

  set(p: number, project: ProjectView | undefined): void {
    if (p >= this.remote.length) {
      const size = Math.max(p + 1, this.remote.length * 2);
      const skillMask = new Int32Array(size);
      const remote = new Uint8Array(size);
      const lat = new Float64Array(size);
      const radius = new Float64Array(size);
      skillMask.set(this.skillMask);
      remote.set(this.remote);
      lat.set(this.lat);
      radius.set(this.radius);
      Object.assign(this, { skillMask, remote, lat, radius });
    }
    this.skillMask[p] = project && project.status === 'active' ? skillMaskOf(project.needs.flatMap((n) => n.skills)) : 0;
    this.remote[p] = project?.remoteFriendly ? 1 : 0;
    this.lat[p] = project?.location.lat ?? 0;
    this.radius[p] = project?.radiusKm ?? 0;
  }
}

/** A number standing for what a list shows: its first `size` entries (ids and content hashes). */
const signature = (list: RankedList | undefined, size: number): number => {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const n = Math.min(size, list?.length ?? 0);
  for (let i = 0; i < n; i++) {
    const id = (list as RankedList).ids[i];
    const hash = (list as RankedList).hashes[i];
    h1 = Math.imul(h1 ^ id, 16777619) ^ hash;
    h2 = Math.imul(h2 ^ hash, 2246822519) ^ id;
  }
  // Two 26-bit lanes and the length in one exact double.
  return ((h1 >>> 6) * 67108864 + (h2 >>> 6)) * 64 + Math.min(n, 63);
};
