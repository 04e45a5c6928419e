import { CandidateIndex, neededSkills } from './candidates/candidate-index';
import { CandidateScorer } from './candidates/candidate-scorer';
import { minHoursShareOf } from './scoring/score-weights';
import { ExcludedPairs } from './candidates/excluded-pairs';
import { projectsNear } from './candidates/nearby-projects';
import { EligibleLists, DEFAULT_EXPOSURE_CAP } from './exposure/exposure-cap';
import { DEFAULT_CELL_DEGREES } from './geo/geo-grid';
import { KeptHeads } from './lists/kept-heads';
import { ListDescriber } from './lists/list-description';
import { ListSignatures, signature } from './lists/list-signature';
import { MemberLists } from './lists/member-lists';
import { PairQueue } from './lists/pair-queue';
import { IndexSet } from './model/index-set';
import { dayOf, DayMemo } from './model/days';
import type { EngineChanges, ListOptions, MatchingEngineOptions, NearQuery } from './model/engine-options';
import {
  evolveMember,
  evolveProject,
  evolveReferent,
  subjectOf,
  type EngineEvent,
  type MemberView,
  type ProjectView,
} from './model/entities';
import type { NearbyProject, PartnerMatch, ProjectMatch } from './model/match-types';
import type { MissingPartners } from './missing/missing-partners';
import { MissingTallies } from './missing/missing-tallies';
import { TermNormaliser } from './normalise/term-normaliser';
import { compareIds, DEFAULT_LIST_SIZE } from './ranking/ranking';
import { ReachIndex } from './remote/reach-index';
import { DEFAULT_REMOTE_REACH } from './remote/remote-reach';
import { ReferentIndex } from './referents/referent-index';
import type { Place, ReferentAssignment } from './referents/referent-resolution';
import { describePartnerMatch, describeProjectMatch } from './reasons/pair-description';

export type { EngineChanges, ListOptions, MatchingEngineOptions, NearQuery, QueryOptions } from './model/engine-options';

const emptyChanges = (): EngineChanges => ({ changedProjects: new Set(), changedMembers: new Set() });

/**
 * In-memory matching engine, updated event by event: a facade over structures that own one
 * invariant each, running the flush that brings them in step.
 *
 * Every result is a function of the current entity state and the current day only (never of
 * event order or of restarts), so an engine caught up incrementally and one rebuilt from
 * the log give identical output:
 * - entities are folded per stream (pure `evolve*`) into the candidate index
 *   (`candidates/`), from which every other structure is derived;
 * - each (project, member) pair is scored by a pure function (`scoring/`); an update
 *   re-scores only the pairs it can affect, found through the indexes, never by scanning
 *   all members: a member's own change ranks their whole list again from their candidate
 *   projects, a project's change re-scores its pairs with its old and new candidate members;
 * - each member keeps their best pairs in rank order with a floor (`lists/member-lists.ts`);
 * - exposure cap (`exposure/`): each project's list is its best candidates among the
 *   members for whom it is one of their K best;
 * - remote reach (`remote/`): a remote-friendly project reaches its best R candidates
 *   beyond their territories;
 * - only the shown pairs are described in full (`reasons/`), when queried; lists compare
 *   signatures of content hashes to report exactly the lists whose content changed.
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

  private readonly index: CandidateIndex;
  private readonly excluded = new ExcludedPairs();
  private readonly scorer: CandidateScorer;
  private readonly reach: ReachIndex;
  private readonly lists: MemberLists;
  private readonly eligible: EligibleLists;
  private readonly referents: ReferentIndex;
  private readonly missing: MissingTallies;
  private readonly describer = new ListDescriber();

  /** Signature of each list as last reported (see `list-signature.ts`), and each project's referent. */
  private readonly projectSig = new ListSignatures();
  private readonly memberSig = new ListSignatures();
  private readonly referentSig = new Map<number, string>();

  /** The old K best of the members whose K best may change, during a flush (scratch). */
  private readonly heads: KeptHeads;
  /** Pairs to re-score at the next flush. */
  private readonly dirtyPairs = new PairQueue();
  /** Members whose whole list is worked out again (their own change, or never settled). */
  private readonly dirtyFull = new IndexSet();
  private readonly dirtyProjects = new Set<number>();
  /** Whether a flush has run: before it, no member has a list yet. */
  private settled = false;
  private pending: EngineChanges = emptyChanges();
  private readonly days = new DayMemo();

  constructor(options: MatchingEngineOptions = {}) {
    this.exposureCap = options.exposureCap ?? DEFAULT_EXPOSURE_CAP;
    this.listSize = options.listSize ?? DEFAULT_LIST_SIZE;
    this.remoteReach = Math.max(0, options.remoteReach ?? DEFAULT_REMOTE_REACH);
    this.normaliser = options.normaliser ?? new TermNormaliser();
    this.day = dayOf(options.now ?? new Date());
    const cell = options.cellDegrees ?? DEFAULT_CELL_DEGREES;
    const minHoursShare = minHoursShareOf(options.minHoursShare);
    const index = (this.index = new CandidateIndex(cell));
    this.scorer = new CandidateScorer(index, this.excluded, this.day, minHoursShare);
    this.reach = this.scorer.reach = new ReachIndex(index, this.scorer, this.remoteReach);
    this.lists = new MemberLists(index, this.scorer, (m) => this.reach.heldBy(m), this.listSize, this.exposureCap);
    this.eligible = new EligibleLists(this.exposureCap, index.memberIdOf, index.projectFactsOf);
    this.referents = new ReferentIndex(cell, index);
    this.missing = new MissingTallies(index, minHoursShare);
    this.heads = new KeptHeads(this.exposureCap);
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
    const index = this.index;
    const p = index.projectIndex.get(projectId);
    const shown = p === undefined ? undefined : this.eligible.lists[p];
    if (p === undefined || !shown || !index.projects.has(projectId)) return [];
    const limit = Math.min(options.limit ?? this.listSize, shown.length);
    return this.describer.head(shown, limit, options.reuse, (m) => {
      this.scorer.rescore(p, m);
      const project = index.projectOf[p] as ProjectView;
      return describePartnerMatch(
        project,
        index.memberOf[m] as MemberView,
        this.scorer.score,
        index.projectFactsOf[p],
        index.memberFactsOf[m],
      );
    });
  }

  /** Ranked projects for a member (no cap: the cap limits exposure to holders, not to members). */
  topProjects(memberId: string, options: ListOptions<ProjectMatch> = {}): ProjectMatch[] {
    this.syncDay(options.now);
    const index = this.index;
    const m = index.memberIndex.get(memberId);
    const fits = m === undefined ? undefined : this.lists.fits[m];
    if (m === undefined || !fits || !index.members.has(memberId)) return [];
    const limit = Math.min(options.limit ?? this.listSize, fits.length);
    return this.describer.head(fits, limit, options.reuse, (p) => {
      this.scorer.rescore(p, m);
      const project = index.projectOf[p] as ProjectView;
      return describeProjectMatch(
        project,
        index.memberOf[m] as MemberView,
        this.scorer.score,
        index.projectFactsOf[p],
        index.memberFactsOf[m],
      );
    });
  }

  /** Active projects whose place is within `radiusKm` of a point, nearest first. */
  projectsNear(query: NearQuery): NearbyProject[] {
    return projectsNear(this.index, query, query.theme !== undefined ? this.normaliser.key(query.theme) : undefined);
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
    return this.referents.chain(place, keys);
  }

  /** The referent of a project's place, given its themes; undefined for an unknown or closed project. */
  referentForProject(projectId: string): ReferentAssignment | undefined {
    const p = this.index.projects.get(projectId);
    return p && this.referents.chain(p.location, new Set(p.themes.map((t) => t.key)))[0];
  }

  /** Ids of the projects (not closed) and members (not erased) known, sorted. */
  projectIds(): string[] {
    return [...this.index.projects.keys()].sort(compareIds);
  }

  memberIds(): string[] {
    return [...this.index.members.keys()].sort(compareIds);
  }

  /**
   * Why members of a project's area who have a skill it needs are not among its partners,
   * counted per need and per rule (see `missing/missing-partners.ts`); only while its list
   * is short. Undefined for an unknown or closed project. Cost: the first time, the
   * project's area (`missing-tallies.ts`); then the members its list shows, its excluded
   * pairs and its reach: the counts of the area are kept in step with members' changes.
   */
  missingPartners(projectId: string, options: Readonly<{ now?: Date }> = {}): MissingPartners | undefined {
    this.syncDay(options.now);
    const index = this.index;
    const p = index.projectIndex.get(projectId);
    const project = p === undefined ? undefined : index.projectOf[p];
    if (p === undefined || !project) return undefined;
    const shown = this.eligible.lists[p];
    const partners = Math.min(shown?.length ?? 0, this.listSize);
    if (project.status !== 'active') return { projectId, list: 'paused', partners, needs: [] };
    if (partners >= this.listSize) return { projectId, list: 'full', partners, needs: [] };
    return this.missing.count(p, project, this.day, partners, {
      shown,
      excluded: this.excluded.membersOf(p),
      reach: project.remoteFriendly ? this.reach.membersOf(p) : undefined,
    });
  }

  /** Ids of the projects whose `missingPartners` may have changed since the last call (then forgotten). */
  missingPartnerChanges(): string[] {
    return this.missing.drainChanges();
  }

  stats(): { projects: number; members: number; referents: number; pairs: number } {
    const index = this.index;
    return {
      projects: index.projects.size,
      members: index.members.size,
      referents: this.referents.referents.size,
      pairs: this.lists.pairCount,
    };
  }

  // ---------------------------------------------------------------- entity changes

  private ingest(event: EngineEvent): void {
    if (event.type === 'RecommendationDismissed') return this.dismiss(event.data);
    const subject = subjectOf(event);
    if (!subject) return;
    const { id } = subject;
    const index = this.index;
    if (subject.kind === 'project') {
      const before = index.projects.get(id);
      const after = evolveProject(this.normaliser, before, event);
      if (after === before) return;
      const p = index.putProject(id, before, after);
      this.missing.drop(p);
      if (!before) this.lists.freshProjects.add(p);
      this.touchProject(p, before, after);
    } else if (subject.kind === 'member') {
      const before = index.members.get(id);
      const after = evolveMember(this.normaliser, before, event);
      if (after === before) return;
      const m = index.putMember(id, before, after);
      this.missing.markAround(before, after, this.day, this.day);
      // The member's whole list is worked out again at the next flush.
      this.dirtyFull.add(m);
    } else {
      const before = this.referents.referents.get(id);
      const after = evolveReferent(this.normaliser, before, event);
      if (after === before) return;
      // The referent of these projects' places may change.
      const covered = new Set<number>();
      this.referents.put(id, before, after, covered);
      for (const p of covered) this.dirtyProjects.add(p);
    }
  }

  /**
   * Re-score the project's current pairs and its new candidates. Pairs are always in step
   * with the current members, so the current pairs are among the candidates of the
   * project's previous state: no project-side list of pairs is needed. Candidates are the
   * members its place reaches; a remote-friendly project's others are its reach, whose old
   * and new members are re-scored when the flush works it out again.
   */
  private touchProject(p: number, before: ProjectView | undefined, after: ProjectView | undefined): void {
    this.dirtyProjects.add(p);
    if (before?.remoteFriendly || after?.remoteFriendly) this.reach.dirty.add(p);
    // Until the first flush every member's whole list is to be worked out: no pair to mark.
    if (!this.settled) return;
    const generation = this.index.nextGeneration();
    for (const project of [before, after]) {
      if (!project || neededSkills(project).size === 0) continue;
      // Members whose whole list is worked out anyway need no pair of their own.
      this.index.visitPlacedMembers(project, generation, (m) => {
        if (!this.dirtyFull.has(m)) this.markPair(p, m);
      });
    }
  }

  private markPair(p: number, m: number): void {
    this.missing.dirty.add(p);
    this.dirtyPairs.push(p, m);
  }

  /** A member's "pas pour moi": the pair is left out for good (kept apart from introductions, which may readmit a pair). */
  private dismiss(data: unknown): void {
    const { projectId, memberId } = (data ?? {}) as { projectId?: unknown; memberId?: unknown };
    if (typeof projectId !== 'string' || typeof memberId !== 'string') return;
    const p = this.index.projectIdx(projectId);
    const m = this.index.memberIdx(memberId);
    if (!this.excluded.dismiss(p, m)) return;
    this.markPair(p, m);
    this.reach.check(p, m);
  }

  /** Excludes or readmits a pair (by index: scoring checks it for every pair), re-scored at the next flush. */
  private setExcluded(projectId: string, memberId: string, excluded: boolean): void {
    const p = this.index.projectIdx(projectId);
    const m = this.index.memberIdx(memberId);
    this.excluded.setIntroduced(p, m, excluded);
    this.markPair(p, m);
    // Beyond its territories, the member may enter or leave a remote-friendly project's reach.
    this.reach.check(p, m);
  }

  // ---------------------------------------------------------------- time

  private moveTo(day: string): void {
    if (day === this.day) return;
    const [lo, hi] = day < this.day ? [day, this.day] : [this.day, day];
    const from = this.day;
    this.day = this.scorer.day = day;
    for (const [boundary, memberIds] of this.index.availabilityBoundaries.entries()) {
      if (boundary > lo && boundary <= hi) {
        for (const m of memberIds) {
          this.dirtyFull.add(m);
          const member = this.index.memberOf[m];
          if (member) this.missing.markAround(member, member, from, day);
        }
      }
    }
  }

  private dayOf(now: Date): string {
    return this.days.dayOf(now);
  }

  private syncDay(now: Date | undefined): void {
    if (!now || this.dayOf(now) === this.day) return;
    this.moveTo(this.dayOf(now));
    const changes = this.flush();
    for (const p of changes.changedProjects) this.pending.changedProjects.add(p);
    for (const m of changes.changedMembers) this.pending.changedMembers.add(m);
  }

  // ---------------------------------------------------------------- the flush

  /**
   * Brings the reach in step, works out the lists of the members to redo, re-scores the
   * dirty pairs and moves them in their members' lists, moves members in and out of the
   * eligible lists of the projects entering or leaving their K best, and compares list
   * signatures to report exactly the lists that differ.
   */
  private flush(): EngineChanges {
    const changes = this.pending;
    this.pending = emptyChanges();
    this.reach.settle(this.dirtyFull, this.settled, (p, m) => this.markPair(p, m));
    this.settled = true;
    const lists = this.lists;
    // The old K best of each member whose K best may change, taken before the first change.
    const before = this.heads;
    before.clear();
    for (let i = 0; i < this.dirtyFull.size; i++) {
      const m = this.dirtyFull.at(i);
      before.take(m, lists.fits[m]);
      lists.rank(m);
      lists.changedHeads.add(m);
    }
    const pairs = this.dirtyPairs;
    for (let i = 0; i < pairs.size; i++) {
      const m = pairs.members[i];
      if (!this.dirtyFull.has(m)) lists.update(pairs.projects[i], m, before);
    }
    pairs.size = 0;
    for (let i = 0; i < lists.shortLists.size; i++) {
      const m = lists.shortLists.at(i);
      // Its first entries stay (the list held the best pairs), but take them before anyway.
      if (!before.has(m)) before.take(m, lists.fits[m]);
      lists.rank(m);
      lists.changedHeads.add(m);
    }
    lists.shortLists.clear();
    this.dirtyFull.clear();
    lists.freshProjects.clear();
    for (let i = 0; i < lists.changedHeads.size; i++) lists.completeHead(lists.changedHeads.at(i));

    // A member is eligible for the first K projects of their list: follow changes there.
    const touched = new Set<number>(this.dirtyProjects);
    this.eligible.follow(before, lists.fits, touched);
    for (const p of touched) this.missing.dirty.add(p);
    this.compareProjects(touched, changes);
    this.compareMembers(changes);
    this.dirtyProjects.clear();
    lists.changedHeads.clear();
    return changes;
  }

  /** Reports the touched projects whose shown list (or, after an entity change, referent) differs. */
  private compareProjects(touched: Set<number>, changes: EngineChanges): void {
    const index = this.index;
    for (const p of touched) {
      const id = index.projectIdOf[p];
      const exists = index.projects.has(id);
      if (this.dirtyProjects.has(p)) {
        // Only an entity change (its own, or a referent's) can change a project's referent.
        const referent = exists ? JSON.stringify(this.referentForProject(id)) : undefined;
        if (referent !== this.referentSig.get(p)) {
          changes.changedProjects.add(id);
          if (referent === undefined) this.referentSig.delete(p);
          else this.referentSig.set(p, referent);
        }
      }
      if (this.projectSig.update(p, exists ? signature(this.eligible.lists[p], this.listSize) : NaN)) changes.changedProjects.add(id);
    }
  }

  /** Reports the members whose head changed and whose shown list differs. */
  private compareMembers(changes: EngineChanges): void {
    const lists = this.lists;
    for (let i = 0; i < lists.changedHeads.size; i++) {
      const m = lists.changedHeads.at(i);
      const sig = this.index.memberOf[m] !== undefined ? signature(lists.fits[m], this.listSize) : NaN;
      if (this.memberSig.update(m, sig)) changes.changedMembers.add(this.index.memberIdOf[m]);
    }
  }
}
