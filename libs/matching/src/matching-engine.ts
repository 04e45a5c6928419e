import { GeoGrid, CircleGrid, DEFAULT_CELL_DEGREES } from './geo/geo-grid';
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
import { PostingList } from './model/posting-list';
import { TermNormaliser } from './normalise/term-normaliser';
import {
  compareIds,
  compareNearby,
  nearbyProject,
  DEFAULT_EXPOSURE_CAP,
  DEFAULT_LIST_SIZE,
  sortKey,
  toPartnerMatch,
  toProjectMatch,
  type NearbyProject,
  type PartnerMatch,
  type ProjectMatch,
} from './ranking/ranking';
import { LEVELS, referentChain, type Place, type ReferentAssignment } from './referents/referent-resolution';
import { describePair, pairContentHash, PairScore, scorePair, type PairMatch } from './scoring/pair-evaluation';

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

/**
 * One side of the scored pairs, in rank order: the other side's index, sort key and content
 * hash in three parallel arrays (small integers and doubles: about 20 bytes a pair, where
 * one object per pair cost over a kilobyte).
 */
type Ranked = { ids: number[]; keys: number[]; hashes: number[] };
/** A pending change of one pair, seen from one side. */
type PairUpdate = { other: number; oldKey: number | undefined; key: number | undefined; hash: number };

const CODE_OF = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;
const areaKey = (level: string, code: string) => `${level}:${code}`;
const emptyChanges = (): EngineChanges => ({ changedProjects: new Set(), changedMembers: new Set() });
/** Above this share of a list changing at once, the list is re-sorted rather than spliced. */
const RESORT_SHARE = 0.125;

/**
 * In-memory matching engine, updated event by event.
 *
 * Every result is a function of the current entity state and the current day only (never of
 * event order or of restarts), so an engine caught up incrementally and one rebuilt from
 * the log give identical output:
 * - entities are folded per stream (pure `evolve*`), indexes are derived from entities;
 * - each (project, member) pair is scored by a pure function (`scorePair`); an update
 *   re-scores only the pairs it can affect, found through the indexes, never by scanning
 *   all members;
 * - each side keeps its pairs in rank order (score, then distance, then the other side's
 *   id): a project's candidates, a member's projects;
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
  private readonly excluded = new Map<string, Set<string>>();

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
  /** Each member's projects, best first (every scored pair is in exactly one of these). */
  private readonly fits: (Ranked | undefined)[] = [];
  /**
   * Each project's eligible candidates, best first: the members for whom it is one of
   * their K best fits (the cap). Its first `listSize` are the project's shown list.
   */
  private readonly eligible: (Ranked | undefined)[] = [];
  private pairCount = 0;
  private readonly projectSig = new Map<number, number>();
  private readonly referentSig = new Map<number, string>();
  private readonly memberSig = new Map<number, number>();

  /** Pairs to re-score, by member (duplicates allowed: removed when flushing). */
  private readonly dirtyPairs = new Map<number, number[]>();
  private readonly dirtyProjects = new Set<number>();
  /** Projects proposed since the last flush: they have no pair yet, so nothing to look up. */
  private readonly freshProjects = new Set<number>();
  private readonly dirtyMembers = new Set<number>();
  private pending: EngineChanges = emptyChanges();
  private readonly score = new PairScore();

  constructor(options: MatchingEngineOptions = {}) {
    this.exposureCap = options.exposureCap ?? DEFAULT_EXPOSURE_CAP;
    this.listSize = options.listSize ?? DEFAULT_LIST_SIZE;
    this.normaliser = options.normaliser ?? new TermNormaliser();
    this.day = dayOf(options.now ?? new Date());
    const cell = options.cellDegrees ?? DEFAULT_CELL_DEGREES;
    this.memberGeo = new GeoGrid<number>(cell);
    this.projectGeo = new GeoGrid<number>(cell);
    this.referentCircles = new CircleGrid(cell);
    for (const [projectId, memberId] of options.excludedPairs ?? []) this.setExcluded(projectId, memberId, true);
  }

  /** The UTC day results are computed for. */
  get currentDay(): string {
    return this.day;
  }

  // ---------------------------------------------------------------- updates

  /** Applies one event (others than project/member/referent ones are ignored). */
  apply(event: EngineEvent, now?: Date): EngineChanges {
    if (now) this.moveTo(dayOf(now));
    this.ingest(event);
    return this.flush();
  }

  /** Applies many events and reports the changes once (e.g. catching up from a checkpoint). */
  applyAll(events: Iterable<EngineEvent>, now?: Date): EngineChanges {
    if (now) this.moveTo(dayOf(now));
    for (const event of events) this.ingest(event);
    return this.flush();
  }

  /**
   * Ingests events without deriving lists yet (a catch-up whose lists are published once at
   * the end): each list is then worked out once, by `settle`, not once per batch.
   */
  load(events: Iterable<EngineEvent>, now?: Date): void {
    if (now) this.moveTo(dayOf(now));
    for (const event of events) this.ingest(event);
  }

  /** Derives the lists of everything loaded since the last update and reports what changed. */
  settle(): EngineChanges {
    return this.flush();
  }

  /** Moves the clock (e.g. at midnight) and reports the lists that availability windows changed. */
  advance(now: Date): EngineChanges {
    this.moveTo(dayOf(now));
    return this.flush();
  }

  /** Marks or clears an open/refused introduction between a project and a member. */
  setPairExcluded(projectId: string, memberId: string, excluded: boolean): EngineChanges {
    this.setExcluded(projectId, memberId, excluded);
    this.markPair(projectId, memberId);
    return this.flush();
  }

  // ---------------------------------------------------------------- queries

  /** Ranked potential partners of a project, exposure cap applied (at most `listSize`). */
  topPartners(projectId: string, options: QueryOptions = {}): PartnerMatch[] {
    this.syncDay(options.now);
    const p = this.projectIndex.get(projectId);
    const shown = p === undefined ? undefined : this.eligible[p];
    const project = this.projects.get(projectId);
    if (!shown || !project) return [];
    const limit = Math.min(options.limit ?? this.listSize, shown.ids.length);
    const out: PartnerMatch[] = [];
    for (let i = 0; i < limit; i++) out.push(toPartnerMatch(this.describe(project, this.memberIdOf[shown.ids[i]])));
    return out;
  }

  /** Ranked projects for a member (no cap: the cap limits exposure to holders, not to members). */
  topProjects(memberId: string, options: QueryOptions = {}): ProjectMatch[] {
    this.syncDay(options.now);
    const m = this.memberIndex.get(memberId);
    const fits = m === undefined ? undefined : this.fits[m];
    const member = this.members.get(memberId);
    if (!fits || !member) return [];
    const limit = Math.min(options.limit ?? this.listSize, fits.ids.length);
    const out: ProjectMatch[] = [];
    for (let i = 0; i < limit; i++) {
      const project = this.projects.get(this.projectIdOf[fits.ids[i]]) as ProjectView;
      out.push(toProjectMatch(this.describe(project, memberId, member)));
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
      this.memberOf[this.memberIdx(id)] = after;
      this.touchMember(id, after);
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
    for (const project of [before, after]) {
      if (!project) continue;
      const needed = neededSkillKeys(project);
      for (const m of this.candidateMembers(project)) {
        const member = this.memberOf[m];
        // Candidates by place mostly lack the needed skills: skip those at once.
        if (member && sharesKey(member.skills, needed)) this.markPairIdx(p, m);
      }
    }
    this.dirtyProjects.add(p);
  }

  /** Re-score the member's current projects and new candidate projects. */
  private touchMember(id: string, member: MemberView | undefined): void {
    const m = this.memberIdx(id);
    const current = this.fits[m];
    if (current) for (const p of current.ids) this.markPairIdx(p, m);
    if (member) {
      for (const p of this.candidateProjects(member)) {
        const project = this.projectOf[p];
        if (project && sharesKey(member.skills, neededSkillKeys(project))) this.markPairIdx(p, m);
      }
    }
    this.dirtyMembers.add(m);
  }

  private markPair(projectId: string, memberId: string): void {
    this.markPairIdx(this.projectIdx(projectId), this.memberIdx(memberId));
  }

  private markPairIdx(p: number, m: number): void {
    const projects = this.dirtyPairs.get(m);
    if (projects) projects.push(p);
    else this.dirtyPairs.set(m, [p]);
  }

  private setExcluded(projectId: string, memberId: string, excluded: boolean): void {
    let members = this.excluded.get(projectId);
    if (excluded) {
      if (!members) this.excluded.set(projectId, (members = new Set()));
      members.add(memberId);
    } else if (members) {
      members.delete(memberId);
      if (members.size === 0) this.excluded.delete(projectId);
    }
  }

  private moveTo(day: string): void {
    if (day === this.day) return;
    const [lo, hi] = day < this.day ? [day, this.day] : [this.day, day];
    this.day = day;
    for (const [boundary, memberIds] of this.availabilityBoundaries.entries()) {
      if (boundary > lo && boundary <= hi) for (const m of memberIds) this.touchMember(this.memberIdOf[m], this.memberOf[m]);
    }
  }

  private syncDay(now: Date | undefined): void {
    if (!now || dayOf(now) === this.day) return;
    this.moveTo(dayOf(now));
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

  /** Members who may pass the place filter of an active project (a superset; scoring filters). */
  private candidateMembers(p: ProjectView): Set<number> {
    const out = new Set<number>();
    if (p.status !== 'active') return out;
    if (p.remoteFriendly) {
      // Distance does not filter: anyone with one of the needed skills may qualify.
      for (const need of p.needs) for (const s of need.skills) this.memberSkill.collect(s.key, out);
      return out;
    }
    // A circle member qualifies only if their centre is within the project's radius.
    this.memberGeo.near(p.location.lat, p.location.lon, p.radiusKm, out);
    for (const level of LEVELS) {
      const code = p.location[CODE_OF[level]];
      if (code !== undefined) this.memberArea.collect(areaKey(level, code), out);
    }
    return out;
  }

  /** Projects a member may match (a superset; scoring filters). */
  private candidateProjects(m: MemberView): Set<number> {
    const out = new Set<number>();
    let maxProjectRadius = 0;
    for (const r of this.projectRadii.keys()) if (r > maxProjectRadius) maxProjectRadius = r;
    for (const t of m.territories) {
      if (t.kind === 'radius') this.projectGeo.near(t.lat, t.lon, Math.min(t.radiusKm, maxProjectRadius), out);
      else this.projectArea.collect(areaKey(t.level, t.code), out);
    }
    for (const s of m.skills) this.projectRemoteSkill.collect(s.key, out);
    return out;
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
  private describe(project: ProjectView, memberId: string, member = this.members.get(memberId)): PairMatch {
    const excluded = this.excluded.get(project.id)?.has(memberId) ?? false;
    if (!member || !scorePair(project, member, { day: this.day, excluded }, this.score)) {
      throw new Error(`pair ${project.id}/${memberId} is listed but does not match`);
    }
    return describePair(project, member, this.score);
  }

  /**
   * Re-scores the dirty pairs, moves them in their members' ranked lists, moves members in
   * and out of the eligible lists of the projects entering or leaving their K best, and
   * compares list signatures to report exactly the lists that differ.
   */
  private flush(): EngineChanges {
    const changes = this.pending;
    this.pending = emptyChanges();
    const byMember = new Map<number, PairUpdate[]>();
    // Per member, the projects to re-score: one lookup table per busy member instead of a
    // scan of its list per pair (a rebuild batch re-scores hundreds of pairs per member).
    const s = this.score;
    const ctx = { day: this.day, excluded: false };
    for (const [m, marked] of this.dirtyPairs) {
      const projectIdxs = marked.length > 1 ? [...new Set(marked)] : marked;
      const memberId = this.memberIdOf[m];
      const member = this.memberOf[m];
      const fits = this.fits[m];
      const fresh = this.freshProjects;
      let where: Map<number, number> | undefined;
      if (fits && projectIdxs.length > 8) {
        let known = 0;
        for (const p of projectIdxs) if (!fresh.has(p)) known++;
        if (known > 8) {
          where = new Map();
          for (let i = 0; i < fits.ids.length; i++) where.set(fits.ids[i], i);
        }
      }
      for (const p of projectIdxs) {
        const project = this.projectOf[p];
        const at = !fits || fresh.has(p) ? -1 : where ? (where.get(p) ?? -1) : fits.ids.indexOf(p);
        const oldKey = at >= 0 ? (fits as Ranked).keys[at] : undefined;
        let key: number | undefined;
        let hash = 0;
        ctx.excluded = this.excluded.size > 0 && (this.excluded.get(this.projectIdOf[p])?.has(memberId) ?? false);
        if (project && member && scorePair(project, member, ctx, s)) {
          key = sortKey(s.score, s.distanceKm);
          hash = pairContentHash(project, member, s);
        }
        if (oldKey === undefined ? key === undefined : key === oldKey && hash === (fits as Ranked).hashes[at]) continue;
        this.pairCount += (key === undefined ? 0 : 1) - (oldKey === undefined ? 0 : 1);
        push(byMember, m, { other: p, oldKey, key, hash });
      }
    }
    this.dirtyPairs.clear();
    this.freshProjects.clear();

    // A member is eligible for the first K projects of their list: follow changes there.
    const touched = new Set<number>(this.dirtyProjects);
    const k = this.exposureCap;
    for (const [m, updates] of byMember) {
      const before = head(this.fits[m], k);
      this.fits[m] = reorder(this.fits[m], updates, this.projectIdOf);
      const after = head(this.fits[m], k);
      for (let i = 0; i < before.ids.length; i++) {
        const p = before.ids[i];
        const j = after.ids.indexOf(p);
        if (j >= 0 && after.keys[j] === before.keys[i] && after.hashes[j] === before.hashes[i]) continue;
        this.eligible[p] = remove(this.eligible[p], m, before.keys[i], this.memberIdOf);
        touched.add(p);
      }
      for (let j = 0; j < after.ids.length; j++) {
        const p = after.ids[j];
        const i = before.ids.indexOf(p);
        if (i >= 0 && after.keys[j] === before.keys[i] && after.hashes[j] === before.hashes[i]) continue;
        this.eligible[p] = insert(this.eligible[p], m, after.keys[j], after.hashes[j], this.memberIdOf);
        touched.add(p);
      }
      this.dirtyMembers.add(m);
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
      const sig = exists ? signature(this.eligible[p], this.listSize) : undefined;
      if (sig === this.projectSig.get(p)) continue;
      changes.changedProjects.add(id);
      if (sig === undefined) this.projectSig.delete(p);
      else this.projectSig.set(p, sig);
    }
    for (const m of this.dirtyMembers) {
      const sig = this.memberOf[m] !== undefined ? signature(this.fits[m], this.listSize) : undefined;
      if (sig === this.memberSig.get(m)) continue;
      changes.changedMembers.add(this.memberIdOf[m]);
      if (sig === undefined) this.memberSig.delete(m);
      else this.memberSig.set(m, sig);
    }
    this.dirtyProjects.clear();
    this.dirtyMembers.clear();
    return changes;
  }
}

const neededKeys = new WeakMap<ProjectView, Set<string>>();

/** The skill keys a project's needs name (cached per project state: views are immutable). */
const neededSkillKeys = (project: ProjectView): Set<string> => {
  let keys = neededKeys.get(project);
  if (!keys) {
    keys = new Set();
    if (project.status === 'active') for (const need of project.needs) for (const skill of need.skills) keys.add(skill.key);
    neededKeys.set(project, keys);
  }
  return keys;
};

const sharesKey = (terms: readonly { key: string }[], keys: ReadonlySet<string>): boolean => {
  for (const t of terms) if (keys.has(t.key)) return true;
  return false;
};

const push = <T>(map: Map<number, T[]>, key: number, value: T): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

const head = (list: Ranked | undefined, n: number): Ranked =>
  list ? { ids: list.ids.slice(0, n), keys: list.keys.slice(0, n), hashes: list.hashes.slice(0, n) } : { ids: [], keys: [], hashes: [] };

/** Where (key, id) goes in a list ordered by key descending, then the other side's id. */
const position = (list: Ranked, key: number, id: number, idOf: readonly string[]): number => {
  const other = idOf[id];
  let lo = 0;
  let hi = list.ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = list.keys[mid];
    if (k > key || (k === key && compareIds(idOf[list.ids[mid]], other) < 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

const remove = (list: Ranked | undefined, id: number, key: number, idOf: readonly string[]): Ranked | undefined => {
  if (!list) throw new Error('ranked list out of step with its pairs');
  const at = position(list, key, id, idOf);
  if (list.ids[at] !== id) throw new Error('ranked list out of step with its pairs');
  list.ids.splice(at, 1);
  list.keys.splice(at, 1);
  list.hashes.splice(at, 1);
  return list.ids.length > 0 ? list : undefined;
};

const insert = (list: Ranked | undefined, id: number, key: number, hash: number, idOf: readonly string[]): Ranked => {
  const into = list ?? { ids: [], keys: [], hashes: [] };
  const at = position(into, key, id, idOf);
  into.ids.splice(at, 0, id);
  into.keys.splice(at, 0, key);
  into.hashes.splice(at, 0, hash);
  return into;
};

/**
 * Applies a list's pair updates: binary search out and in, or one sort when a large
 * share of it changed (a rebuild).
 */
const reorder = (list: Ranked | undefined, updates: readonly PairUpdate[], idOf: readonly string[]): Ranked | undefined => {
  const length = list?.ids.length ?? 0;
  if (updates.length > 16 && updates.length > length * RESORT_SHARE) {
    const changed = new Set<number>();
    for (const u of updates) changed.add(u.other);
    const entries: { id: number; key: number; hash: number }[] = [];
    for (let i = 0; i < length; i++) {
      const id = (list as Ranked).ids[i];
      if (!changed.has(id)) entries.push({ id, key: (list as Ranked).keys[i], hash: (list as Ranked).hashes[i] });
    }
    for (const u of updates) if (u.key !== undefined) entries.push({ id: u.other, key: u.key, hash: u.hash });
    entries.sort((a, b) => b.key - a.key || compareIds(idOf[a.id], idOf[b.id]));
    if (entries.length === 0) return undefined;
    return { ids: entries.map((e) => e.id), keys: entries.map((e) => e.key), hashes: entries.map((e) => e.hash) };
  }
  let out = list;
  for (const u of updates) if (u.oldKey !== undefined) out = remove(out, u.other, u.oldKey, idOf);
  for (const u of updates) if (u.key !== undefined) out = insert(out, u.other, u.key, u.hash, idOf);
  return out;
};

/** A number standing for what a list shows: its first `size` entries (ids and content hashes). */
const signature = (list: Ranked | undefined, size: number): number => {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const n = Math.min(size, list?.ids.length ?? 0);
  for (let i = 0; i < n; i++) {
    const id = (list as Ranked).ids[i];
    const hash = (list as Ranked).hashes[i];
    h1 = Math.imul(h1 ^ id, 16777619) ^ hash;
    h2 = Math.imul(h2 ^ hash, 2246822519) ^ id;
  }
  // Two 26-bit lanes and the length in one exact double.
  return ((h1 >>> 6) * 67108864 + (h2 >>> 6)) * 64 + Math.min(n, 63);
};
