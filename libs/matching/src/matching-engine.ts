import { GeoGrid, CircleGrid, DEFAULT_CELL_DEGREES } from './geo/geo-grid';
import { haversineKm } from './geo/haversine';
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
  compareNearby,
  comparePartners,
  compareDraftTurns,
  compareIds,
  compareProjects,
  DEFAULT_EXPOSURE_CAP,
  DEFAULT_LIST_SIZE,
  toPartnerMatch,
  toProjectMatch,
  type NearbyProject,
  type PartnerMatch,
  type ProjectMatch,
} from './ranking/ranking';
import { MinHeap } from './ranking/min-heap';
import { LEVELS, referentChain, type Place, type ReferentAssignment } from './referents/referent-resolution';
import { evaluatePair, samePairMatch, sharesNeededSkill, type PairMatch } from './scoring/pair-evaluation';

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

/** A scored pair; `version` changes whenever its content does (cheap list signatures). */
type Scored = { match: PairMatch; version: number };
/** One turn of the draft: a project looked at a member at a position, with that pair's score. */
type DraftRecord = { position: number; score: number; picked: boolean };

const CODE_OF = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;
const areaKey = (level: string, code: string) => `${level}:${code}`;
const addTo = (map: Map<string, Set<string>>, key: string, id: string) => {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
};
const removeFrom = (map: Map<string, Set<string>>, key: string, id: string) => {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
};
const emptyChanges = (): EngineChanges => ({ changedProjects: new Set(), changedMembers: new Set() });

/**
 * In-memory matching engine, updated event by event.
 *
 * Every result is a function of the current entity state and the current day only (never of
 * event order or of restarts), so an engine caught up incrementally and one rebuilt from
 * the log give identical output:
 * - entities are folded per stream (pure `evolve*`), indexes are derived from entities;
 * - each (project, member) pair is scored by a pure function; an update re-scores only the
 *   pairs it can affect, found through the indexes, never by scanning all members;
 * - lists are sorted with a total order; the exposure cap is a draft over those sorted
 *   lists (see `compareDraftTurns`). A change re-runs the draft only for the projects
 *   whose looked-at candidates changed, plus those it provably interacts with (see
 *   `redraft`).
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

  private readonly memberGeo: GeoGrid;
  private readonly memberArea = new PostingList();
  private readonly memberSkill = new PostingList();
  private readonly projectGeo: GeoGrid;
  private readonly projectArea = new PostingList();
  private readonly projectRemoteSkill = new PostingList();
  private readonly projectTheme = new PostingList();
  private readonly projectRadii = new Map<number, number>();
  private readonly referentArea = new PostingList();
  private readonly referentCircles: CircleGrid;
  /** Day on which a member's score or eligibility changes (availability from / day after until). */
  private readonly availabilityBoundaries = new PostingList();

  private readonly projectPairs = new Map<string, Map<string, Scored>>();
  private readonly memberPairs = new Map<string, Map<string, Scored>>();
  /** Uncapped candidates of each project, sorted. */
  private readonly ranked = new Map<string, Scored[]>();
  /** Draft outcome: each project's capped list, and the candidates its draft looked at. */
  private readonly picks = new Map<string, string[]>();
  private readonly inspected = new Map<string, Map<string, DraftRecord>>();
  private readonly inspectedBy = new Map<string, Set<string>>();
  /** Lists each member is in (at most K). */
  private readonly assigned = new Map<string, Set<string>>();
  private readonly projectSig = new Map<string, string>();
  private readonly memberSig = new Map<string, string>();

  private readonly dirtyPairs = new Map<string, Set<string>>();
  private readonly dirtyProjects = new Set<string>();
  private readonly dirtyMembers = new Set<string>();
  private pending: EngineChanges = emptyChanges();
  private nextVersion = 0;

  constructor(options: MatchingEngineOptions = {}) {
    this.exposureCap = options.exposureCap ?? DEFAULT_EXPOSURE_CAP;
    this.listSize = options.listSize ?? DEFAULT_LIST_SIZE;
    this.normaliser = options.normaliser ?? new TermNormaliser();
    this.day = dayOf(options.now ?? new Date());
    const cell = options.cellDegrees ?? DEFAULT_CELL_DEGREES;
    this.memberGeo = new GeoGrid(cell);
    this.projectGeo = new GeoGrid(cell);
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
    return this.capped(projectId, options.limit ?? this.listSize).map((s) => toPartnerMatch(s.match));
  }

  /** Ranked projects for a member (no cap: the cap limits exposure to holders, not to members). */
  topProjects(memberId: string, options: QueryOptions = {}): ProjectMatch[] {
    this.syncDay(options.now);
    return this.memberList(memberId, options.limit ?? this.listSize).map((s) => toProjectMatch(s.match));
  }

  /** Active projects whose place is within `radiusKm` of a point, nearest first. */
  projectsNear(query: NearQuery): NearbyProject[] {
    const themeKey = query.theme !== undefined ? this.normaliser.key(query.theme) : undefined;
    const out: NearbyProject[] = [];
    // Walk the smaller of the projects near the point and the projects with the theme.
    let candidates: ReadonlySet<string> = this.projectGeo.near(query.lat, query.lon, query.radiusKm);
    if (themeKey !== undefined) {
      const withTheme = this.projectTheme.get(themeKey) ?? new Set<string>();
      if (withTheme.size < candidates.size) candidates = withTheme;
    }
    for (const id of candidates) {
      const p = this.projects.get(id);
      if (!p || p.status !== 'active') continue;
      if (themeKey !== undefined && !p.themes.some((t) => t.key === themeKey)) continue;
      const d = haversineKm(query.lat, query.lon, p.location.lat, p.location.lon);
      if (d > query.radiusKm) continue;
      out.push({
        projectId: p.id,
        title: p.title,
        kind: p.kind,
        stage: p.stage,
        themes: p.themes.map((t) => t.raw),
        distanceKm: Math.round(d * 10) / 10,
      });
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
    let pairs = 0;
    for (const m of this.projectPairs.values()) pairs += m.size;
    return { projects: this.projects.size, members: this.members.size, referents: this.referents.size, pairs };
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
      this.touchProject(id, after);
    } else if (subject.kind === 'member') {
      const before = this.members.get(id);
      const after = evolveMember(this.normaliser, before, event);
      if (after === before) return;
      if (before) this.indexMember(before, false);
      if (after) {
        this.members.set(id, after);
        this.indexMember(after, true);
      } else this.members.delete(id);
      this.touchMember(id, after);
    } else {
      const before = this.referents.get(id);
      const after = evolveReferent(this.normaliser, before, event);
      if (after === before) return;
      // The referent of these projects' places may change.
      if (before) {
        this.projectsCoveredBy(before, this.dirtyProjects);
        this.indexReferent(before, false);
      }
      if (after) {
        this.referents.set(id, after);
        this.indexReferent(after, true);
        this.projectsCoveredBy(after, this.dirtyProjects);
      } else this.referents.delete(id);
    }
  }

  /** Re-score the project's current partners and its new candidates. */
  private touchProject(id: string, project: ProjectView | undefined): void {
    const pairs = this.projectPairs.get(id);
    for (const m of pairs?.keys() ?? []) this.markPair(id, m);
    // Candidates by place mostly lack the needed skills: skip those at once.
    if (project) {
      for (const m of this.candidateMembers(project)) {
        if (pairs?.has(m)) continue;
        const member = this.members.get(m);
        if (member && sharesNeededSkill(project, member)) this.markPair(id, m);
      }
    }
    this.dirtyProjects.add(id);
  }

  /** Re-score the member's current projects and new candidate projects. */
  private touchMember(id: string, member: MemberView | undefined): void {
    const pairs = this.memberPairs.get(id);
    for (const p of pairs?.keys() ?? []) this.markPair(p, id);
    if (member) {
      for (const p of this.candidateProjects(member)) {
        if (pairs?.has(p)) continue;
        const project = this.projects.get(p);
        if (project && sharesNeededSkill(project, member)) this.markPair(p, id);
      }
    }
    this.dirtyMembers.add(id);
  }

  private markPair(projectId: string, memberId: string): void {
    let members = this.dirtyPairs.get(projectId);
    if (!members) this.dirtyPairs.set(projectId, (members = new Set()));
    members.add(memberId);
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
      if (boundary > lo && boundary <= hi) for (const m of memberIds) this.touchMember(m, this.members.get(m));
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
    this.projectGeo[op](p.id, p.location.lat, p.location.lon);
    for (const level of LEVELS) {
      const code = p.location[CODE_OF[level]];
      if (code !== undefined) this.projectArea[op](areaKey(level, code), p.id);
    }
    for (const t of p.themes) this.projectTheme[op](t.key, p.id);
    if (p.remoteFriendly) for (const need of p.needs) for (const s of need.skills) this.projectRemoteSkill[op](s.key, p.id);
    const count = (this.projectRadii.get(p.radiusKm) ?? 0) + (add ? 1 : -1);
    if (count > 0) this.projectRadii.set(p.radiusKm, count);
    else this.projectRadii.delete(p.radiusKm);
  }

  private indexMember(m: MemberView, add: boolean): void {
    const op = add ? 'add' : 'remove';
    for (const t of m.territories) {
      if (t.kind === 'radius') this.memberGeo[op](m.id, t.lat, t.lon);
      else this.memberArea[op](areaKey(t.level, t.code), m.id);
    }
    for (const s of m.skills) this.memberSkill[op](s.key, m.id);
    const { from, until } = m.availability;
    if (from !== undefined) this.availabilityBoundaries[op](from, m.id);
    const after = until !== undefined ? nextDay(until) : undefined;
    if (after !== undefined) this.availabilityBoundaries[op](after, m.id);
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
  private candidateMembers(p: ProjectView): Set<string> {
    const out = new Set<string>();
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
  private candidateProjects(m: MemberView): Set<string> {
    const out = new Set<string>();
    let maxProjectRadius = 0;
    for (const r of this.projectRadii.keys()) if (r > maxProjectRadius) maxProjectRadius = r;
    for (const t of m.territories) {
      if (t.kind === 'radius') this.projectGeo.near(t.lat, t.lon, Math.min(t.radiusKm, maxProjectRadius), out);
      else this.projectArea.collect(areaKey(t.level, t.code), out);
    }
    for (const s of m.skills) this.projectRemoteSkill.collect(s.key, out);
    return out;
  }

  private projectsCoveredBy(r: ReferentView, into: Set<string>): void {
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

  /**
   * Re-scores the dirty pairs, re-ranks the projects whose candidates changed, recomputes
   * the exposure of the members whose ranks changed, and compares list signatures to
   * report exactly the lists that differ.
   */
  private flush(): EngineChanges {
    const changes = this.pending;
    this.pending = emptyChanges();
    /** Per project, the members whose pair with it changed, with their previous pair. */
    const rescored = new Map<string, Map<string, Scored | undefined>>();
    const rescoredMembers = new Set<string>();

    for (const [projectId, memberIds] of this.dirtyPairs) {
      const project = this.projects.get(projectId);
      const excluded = this.excluded.get(projectId);
      for (const memberId of memberIds) {
        const member = this.members.get(memberId);
        const match =
          project && member
            ? evaluatePair(project, member, { day: this.day, excluded: excluded?.has(memberId) ?? false })
            : null;
        const old = this.projectPairs.get(projectId)?.get(memberId);
        if (old ? match !== null && samePairMatch(old.match, match) : match === null) continue;
        this.storePair(projectId, memberId, match ? { match, version: this.nextVersion++ } : null);
        let changed = rescored.get(projectId);
        if (!changed) rescored.set(projectId, (changed = new Map()));
        changed.set(memberId, old);
        rescoredMembers.add(memberId);
      }
    }
    this.dirtyPairs.clear();

    const seeds = new Set<string>();
    for (const [projectId, memberIds] of rescored) if (this.rerank(projectId, memberIds)) seeds.add(projectId);
    const redrafted = seeds.size > 0 ? this.redraft(seeds) : new Set<string>();

    for (const projectId of new Set([...rescored.keys(), ...redrafted, ...this.dirtyProjects])) {
      const sig = this.projectSignature(projectId);
      if (sig === this.projectSig.get(projectId)) continue;
      changes.changedProjects.add(projectId);
      if (sig === undefined) this.projectSig.delete(projectId);
      else this.projectSig.set(projectId, sig);
    }
    for (const memberId of new Set([...rescoredMembers, ...this.dirtyMembers])) {
      const sig = this.memberSignature(memberId);
      if (sig === this.memberSig.get(memberId)) continue;
      changes.changedMembers.add(memberId);
      if (sig === undefined) this.memberSig.delete(memberId);
      else this.memberSig.set(memberId, sig);
    }
    this.dirtyProjects.clear();
    this.dirtyMembers.clear();
    return changes;
  }

  private storePair(projectId: string, memberId: string, scored: Scored | null): void {
    const byProject = this.projectPairs.get(projectId) ?? new Map<string, Scored>();
    const byMember = this.memberPairs.get(memberId) ?? new Map<string, Scored>();
    if (scored) {
      byProject.set(memberId, scored);
      byMember.set(projectId, scored);
    } else {
      byProject.delete(memberId);
      byMember.delete(projectId);
    }
    if (byProject.size > 0) this.projectPairs.set(projectId, byProject);
    else this.projectPairs.delete(projectId);
    if (byMember.size > 0) this.memberPairs.set(memberId, byMember);
    else this.memberPairs.delete(memberId);
  }

  /**
   * Updates a project's sorted candidates for the members whose pair changed (binary
   * search out and in, or a full sort when many changed); true if what its draft looked at
   * changed.
   */
  private rerank(projectId: string, changed: ReadonlyMap<string, Scored | undefined>): boolean {
    const pairs = this.projectPairs.get(projectId);
    const list = this.ranked.get(projectId) ?? [];
    const seen = this.inspected.get(projectId)?.size ?? 0;
    const prefix = list.slice(0, seen);
    const position = (match: PairMatch) => {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (comparePartners(list[mid].match, match) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    if (changed.size > 32) {
      list.length = 0;
      for (const s of pairs?.values() ?? []) list.push(s);
      list.sort((a, b) => comparePartners(a.match, b.match));
    } else {
      for (const old of changed.values()) if (old) list.splice(position(old.match), 1);
      for (const memberId of changed.keys()) {
        const s = pairs?.get(memberId);
        if (s) list.splice(position(s.match), 0, s);
      }
    }
    if (list.length > 0) this.ranked.set(projectId, list);
    else this.ranked.delete(projectId);
    // The draft read the first `seen` candidates (member and score), and the end of the
    // list if it did not fill the list; anything else cannot change its outcome.
    if (list.length < seen) return true;
    for (let i = 0; i < seen; i++) {
      if (prefix[i].match.memberId !== list[i].match.memberId || prefix[i].match.score !== list[i].match.score) return true;
    }
    const full = (this.picks.get(projectId)?.length ?? 0) >= this.listSize;
    return !full && list.length > seen;
  }

  /**
   * Re-runs the draft for the seeds, pulling in other projects only when they may be
   * affected. Projects interact only through members in K lists (someone is skipped):
   * a member with room left is simply picked by whoever reaches them. A project outside
   * the group joins (and the run restarts) when, for a member it also looked at:
   * - a group turn would saturate or be blocked by that member and is not identical
   *   (same project, position and score) to a turn of the previous run — identical turns
   *   replay their previous outcome;
   * - or, at the end, the group's turns on that member differ from the previous run's and
   *   the member is saturated now or was before.
   * Otherwise every member's sequence of turns is unchanged or never blocks anyone, so the
   * outcome equals a full re-run. Returns the projects whose capped list changed.
   */
  private redraft(seeds: Iterable<string>): Set<string> {
    const group = new Set<string>(seeds);
    const previous = new Map<string, Map<string, DraftRecord>>();
    const saturatedBefore = new Set<string>();
    const picksBefore = new Map<string, string[]>();
    for (;;) {
      for (const projectId of group) {
        if (!previous.has(projectId)) {
          const turns = this.inspected.get(projectId) ?? new Map<string, DraftRecord>();
          previous.set(projectId, turns);
          picksBefore.set(projectId, this.picks.get(projectId) ?? []);
          for (const memberId of turns.keys()) if (this.shown(memberId) >= this.exposureCap) saturatedBefore.add(memberId);
        }
        this.clearDraft(projectId);
      }
      let outside = this.draft(group, previous);
      if (outside.size === 0) outside = this.unsettled(group, previous, saturatedBefore);
      if (outside.size === 0) break;
      for (const projectId of group) this.clearDraft(projectId);
      for (const projectId of outside) group.add(projectId);
    }
    const changed = new Set<string>();
    for (const [projectId, old] of picksBefore) {
      const now = this.picks.get(projectId) ?? [];
      if (now.length !== old.length || now.some((m, i) => m !== old[i])) changed.add(projectId);
    }
    return changed;
  }

  private shown(memberId: string): number {
    return this.assigned.get(memberId)?.size ?? 0;
  }

  private hasOutsider(memberId: string, group: ReadonlySet<string>): boolean {
    for (const other of this.inspectedBy.get(memberId) ?? []) if (!group.has(other)) return true;
    return false;
  }

  private outsiders(memberId: string, group: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const other of this.inspectedBy.get(memberId) ?? []) if (!group.has(other)) out.push(other);
    return out;
  }

  /** Projects outside the group whose outcome may differ (second rule of `redraft`). */
  private unsettled(
    group: ReadonlySet<string>,
    previous: ReadonlyMap<string, ReadonlyMap<string, DraftRecord>>,
    saturatedBefore: ReadonlySet<string>,
  ): Set<string> {
    // Per member, the group's turns on them before and now.
    const before = new Map<string, string[]>();
    const now = new Map<string, string[]>();
    const note = (into: Map<string, string[]>, projectId: string, turns: ReadonlyMap<string, DraftRecord> | undefined) => {
      for (const [memberId, t] of turns ?? []) {
        const keys = into.get(memberId) ?? [];
        keys.push(`${projectId}|${t.position}|${t.score}`);
        into.set(memberId, keys);
      }
    };
    for (const projectId of group) {
      note(before, projectId, previous.get(projectId));
      note(now, projectId, this.inspected.get(projectId));
    }
    const outside = new Set<string>();
    for (const memberId of new Set([...before.keys(), ...now.keys()])) {
      if (!this.hasOutsider(memberId, group)) continue;
      if (!saturatedBefore.has(memberId) && this.shown(memberId) < this.exposureCap) continue;
      const a = (before.get(memberId) ?? []).sort().join(' ');
      const b = (now.get(memberId) ?? []).sort().join(' ');
      if (a !== b) for (const other of this.outsiders(memberId, group)) outside.add(other);
    }
    return outside;
  }

  private clearDraft(projectId: string): void {
    for (const memberId of this.inspected.get(projectId)?.keys() ?? []) {
      removeFrom(this.inspectedBy, memberId, projectId);
      removeFrom(this.assigned, memberId, projectId);
    }
    this.inspected.delete(projectId);
    this.picks.delete(projectId);
  }

  /** Runs the draft over a group of projects; returns the outsiders it would interact with. */
  private draft(group: ReadonlySet<string>, previous: ReadonlyMap<string, ReadonlyMap<string, DraftRecord>>): Set<string> {
    type Turn = { position: number; score: number; projectId: string; index: number };
    const turns = new MinHeap<Turn>(compareDraftTurns);
    // Outsiders found; the run goes on (its result is then discarded) to find them all at once.
    const outside = new Set<string>();
    if (this.listSize <= 0) return outside;
    for (const projectId of group) {
      const list = this.ranked.get(projectId);
      if (list) turns.push({ position: 0, score: list[0].match.score, projectId, index: 0 });
    }
    for (let turn = turns.pop(); turn; turn = turns.pop()) {
      const { projectId, index, position, score } = turn;
      const list = this.ranked.get(projectId) as Scored[];
      const memberId = list[index].match.memberId;
      const shown = this.shown(memberId);
      let picked = shown < this.exposureCap;
      if (this.hasOutsider(memberId, group)) {
        const before = previous.get(projectId)?.get(memberId);
        if (before && before.position === position && before.score === score) picked = before.picked;
        else if (shown + 1 >= this.exposureCap) for (const other of this.outsiders(memberId, group)) outside.add(other);
        else picked = true;
      }
      addTo(this.inspectedBy, memberId, projectId);
      let seen = this.inspected.get(projectId);
      if (!seen) this.inspected.set(projectId, (seen = new Map()));
      seen.set(memberId, { position, score, picked });
      const picks = this.picks.get(projectId) ?? [];
      if (picked) {
        addTo(this.assigned, memberId, projectId);
        picks.push(memberId);
      }
      this.picks.set(projectId, picks);
      if (picks.length < this.listSize && index + 1 < list.length) {
        turns.push({ position: picks.length, score: list[index + 1].match.score, projectId, index: index + 1 });
      }
    }
    return outside;
  }

  private capped(projectId: string, limit: number): Scored[] {
    const pairs = this.projectPairs.get(projectId);
    const out: Scored[] = [];
    for (const memberId of this.picks.get(projectId) ?? []) {
      if (out.length >= limit) break;
      const s = pairs?.get(memberId);
      if (s) out.push(s);
    }
    return out;
  }

  private memberList(memberId: string, limit: number): Scored[] {
    const pairs = this.memberPairs.get(memberId);
    if (!pairs) return [];
    return [...pairs.values()].sort((a, b) => compareProjects(a.match, b.match)).slice(0, limit);
  }

  /** What a project's recommendation document shows: capped partners and referent. */
  private projectSignature(projectId: string): string | undefined {
    if (!this.projects.has(projectId)) return undefined;
    const partners = this.capped(projectId, this.listSize).map((s) => s.version).join(',');
    return `${partners}|${JSON.stringify(this.referentForProject(projectId))}`;
  }

  private memberSignature(memberId: string): string | undefined {
    if (!this.members.has(memberId)) return undefined;
    return this.memberList(memberId, this.listSize)
      .map((s) => s.version)
      .join(',');
  }
}
