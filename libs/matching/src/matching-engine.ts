import type { ResolvedTerritory } from '@trame/domain';
import { GeoGrid, CircleGrid, DEFAULT_CELL_DEGREES } from './geo/geo-grid';
import { chordKm, KM_PER_DEGREE, unitVector } from './geo/haversine';
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
  anyFits,
  AREA_KM,
  countFromTally,
  missingScreen,
  newTally,
  tallySignature,
  type MissingPartners,
  type MissingTally,
} from './missing/missing-partners';
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
import { DEFAULT_REMOTE_REACH } from './ranking/remote-reach';
import { LEVELS, referentChain, type Place, type ReferentAssignment } from './referents/referent-resolution';
import {
  describePartnerMatch,
  describeProjectMatch,
  memberFacts,
  PairScore,
  projectFacts,
  recordsContentHash,
  REMOTE_PROXIMITY,
  SCORE_WEIGHTS,
  scoreRecords,
  type MemberFacts,
  type ProjectFacts,
} from './scoring/pair-evaluation';

export type MatchingEngineOptions = Readonly<{
  /** K: a member is shown in at most this many project lists (default 5). */
  exposureCap?: number;
  /** Length of the recommendation lists whose changes `apply` reports (default 20). */
  listSize?: number;
  /** R: a remote-friendly project reaches its best R candidates beyond their territories (default 100). */
  remoteReach?: number;
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
/**
 * `reuse`: a list this engine returned earlier for the same project or member (e.g. the one
 * last published): its entries whose pair has the same content are returned as they are
 * instead of being described again. A list the engine did not return is ignored.
 */
export type ListOptions<T> = QueryOptions & Readonly<{ reuse?: readonly T[] }>;
export type NearQuery = Readonly<{ lat: number; lon: number; radiusKm: number; theme?: string; limit?: number }>;

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
  readonly remoteReach: number;
  private readonly normaliser: TermNormaliser;
  private day: string;

  private readonly projects = new Map<string, ProjectView>();
  private readonly members = new Map<string, MemberView>();
  private readonly referents = new Map<string, ReferentView>();
  /** Pairs with an open or refused introduction, by project and member index. */
  private readonly excluded = new Map<number, Set<number>>();
  /** Projects each member dismissed ("pas pour moi"), by project and member index: left out for good, like a refusal. */
  private readonly dismissed = new Map<number, Set<number>>();
  /**
   * Projects whose missing partners (see `missingPartners`) may have changed since
   * `missingPartnerChanges` was last called: a superset, gathered where their inputs change
   * (the project, its pairs, its eligible list, members of its area, the day).
   */
  private readonly missingDirty = new Set<number>();
  /**
   * Per project (by index): its area's members counted by standing per need (see
   * `MissingTally`), made by the first `missingPartners` of a short list, then kept in step
   * with members' changes and the day; dropped when the project changes.
   */
  private readonly missingTallies: (MissingTally | undefined)[] = [];
  private missingTallyCount = 0;

  // Members and projects are filed by index (small integers hash and compare fastest).
  private readonly memberGeo: GeoGrid<number>;
  private readonly memberArea = new PostingList<number>();
  private readonly memberSkill = new PostingList<number>();
  /** Theme key → members interested (to bound the score of a remote-friendly project's candidates). */
  private readonly memberInterest = new PostingList<number>();
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
   * Each member's best projects, best first: exactly their best `keep` pairs or fewer, with a
   * floor as for reach lists (every pair left out ranks at or after it; FLOOR_NONE: none is
   * left out), worked out again from the indexes when it runs short of the head. Keeping
   * the best only makes a project's change cheap for members far down its candidates
   * (a scored pair below the floor touches no list), and bounds memory per member.
   * Content hashes are kept for the head only (the first `headSize` entries: what the
   * member's list shows and what the cap reads); below it they are NO_HASH.
   */
  private readonly fits: (RankedList | undefined)[] = [];
  private readonly fitsFloorKey: number[] = [];
  private readonly fitsFloorId: number[] = [];
  private readonly keep: number;
  /** Members whose list ran short of its head during this flush (worked out again). */
  private readonly shortLists = new IndexSet();
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

  /**
   * The (other side's index, content hash) of each entry of the lists returned by
   * `topPartners`/`topProjects`, by list (held as long as the caller holds the list), so a
   * later call can reuse the entries whose content is the same (see `ListOptions`).
   * Lists are described from the head, whose hashes are always set.
   */
  private readonly described = new WeakMap<readonly object[], number[]>();

  /** The old K best of the members whose K best may change, during a flush (scratch). */
  private readonly heads: Heads;

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
  /** Skill masks of each member by index (see `skillMaskOf`: two words each), to screen candidates by place. */
  private memberSkillMask: Int32Array = new Int32Array(2048);
  /**
   * Each member's circles by index (CIRCLES_SCREENED of them, x y z radius each, see
   * `chordKm`) and how many they are (UNSCREENED: an area or more circles), to rule out by
   * place the candidates a project's grid cells hold but none of whose circles reaches it.
   */
  private memberCircles: Float64Array = new Float64Array(1024 * 4 * CIRCLES_SCREENED);
  private memberCircleCount: Uint8Array = new Uint8Array(1024);
  /** Visit marks by index (a generation number), to deduplicate candidates without a Set. */
  private memberMarks: Int32Array = new Int32Array(1024);
  private projectMarks: Int32Array = new Int32Array(1024);
  private generation = 0;
  /** Scratch space to score one member's candidates. */
  private scratchIds: Int32Array = new Int32Array(1024);
  private scratchKeys: Float64Array = new Float64Array(1024);
  private readonly scratchFloor = { id: FLOOR_NONE, key: 0 };

  /**
   * Remote reach (see `remote-reach.ts`). For each active remote-friendly project, its best
   * candidates beyond their territories, best first: exactly the best `reachBuffer` or fewer
   * of them, the first `remoteReach` being its reach. Every candidate outside the list ranks
   * at or after its floor (key and member; FLOOR_NONE: there is none outside), and every
   * one inside before it, so a member's change only has to be compared with the floor; the
   * list is worked out again from the skill posting lists when it runs short of R.
   */
  private readonly reach: (RankedList | undefined)[] = [];
  private readonly reachFloorKey: number[] = [];
  private readonly reachFloorId: number[] = [];
  /** The projects whose reach list holds each member, by member index. */
  private readonly memberReach: (number[] | undefined)[] = [];
  private readonly reachBuffer: number;
  /** Remote-friendly projects whose reach is worked out again at the next flush (their own change). */
  private readonly reachDirty = new Set<number>();
  /** Single pairs of remote-friendly projects to compare with their reach (introductions). */
  private reachChecks: [number, number][] = [];
  /** Per-member counts of a project's needed skills and themes (scratch, valid where memberMarks is current). */
  private memberCounts: Int32Array = new Int32Array(2048);
  private scratchOrder: Int32Array = new Int32Array(1024);
  /** The best candidates found by a reach search (scratch). */
  private readonly reachScratch = new RankedList(64);

  constructor(options: MatchingEngineOptions = {}) {
    this.exposureCap = options.exposureCap ?? DEFAULT_EXPOSURE_CAP;
    this.listSize = options.listSize ?? DEFAULT_LIST_SIZE;
    this.remoteReach = Math.max(0, options.remoteReach ?? DEFAULT_REMOTE_REACH);
    // Room above R, so that members leaving rarely empty it below R (a new search).
    this.reachBuffer = 2 * this.remoteReach;
    this.normaliser = options.normaliser ?? new TermNormaliser();
    this.day = dayOf(options.now ?? new Date());
    const cell = options.cellDegrees ?? DEFAULT_CELL_DEGREES;
    this.memberGeo = new GeoGrid<number>(cell);
    this.projectGeo = new GeoGrid<number>(cell);
    this.referentCircles = new CircleGrid(cell);
    this.headSize = Math.max(this.listSize, this.exposureCap);
    this.keep = 2 * this.headSize;
    this.heads = new Heads(this.exposureCap);
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
  topPartners(projectId: string, options: ListOptions<PartnerMatch> = {}): PartnerMatch[] {
    this.syncDay(options.now);
    const p = this.projectIndex.get(projectId);
    const shown = p === undefined ? undefined : this.eligible[p];
    if (p === undefined || !shown || !this.projects.has(projectId)) return [];
    const limit = Math.min(options.limit ?? this.listSize, shown.length);
    return this.describeHead(shown, limit, options.reuse, (m) => {
      this.rescore(p, m);
      return describePartnerMatch(
        this.projectOf[p] as ProjectView,
        this.memberOf[m] as MemberView,
        this.score,
        this.projectFactsOf[p],
        this.memberFactsOf[m],
      );
    });
  }

  /** Ranked projects for a member (no cap: the cap limits exposure to holders, not to members). */
  topProjects(memberId: string, options: ListOptions<ProjectMatch> = {}): ProjectMatch[] {
    this.syncDay(options.now);
    const m = this.memberIndex.get(memberId);
    const fits = m === undefined ? undefined : this.fits[m];
    if (m === undefined || !fits || !this.members.has(memberId)) return [];
    const limit = Math.min(options.limit ?? this.listSize, fits.length);
    return this.describeHead(fits, limit, options.reuse, (p) => {
      this.rescore(p, m);
      return describeProjectMatch(
        this.projectOf[p] as ProjectView,
        this.memberOf[m] as MemberView,
        this.score,
        this.projectFactsOf[p],
        this.memberFactsOf[m],
      );
    });
  }

  /**
   * The first `limit` entries of a ranked list, described by `describe(other side's index)`
   * unless `reuse` (a list returned here earlier) holds the same pair with the same content.
   */
  private describeHead<T extends object>(
    list: RankedList,
    limit: number,
    reuse: readonly T[] | undefined,
    describe: (other: number) => T,
  ): T[] {
    const out: T[] = [];
    const earlier = reuse && this.described.get(reuse);
    const pairs: number[] = new Array<number>(2 * limit);
    for (let i = 0; i < limit; i++) {
      const other = list.ids[i];
      pairs[2 * i] = other;
      pairs[2 * i + 1] = list.hashes[i];
      const j = earlier ? sameEntry(earlier, other, list.hashes[i]) : -1;
      out.push(j >= 0 ? (reuse as readonly T[])[j] : describe(other));
    }
    this.described.set(out, pairs);
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

  /**
   * Why members of a project's area who have a skill it needs are not among its partners,
   * counted per need and per rule (see `missing/missing-partners.ts`); only while its list
   * is short. Undefined for an unknown or closed project. Cost: the first time, the
   * project's area (`tallyArea`); then the members its list shows, its excluded pairs and
   * its reach: the counts of the area are kept in step with members' changes.
   */
  missingPartners(projectId: string, options: Readonly<{ now?: Date }> = {}): MissingPartners | undefined {
    this.syncDay(options.now);
    const p = this.projectIndex.get(projectId);
    const project = p === undefined ? undefined : this.projectOf[p];
    if (p === undefined || !project) return undefined;
    const shown = this.eligible[p];
    const partners = Math.min(shown?.length ?? 0, this.listSize);
    if (project.status !== 'active') return { projectId, list: 'paused', partners, needs: [] };
    if (partners >= this.listSize) return { projectId, list: 'full', partners, needs: [] };
    const tally = this.missingTallies[p] ?? this.tallyArea(p, project);
    const views = (ids: Iterable<number>, skip?: RankedList): MemberView[] => {
      const out: MemberView[] = [];
      for (const m of ids) {
        const member = this.memberOf[m];
        if (member && !(skip && skip.indexOf(m) >= 0)) out.push(member);
      }
      return out;
    };
    const excluded = new Set([...(this.excluded.get(p) ?? []), ...(this.dismissed.get(p) ?? [])]);
    return countFromTally(project, tally, this.day, partners, {
      shown: shown ? views(shown.ids.subarray(0, shown.length)) : [],
      excluded: views(excluded, shown),
      reach: project.remoteFriendly ? views(headIds(this.reach[p], this.remoteReach), shown) : [],
    });
  }

  /**
   * Counts a project's area by standing: the members the geo grid holds within AREA_KM and
   * those whose area holds the place, screened by skill mask.
   */
  private tallyArea(p: number, project: ProjectView): MissingTally {
    const tally = newTally(project);
    const screen = missingScreen(project);
    const generation = this.nextGeneration();
    const marks = this.memberMarks;
    const masks = this.memberSkillMask;
    const lo = this.screen.skillMask[2 * p];
    const hi = this.screen.skillMask[2 * p + 1];
    const consider = (m: number): void => {
      if (marks[m] === generation) return;
      marks[m] = generation;
      if (((masks[2 * m] & lo) | (masks[2 * m + 1] & hi)) === 0) return;
      const signature = screen.signature(this.memberOf[m], this.day);
      if (signature !== 0) tallySignature(tally, signature, 1);
    };
    this.memberGeo.visitNear(project.location.lat, project.location.lon, AREA_KM, consider);
    for (const level of LEVELS) {
      const code = project.location[CODE_OF[level]];
      if (code !== undefined) this.memberArea.get(areaKey(level, code))?.forEach(consider);
    }
    this.missingTallies[p] = tally;
    this.missingTallyCount++;
    return tally;
  }

  /** Ids of the projects whose `missingPartners` may have changed since the last call (then forgotten). */
  missingPartnerChanges(): string[] {
    const ids = [...this.missingDirty].map((p) => this.projectIdOf[p]);
    this.missingDirty.clear();
    return ids.sort(compareIds);
  }

  stats(): { projects: number; members: number; referents: number; pairs: number } {
    return { projects: this.projects.size, members: this.members.size, referents: this.referents.size, pairs: this.pairCount };
  }

  // ---------------------------------------------------------------- entity changes

  private ingest(event: EngineEvent): void {
    if (event.type === 'RecommendationDismissed') return this.dismiss(event.data);
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
      this.dropTally(this.projectIdx(id));
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
      if (2 * m + 1 >= this.memberSkillMask.length) this.memberSkillMask = grown(this.memberSkillMask, 2 * m + 2);
      this.memberSkillMask[2 * m] = after ? skillMaskOf(after.skills, 0) : 0;
      this.memberSkillMask[2 * m + 1] = after ? skillMaskOf(after.skills, 1) : 0;
      this.fileCircles(m, after);
      this.markMissingAround(before, after, this.day, this.day);
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
   * project's previous state: no project-side list of pairs is needed. Candidates are the
   * members its place reaches; a remote-friendly project's others are its reach, whose old
   * and new members are re-scored when the flush works it out again.
   */
  private touchProject(id: string, before: ProjectView | undefined, after: ProjectView | undefined): void {
    const p = this.projectIdx(id);
    this.dirtyProjects.add(p);
    if (before?.remoteFriendly || after?.remoteFriendly) this.reachDirty.add(p);
    // Until the first flush every member's whole list is to be worked out: no pair to mark.
    if (!this.settled) return;
    const generation = this.nextGeneration();
    for (const project of [before, after]) {
      if (!project) continue;
      const needed = neededSkills(project);
      if (needed.size === 0) continue;
      const marks = this.memberMarks;
      // Candidates by place mostly lack the needed skills: skip those at once (and leave
      // them unmarked: they may have a skill the project's other state needs).
      const skillTerms = project.needs.flatMap((n) => n.skills);
      const lo = skillMaskOf(skillTerms, 0);
      const hi = skillMaskOf(skillTerms, 1);
      const masks = this.memberSkillMask;
      const [x, y, z] = unitVector(project.location.lat, project.location.lon);
      const radius = project.radiusKm;
      const byPlace = (m: number): void => {
        // A mask says "maybe": scoring settles it.
        if (((masks[2 * m] & lo) | (masks[2 * m + 1] & hi)) === 0 || marks[m] === generation) return;
        // Most members the grid cells hold are beyond their own radius.
        if (!this.mayPlace(m, x, y, z, radius)) return;
        marks[m] = generation;
        // Members whose whole list is worked out anyway need no pair of their own.
        if (!this.dirtyFull.has(m)) this.markPairIdx(p, m);
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

  private fileCircles(m: number, member: MemberView | undefined): void {
    if (m >= this.memberCircleCount.length) {
      const count = new Uint8Array(Math.max(m + 1, this.memberCircleCount.length * 2));
      count.set(this.memberCircleCount);
      const circles = new Float64Array(count.length * 4 * CIRCLES_SCREENED);
      circles.set(this.memberCircles);
      this.memberCircleCount = count;
      this.memberCircles = circles;
    }
    const territories = member?.territories ?? [];
    if (territories.length > CIRCLES_SCREENED || territories.some((t) => t.kind !== 'radius')) {
      this.memberCircleCount[m] = UNSCREENED;
      return;
    }
    this.memberCircleCount[m] = territories.length;
    territories.forEach((t, i) => {
      if (t.kind !== 'radius') return;
      const at = (m * CIRCLES_SCREENED + i) * 4;
      this.memberCircles.set(unitVector(t.lat, t.lon), at);
      this.memberCircles[at + 3] = t.radiusKm;
    });
  }

  /**
   * Whether one of a member's territories may place a project at (x, y, z) with this
   * radius: the distance test scoring applies to circles (the same computation), areas
   * always pass.
   */
  private mayPlace(m: number, x: number, y: number, z: number, radiusKm: number): boolean {
    const count = this.memberCircleCount[m];
    if (count === UNSCREENED) return true;
    const c = this.memberCircles;
    for (let i = 0, at = m * CIRCLES_SCREENED * 4; i < count; i++, at += 4) {
      if (chordKm(x, y, z, c[at], c[at + 1], c[at + 2]) <= Math.min(c[at + 3], radiusKm) + 1e-9) return true;
    }
    return false;
  }

  /** The member's whole list is worked out again at the next flush. */
  private touchMember(id: string): void {
    const m = this.memberIdx(id);
    this.dirtyFull.add(m);
  }

  private markPairIdx(p: number, m: number): void {
    this.missingDirty.add(p);
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

  /**
   * A member's change (`before` on day `was` → `after` on day `is`): updates the tallies of
   * the projects of whose area they are (either state), with a skill they need, and marks
   * those whose counts may change: where the member's standing per need differs, or, for a
   * remote-friendly project, where they fit either way (its reach may change). A member who
   * fits either way changes counts only through the project's eligible list, followed by
   * the flush. Projects without a tally (never asked, or not short when asked) have no
   * counts to change.
   */
  private markMissingAround(before: MemberView | undefined, after: MemberView | undefined, was: string, is: string): void {
    if (this.missingTallyCount === 0) return;
    const lo = (before ? skillMaskOf(before.skills, 0) : 0) | (after ? skillMaskOf(after.skills, 0) : 0);
    const hi = (before ? skillMaskOf(before.skills, 1) : 0) | (after ? skillMaskOf(after.skills, 1) : 0);
    const mask = this.screen.skillMask;
    const generation = this.nextGeneration();
    const marks = this.projectMarks;
    const visit = (p: number): void => {
      if (marks[p] === generation) return;
      marks[p] = generation;
      // Only a short list has counts, hence a tally: a list that turns short is marked by the flush.
      const tally = this.missingTallies[p];
      if (!tally || ((mask[2 * p] & lo) | (mask[2 * p + 1] & hi)) === 0) return;
      const screen = missingScreen(this.projectOf[p] as ProjectView);
      const old = screen.signature(before, was);
      const now = screen.signature(after, is);
      if (old === now && !(screen.project.remoteFriendly && anyFits(now))) return;
      this.missingDirty.add(p);
      if (old !== now) {
        tallySignature(tally, old, -1);
        tallySignature(tally, now, 1);
      }
    };
    for (const member of [before, after]) {
      for (const t of member?.territories ?? []) {
        if (t.kind === 'radius') this.projectGeo.visitNear(t.lat, t.lon, AREA_KM, visit);
        else this.projectArea.get(areaKey(t.level, t.code))?.forEach(visit);
      }
    }
  }

  private dropTally(p: number): void {
    if (!this.missingTallies[p]) return;
    this.missingTallies[p] = undefined;
    this.missingTallyCount--;
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

  /** A member's "pas pour moi": the pair is left out for good (kept apart from introductions, which may readmit a pair). */
  private dismiss(data: unknown): void {
    const { projectId, memberId } = (data ?? {}) as { projectId?: unknown; memberId?: unknown };
    if (typeof projectId !== 'string' || typeof memberId !== 'string') return;
    const p = this.projectIdx(projectId);
    const m = this.memberIdx(memberId);
    let members = this.dismissed.get(p);
    if (!members) this.dismissed.set(p, (members = new Set()));
    if (members.has(m)) return;
    members.add(m);
    this.markPairIdx(p, m);
    this.reachChecks.push([p, m]);
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
    // Beyond its territories, the member may enter or leave a remote-friendly project's reach.
    this.reachChecks.push([p, m]);
  }

  private moveTo(day: string): void {
    if (day === this.day) return;
    const [lo, hi] = day < this.day ? [day, this.day] : [this.day, day];
    const from = this.day;
    this.day = day;
    for (const [boundary, memberIds] of this.availabilityBoundaries.entries()) {
      if (boundary > lo && boundary <= hi) {
        for (const m of memberIds) {
          this.dirtyFull.add(m);
          const member = this.memberOf[m];
          if (member) this.markMissingAround(member, member, from, day);
        }
      }
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
    for (const t of m.interests) this.memberInterest[op](t.key, i);
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
    this.settleReach();
    this.settled = true;
    // The old K best of each member whose K best may change, taken before the first change.
    const before = this.heads;
    before.clear();
    const k = this.exposureCap;
    for (let i = 0; i < this.dirtyFull.size; i++) {
      const m = this.dirtyFull.at(i);
      before.take(m, this.fits[m]);
      this.rankMember(m);
      this.dirtyMembers.add(m);
    }
    for (let i = 0; i < this.dirtyCount; i++) {
      const m = this.dirtyM[i];
      if (!this.dirtyFull.has(m)) this.updatePair(this.dirtyP[i], m, before);
    }
    this.dirtyCount = 0;
    for (let i = 0; i < this.shortLists.size; i++) {
      const m = this.shortLists.at(i);
      // Its first entries stay (the list held the best pairs), but take them before anyway.
      if (!before.has(m)) before.take(m, this.fits[m]);
      this.rankMember(m);
      this.dirtyMembers.add(m);
    }
    this.shortLists.clear();
    this.dirtyFull.clear();
    this.freshProjects.clear();
    for (let i = 0; i < this.dirtyMembers.size; i++) this.completeHead(this.dirtyMembers.at(i));

    // A member is eligible for the first K projects of their list: follow changes there.
    const touched = new Set<number>(this.dirtyProjects);
    for (const [m, slot] of before.slots()) {
      const list = this.fits[m];
      const shown = Math.min(k, list?.length ?? 0);
      const from = slot * k;
      const to = from + before.lengths[slot];
      for (let i = from; i < to; i++) {
        const p = before.ids[i];
        const j = list ? indexWithin(list.ids, shown, p) : -1;
        if (j >= 0 && (list as RankedList).keys[j] === before.keys[i] && (list as RankedList).hashes[j] === before.hashes[i]) continue;
        this.eligible[p] = remove(this.eligible[p], m, before.keys[i], this.memberIdOf);
        touched.add(p);
      }
      for (let j = 0; j < shown; j++) {
        const l = list as RankedList;
        const p = l.ids[j];
        let i = from;
        while (i < to && before.ids[i] !== p) i++;
        if (i < to && l.keys[j] === before.keys[i] && l.hashes[j] === before.hashes[i]) continue;
        // A project's list does not show its own title, kind and stage: leave them out of its hashes.
        const hash = (l.hashes[j] ^ (this.projectFactsOf[p] as ProjectFacts).header) & 0x3fffffff;
        this.eligible[p] = insert(this.eligible[p], m, l.keys[j], hash, this.memberIdOf);
        touched.add(p);
      }
    }

    for (const p of touched) this.missingDirty.add(p);
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

  // ---------------------------------------------------------------- remote reach

  /**
   * Brings the reach of remote-friendly projects in step with the entities, before any pair
   * is scored: a project that changed is searched again; a member that changed (or whose
   * introduction did) is compared with the floor of each project they may reach. Pairs of
   * members entering or leaving a reach are marked, and for a changed project those of its
   * whole old and new reach (their scores changed too).
   */
  private settleReach(): void {
    if (this.reachDirty.size === 0 && this.reachChecks.length === 0 && this.dirtyFull.size === 0) return;
    const r = this.remoteReach;
    const before = new Map<number, Int32Array>();
    const snapshot = (p: number): void => {
      if (!before.has(p)) before.set(p, headIds(this.reach[p], r));
    };
    for (const p of this.reachDirty) {
      snapshot(p);
      this.searchReach(p);
    }
    // Before the first flush there is no reach to update: every project is searched.
    if (this.settled) {
      for (let i = 0; i < this.dirtyFull.size; i++) {
        const m = this.dirtyFull.at(i);
        const generation = this.nextGeneration();
        const marks = this.projectMarks;
        const visit = (p: number): void => {
          if (marks[p] === generation) return;
          marks[p] = generation;
          if (!this.reachDirty.has(p)) this.updateReach(p, m, snapshot);
        };
        // The reaches that hold them (their old state), then those their skills may enter.
        const held = this.memberReach[m];
        if (held) for (const p of [...held]) visit(p);
        const member = this.memberOf[m];
        if (member) {
          for (const skill of member.skills) {
            const remote = this.projectRemoteSkill.get(skill.key);
            if (remote) for (const p of remote) visit(p);
          }
        }
      }
      for (const [p, m] of this.reachChecks) {
        if (!this.reachDirty.has(p)) this.updateReach(p, m, snapshot);
      }
    }
    this.reachChecks = [];
    for (const p of before.keys()) {
      // Run short of R while candidates are left outside: search again.
      if (!this.reachDirty.has(p) && this.reachFloorId[p] !== FLOOR_NONE && (this.reach[p]?.length ?? 0) < r) {
        this.reachDirty.add(p);
        this.searchReach(p);
      }
    }
    for (const [p, old] of before) {
      const whole = this.reachDirty.has(p);
      const now = headIds(this.reach[p], r);
      // Members on one side only (by visit marks), or all of them for a changed project.
      const marks = this.memberMarks;
      const inOld = this.nextGeneration();
      for (const m of old) marks[m] = inOld;
      for (const m of now) if ((whole || marks[m] !== inOld) && !this.dirtyFull.has(m)) this.markPairIdx(p, m);
      const inNow = this.nextGeneration();
      for (const m of now) marks[m] = inNow;
      for (const m of old) if ((whole || marks[m] !== inNow) && !this.dirtyFull.has(m)) this.markPairIdx(p, m);
    }
    this.reachDirty.clear();
  }

  /**
   * Files one member's current fit beyond their territories in a project's reach list (or
   * takes it out), taking a `snapshot` of its first R before changing them.
   */
  private updateReach(p: number, m: number, snapshot: (p: number) => void): void {
    const project = this.projectOf[p];
    if (!project || !project.remoteFriendly || project.status !== 'active' || this.remoteReach === 0) return;
    let list = this.reach[p];
    const at = list ? list.indexOf(m) : -1;
    if (at >= 0) {
      if (at < this.remoteReach) {
        snapshot(p);
      }
      (list as RankedList).removeAt(at);
      this.leaveReach(m, p);
    }
    if (!this.scoreAny(p, m) || !this.score.beyond) return;
    const key = sortKey(this.score.score, this.score.distanceKm);
    const floor = this.reachFloorId[p];
    if (floor !== FLOOR_NONE && !ranksBefore(key, m, this.reachFloorKey[p], floor, this.memberIdOf)) return;
    if (!list) this.reach[p] = list = new RankedList();
    const to = list.position(key, m, this.memberIdOf);
    if (to < this.remoteReach) {
      snapshot(p);
    }
    list.insertAt(to, m, key, NO_HASH);
    this.enterReach(m, p);
    if (list.length > this.reachBuffer) this.leaveReach(spillLast(list, this.reachFloorKey, this.reachFloorId, p), p);
  }

  /**
   * Works a remote-friendly project's reach list out from the posting lists. Candidates
   * (members with one of its needed skills) are taken by an upper bound of their score, best
   * first, and the search stops once no bound is above the list's floor: the bound counts
   * how many of its needed skills and themes a member has (the best coverage a need allows
   * with that many skills, that share of themes, every other part of the score full).
   */
  private searchReach(p: number): void {
    const old = this.reach[p];
    if (old) for (let i = 0; i < old.length; i++) this.leaveReach(old.ids[i], p);
    this.reach[p] = undefined;
    this.reachFloorId[p] = FLOOR_NONE;
    this.reachFloorKey[p] = 0;
    const project = this.projectOf[p];
    if (!project || !project.remoteFriendly || this.remoteReach === 0) return;
    const needed = neededSkills(project);
    if (needed.size === 0) return;
    // Typed scratch arrays throughout: this runs on a large heap, where garbage costs pauses.
    const generation = this.nextGeneration();
    const marks = this.memberMarks;
    if (this.memberCounts.length < 2 * marks.length) this.memberCounts = new Int32Array(2 * marks.length);
    // Needed skills at 2m, shared themes at 2m + 1.
    const counts = this.memberCounts;
    let found = 0;
    let most = 0;
    for (const key of needed) {
      const members = this.memberSkill.get(key);
      if (!members) continue;
      if (this.scratchIds.length < found + members.size) this.scratchIds = grown(this.scratchIds, found + members.size);
      const ids = this.scratchIds;
      for (const m of members) {
        if (marks[m] !== generation) {
          marks[m] = generation;
          counts[2 * m] = 0;
          counts[2 * m + 1] = 0;
          ids[found++] = m;
        }
        if (++counts[2 * m] > most) most = counts[2 * m];
      }
    }
    const themes = project.themes.length;
    for (const theme of project.themes) {
      const members = this.memberInterest.get(theme.key);
      if (members) for (const m of members) if (marks[m] === generation) counts[2 * m + 1]++;
    }
    // Buckets by (skills, themes), a counting sort into scratch order, visited by bound.
    const width = themes + 1;
    const bucketCount = (most + 1) * width;
    const sizes = project.needs.map((n) => n.skills.length).filter((n) => n > 0);
    const bucketOf = (m: number): number => counts[2 * m] * width + counts[2 * m + 1];
    const start = new Int32Array(bucketCount + 1);
    const ids = this.scratchIds;
    for (let i = 0; i < found; i++) start[bucketOf(ids[i]) + 1]++;
    for (let b = 0; b < bucketCount; b++) start[b + 1] += start[b];
    const fill = start.slice(0, bucketCount);
    if (this.scratchOrder.length < found) this.scratchOrder = grown(this.scratchOrder, found);
    const order = this.scratchOrder;
    for (let i = 0; i < found; i++) order[fill[bucketOf(ids[i])]++] = ids[i];
    const bounds: { bucket: number; bound: number }[] = [];
    for (let b = 0; b < bucketCount; b++) {
      if (start[b + 1] > start[b]) bounds.push({ bucket: b, bound: reachBoundKey(sizes, Math.floor(b / width), b % width, themes) });
    }
    bounds.sort((a, b) => b.bound - a.bound);
    // The best `limit + 1` found so far, best first (the last one is the floor once full).
    const limit = this.reachBuffer;
    const best = this.reachScratch;
    best.length = 0;
    const idOf = this.memberIdOf;
    for (const { bucket, bound } of bounds) {
      if (best.length > limit && bound < best.keys[limit]) break;
      for (let i = start[bucket]; i < start[bucket + 1]; i++) {
        const m = order[i];
        if (!this.scoreAny(p, m) || !this.score.beyond) continue;
        const key = sortKey(this.score.score, this.score.distanceKm);
        if (best.length > limit && !ranksBefore(key, m, best.keys[limit], best.ids[limit], idOf)) continue;
        best.insertAt(best.position(key, m, idOf), m, key, NO_HASH);
        if (best.length > limit + 1) best.length = limit + 1;
      }
    }
    const n = Math.min(best.length, limit);
    if (n === 0) return;
    const list = new RankedList(n + 8);
    list.ids.set(best.ids.subarray(0, n));
    list.keys.set(best.keys.subarray(0, n));
    list.hashes.fill(NO_HASH);
    list.length = n;
    for (let i = 0; i < n; i++) this.enterReach(list.ids[i], p);
    this.reach[p] = list;
    if (best.length > limit) {
      this.reachFloorKey[p] = best.keys[limit];
      this.reachFloorId[p] = best.ids[limit];
    }
  }

  private enterReach(m: number, p: number): void {
    const held = this.memberReach[m];
    if (held) held.push(p);
    else this.memberReach[m] = [p];
  }

  private leaveReach(m: number, p: number): void {
    const held = this.memberReach[m] as number[];
    const at = held.indexOf(p);
    held[at] = held[held.length - 1];
    held.pop();
    if (held.length === 0) this.memberReach[m] = undefined;
  }

  /** Scores one pair into `this.score`; false when it does not match (its reach included). */
  private scoreIdx(p: number, m: number): boolean {
    if (!this.scoreAny(p, m)) return false;
    if (!this.score.beyond) return true;
    const list = this.reach[p];
    if (!list) return false;
    const at = list.position(sortKey(this.score.score, this.score.distanceKm), m, this.memberIdOf);
    return at < this.remoteReach && at < list.length && list.ids[at] === m;
  }

  /** Scores one pair into `this.score` by the pair's own rules, whatever the project's reach. */
  private scoreAny(p: number, m: number): boolean {
    const pa = this.projectRecords.at(p);
    const ma = this.memberRecords.at(m);
    if (pa < 0 || ma < 0) return false;
    const ctx = this.context;
    ctx.day = this.day;
    ctx.excluded =
      (this.excluded.size > 0 && (this.excluded.get(p)?.has(m) ?? false)) ||
      (this.dismissed.size > 0 && (this.dismissed.get(p)?.has(m) ?? false));
    const project = this.projectFactsOf[p] as ProjectFacts;
    const member = this.memberFactsOf[m] as MemberFacts;
    return scoreRecords(this.projectRecords.data, pa, this.memberRecords.data, ma, project, member, ctx, this.score);
  }

  /** Content hash of the pair last scored by `scoreIdx`. */
  private hashOf(p: number, m: number): number {
    return recordsContentHash(
      this.projectRecords.data,
      this.projectRecords.at(p),
      this.memberRecords.data,
      this.memberRecords.at(m),
      this.score,
    );
  }

  /** A member's whole list, from the indexes: every candidate project scored, one sort. */
  private rankMember(m: number): void {
    const old = this.fits[m];
    if (old) this.pairCount -= old.length;
    this.fitsFloorId[m] = FLOOR_NONE;
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
    const lo = skillMaskOf(member.skills, 0);
    const hi = skillMaskOf(member.skills, 1);
    const circles = member.territories.every((t) => t.kind === 'radius') ? member.territories : undefined;
    const screen = this.screen;
    const consider = (p: number): void => {
      if (marks[p] === generation) return;
      marks[p] = generation;
      if (((screen.skillMask[2 * p] & lo) | (screen.skillMask[2 * p + 1] & hi)) === 0) return;
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
    // Remote-friendly projects beyond the member's territories: those whose reach holds them.
    const reached = this.memberReach[m];
    if (reached) for (let i = 0; i < reached.length; i++) consider(reached[i]);
    if (n === 0) {
      this.fits[m] = undefined;
      return;
    }
    const floor = this.scratchFloor;
    const list = RankedList.sorted(this.scratchIds, this.scratchKeys, n, this.projectIdOf, this.keep, floor);
    if (n > this.keep) {
      this.fitsFloorKey[m] = floor.key;
      this.fitsFloorId[m] = floor.id;
    }
    this.pairCount += list.length;
    this.fits[m] = list;
  }

  /** Re-scores one pair and moves it in its member's list. */
  private updatePair(p: number, m: number, before: Heads): void {
    let list = this.fits[m];
    const fresh = this.freshProjects.has(p);
    const at = list && !fresh ? list.indexOf(p) : -1;
    let key = this.scoreIdx(p, m) ? sortKey(this.score.score, this.score.distanceKm) : undefined;
    // At or after the floor, the pair is left out of the list like any other there.
    const floor = this.fitsFloorId[m] ?? FLOOR_NONE;
    if (key !== undefined && floor !== FLOOR_NONE && !ranksBefore(key, p, this.fitsFloorKey[m], floor, this.projectIdOf)) key = undefined;
    if (key === undefined && at < 0) return;
    const head = this.headSize;
    const k = this.exposureCap;
    if (at >= 0 && key === (list as RankedList).keys[at]) {
      // Same rank: only the content of a head entry matters.
      if (at >= head) return;
      const hash = this.hashOf(p, m);
      if (hash === (list as RankedList).hashes[at]) return;
      if (at < k && !before.has(m)) before.take(m, list);
      (list as RankedList).hashes[at] = hash;
      this.dirtyMembers.add(m);
      return;
    }
    // Where it goes once its old entry is out.
    let to = -1;
    if (key !== undefined) {
      to = list ? list.position(key, p, this.projectIdOf) : 0;
      // A fresh project's pair marked twice (by place and by reach) is filed once.
      if (fresh && list && list.ids[to] === p && to < list.length) return;
      if (at >= 0 && at < to) to--;
    }
    if ((at >= 0 && at < k) || (to >= 0 && to < k)) {
      if (!before.has(m)) before.take(m, list);
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
      if (list.length > this.keep) {
        // Below the head: no hash to drop.
        spillLast(list, this.fitsFloorKey, this.fitsFloorId, m);
        this.pairCount--;
      }
    } else if (list && list.length < head && floor !== FLOOR_NONE) this.shortLists.add(m);
    else if (list && list.length === 0) this.fits[m] = undefined;
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

/** Circles of a member kept for screening by place (members with more are not screened). */
const CIRCLES_SCREENED = 2;
const UNSCREENED = 255;

/** No candidate is left outside a reach list. */
const FLOOR_NONE = -1;

/** Whether (key, member) ranks before (floorKey, floor): key descending, then id ascending. */
const ranksBefore = (key: number, m: number, floorKey: number, floor: number, idOf: readonly string[]): boolean =>
  key > floorKey || (key === floorKey && compareIds(idOf[m], idOf[floor]) < 0);

/**
 * The highest sort key a fit beyond territories can have with `skills` of the project's
 * needed skills and `shared` of its `themes`: the best coverage a need allows, that share
 * of themes, every other part of the score full (proximity is REMOTE_PROXIMITY there), a
 * margin above rounding, and no distance.
 */
const reachBoundKey = (needSizes: readonly number[], skills: number, shared: number, themes: number): number => {
  let coverage = 0;
  for (const size of needSizes) coverage = Math.max(coverage, Math.min(skills, size) / size);
  const w = SCORE_WEIGHTS;
  const themeShare = themes > 0 ? Math.min(1, shared / themes) : 0;
  const bound = w.skills * coverage + w.themes * themeShare + w.proximity * REMOTE_PROXIMITY + w.availability + w.stage + 0.001;
  return sortKey(Math.min(1, bound), 0);
};

/**
 * Takes the last entry out of a kept list and makes it the list's floor (everyone left out
 * ranks at or after it); returns its id.
 */
const spillLast = (list: RankedList, floorKeys: number[], floorIds: number[], owner: number): number => {
  const last = list.length - 1;
  const id = list.ids[last];
  floorKeys[owner] = list.keys[last];
  floorIds[owner] = id;
  list.removeAt(last);
  return id;
};

/** The member indexes of a reach list's first `n` (its reach). */
const headIds = (list: RankedList | undefined, n: number): Int32Array =>
  list ? list.ids.slice(0, Math.min(n, list.length)) : new Int32Array(0);

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

/** Index of the entry (id, hash) in packed (id, hash) pairs, or -1. */
const sameEntry = (pairs: readonly number[], id: number, hash: number): number => {
  if (hash === NO_HASH) return -1;
  for (let j = 0; j < pairs.length; j += 2) if (pairs[j] === id) return pairs[j + 1] === hash ? j >> 1 : -1;
  return -1;
};

/** Equality where NaN (no value) equals NaN. */
const sameNumber = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/**
 * Word `word` (0 or 1) of a two-word Bloom filter of skill codes: code c sets bit c % 32 of
 * word (c >> 5) & 1, so the first 64 codes never collide.
 */
const skillMaskOf = (terms: readonly { code: number }[], word: number): number => {
  let mask = 0;
  for (let i = 0; i < terms.length; i++) if (((terms[i].code >> 5) & 1) === word) mask |= 1 << (terms[i].code & 31);
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

/** Index of `id` among the first `n` of `ids`, or -1. */
const indexWithin = (ids: Int32Array, n: number, id: number): number => {
  for (let i = 0; i < n; i++) if (ids[i] === id) return i;
  return -1;
};

/**
 * The first K entries of members' lists as they were before a flush changed them, in flat
 * typed arrays reused from flush to flush (a project's change takes hundreds: small arrays
 * each would feed the garbage collector, whose pauses land on updates).
 */
class Heads {
  ids = new Int32Array(0);
  keys = new Float64Array(0);
  hashes = new Int32Array(0);
  lengths = new Int32Array(0);
  private readonly slotOf = new Map<number, number>();

  constructor(private readonly k: number) {
    this.grow(256);
  }

  has(m: number): boolean {
    return this.slotOf.has(m);
  }

  /** Takes the first K of a member's list (once per flush: later calls are ignored by callers via `has`). */
  take(m: number, list: RankedList | undefined): void {
    const slot = this.slotOf.size;
    if (slot === this.lengths.length) this.grow(slot * 2);
    this.slotOf.set(m, slot);
    const n = Math.min(this.k, list?.length ?? 0);
    const at = slot * this.k;
    for (let i = 0; i < n; i++) {
      this.ids[at + i] = (list as RankedList).ids[i];
      this.keys[at + i] = (list as RankedList).keys[i];
      this.hashes[at + i] = (list as RankedList).hashes[i];
    }
    this.lengths[slot] = n;
  }

  slots(): IterableIterator<[number, number]> {
    return this.slotOf.entries();
  }

  clear(): void {
    this.slotOf.clear();
  }

  private grow(slots: number): void {
    const ids = new Int32Array(slots * this.k);
    const keys = new Float64Array(slots * this.k);
    const hashes = new Int32Array(slots * this.k);
    const lengths = new Int32Array(slots);
    ids.set(this.ids);
    keys.set(this.keys);
    hashes.set(this.hashes);
    lengths.set(this.lengths);
    Object.assign(this, { ids, keys, hashes, lengths });
  }
}

/** What rules a project out for a member without reading its facts, by project index. */
class ProjectScreen {
  /** Skill masks (two words, see `skillMaskOf`) of the needs of an active project (0 otherwise: it matches nobody). */
  skillMask = new Int32Array(2048);
  remote = new Uint8Array(1024);
  lat = new Float64Array(1024);
  radius = new Float64Array(1024);

  set(p: number, project: ProjectView | undefined): void {
    if (p >= this.remote.length) {
      const size = Math.max(p + 1, this.remote.length * 2);
      const skillMask = new Int32Array(2 * size);
      const remote = new Uint8Array(size);
      const lat = new Float64Array(size);
      const radius = new Float64Array(size);
      skillMask.set(this.skillMask);
      remote.set(this.remote);
      lat.set(this.lat);
      radius.set(this.radius);
      Object.assign(this, { skillMask, remote, lat, radius });
    }
    const skills = project && project.status === 'active' ? project.needs.flatMap((n) => n.skills) : [];
    this.skillMask[2 * p] = skillMaskOf(skills, 0);
    this.skillMask[2 * p + 1] = skillMaskOf(skills, 1);
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
