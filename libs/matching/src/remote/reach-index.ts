import { neededSkills, type CandidateIndex } from '../candidates/candidate-index';
import type { CandidateScorer } from '../candidates/candidate-scorer';
import { FLOOR_NONE, headIds, NO_HASH, RankedList, ranksBefore, spillLast } from '../lists/ranked-list';
import type { IndexSet } from '../model/index-set';
import { grown } from '../model/typed-arrays';
import { sortKey } from '../ranking/ranking';
import { REMOTE_PROXIMITY } from '../scoring/proximity';
import { SCORE_WEIGHTS } from '../scoring/score-weights';

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
  const bound = w.skills * coverage + w.themes * themeShare + w.proximity * REMOTE_PROXIMITY + w.availability + 0.001;
  return sortKey(Math.min(1, bound), 0);
};

/**
 * The engine's remote reach (the rule: `remote-reach.ts`, beside it). For each active
 * remote-friendly project, its best candidates beyond their territories, best first:
 * exactly the best `buffer` (2R) or fewer of them, the first R being its reach. Every
 * candidate outside the list ranks at or after its floor (key and member; FLOOR_NONE:
 * there is none outside), and every one inside before it, so a member's change only has
 * to be compared with the floor; the list is worked out again from the skill posting lists
 * when it runs short of R.
 */
export class ReachIndex {
  private readonly lists: (RankedList | undefined)[] = [];
  private readonly floorKey: number[] = [];
  private readonly floorId: number[] = [];
  /** The projects whose reach list holds each member, by member index. */
  private readonly memberReach: (number[] | undefined)[] = [];
  private readonly buffer: number;
  /** Remote-friendly projects whose reach is worked out again at the next flush (their own change). */
  readonly dirty = new Set<number>();
  /** Single pairs of remote-friendly projects to compare with their reach (introductions, dismissals). */
  private checks: [number, number][] = [];
  /** Per-member counts of a project's needed skills and themes (scratch, valid where the member marks are current). */
  private counts: Int32Array = new Int32Array(2048);
  private scratchIds: Int32Array = new Int32Array(1024);
  private scratchOrder: Int32Array = new Int32Array(1024);
  /** The best candidates found by a search (scratch). */
  private readonly best = new RankedList(64);

  constructor(
    private readonly index: CandidateIndex,
    private readonly scorer: CandidateScorer,
    /** R: how many candidates beyond their territories a project reaches. */
    readonly reach: number,
  ) {
    // Room above R, so that members leaving rarely empty it below R (a new search).
    this.buffer = 2 * reach;
  }

  /** Whether a project's reach holds member `m`, whose fit beyond their territories has sort key `key`. */
  holds(p: number, m: number, key: number): boolean {
    const list = this.lists[p];
    if (!list) return false;
    const at = list.position(key, m, this.index.memberIdOf);
    return at < this.reach && at < list.length && list.ids[at] === m;
  }

  /** The projects whose reach list holds a member. */
  heldBy(m: number): readonly number[] | undefined {
    return this.memberReach[m];
  }

  /** The member indexes of a project's reach. */
  membersOf(p: number): Int32Array {
    return headIds(this.lists[p], this.reach);
  }

  /** A pair to compare with the project's reach at the next `settle` (its exclusion changed). */
  check(p: number, m: number): void {
    this.checks.push([p, m]);
  }

  /**
   * Brings the reach of remote-friendly projects in step with the entities, before any pair
   * is scored: a project that changed is searched again; a member that changed (`redone`:
   * whose whole list is worked out again) or whose exclusion did is compared with the floor
   * of each project they may reach. Pairs of members entering or leaving a reach are marked
   * (`markPair`), and for a changed project those of its whole old and new reach (their
   * scores changed too). Before the first flush (`settled` false), every project is searched.
   */
  settle(redone: IndexSet, settled: boolean, markPair: (p: number, m: number) => void): void {
    if (this.dirty.size === 0 && this.checks.length === 0 && redone.size === 0) return;
    const r = this.reach;
    const index = this.index;
    const before = new Map<number, Int32Array>();
    const snapshot = (p: number): void => {
      if (!before.has(p)) before.set(p, headIds(this.lists[p], r));
    };
    for (const p of this.dirty) {
      snapshot(p);
      this.search(p);
    }
    if (settled) {
      for (let i = 0; i < redone.size; i++) {
        const m = redone.at(i);
        const generation = index.nextGeneration();
        const marks = index.marks.project;
        const visit = (p: number): void => {
          if (marks[p] === generation) return;
          marks[p] = generation;
          if (!this.dirty.has(p)) this.update(p, m, snapshot);
        };
        // The reaches that hold them (their old state), then those their skills may enter.
        const held = this.memberReach[m];
        if (held) for (const p of [...held]) visit(p);
        const member = index.memberOf[m];
        if (member) {
          for (const skill of member.skills) {
            const remote = index.projectRemoteSkill.get(skill.key);
            if (remote) for (const p of remote) visit(p);
          }
        }
      }
      for (const [p, m] of this.checks) {
        if (!this.dirty.has(p)) this.update(p, m, snapshot);
      }
    }
    this.checks = [];
    for (const p of before.keys()) {
      // Run short of R while candidates are left outside: search again.
      if (!this.dirty.has(p) && this.floorId[p] !== FLOOR_NONE && (this.lists[p]?.length ?? 0) < r) {
        this.dirty.add(p);
        this.search(p);
      }
    }
    for (const [p, old] of before) {
      const whole = this.dirty.has(p);
      const now = headIds(this.lists[p], r);
      // Members on one side only (by visit marks), or all of them for a changed project.
      const inOld = index.nextGeneration();
      const marks = index.marks.member;
      for (const m of old) marks[m] = inOld;
      for (const m of now) if ((whole || marks[m] !== inOld) && !redone.has(m)) markPair(p, m);
      const inNow = index.nextGeneration();
      for (const m of now) marks[m] = inNow;
      for (const m of old) if ((whole || marks[m] !== inNow) && !redone.has(m)) markPair(p, m);
    }
    this.dirty.clear();
  }

  /**
   * Files one member's current fit beyond their territories in a project's reach list (or
   * takes it out), taking a `snapshot` of its first R before changing them.
   */
  private update(p: number, m: number, snapshot: (p: number) => void): void {
    const project = this.index.projectOf[p];
    if (!project || !project.remoteFriendly || project.status !== 'active' || this.reach === 0) return;
    const idOf = this.index.memberIdOf;
    let list = this.lists[p];
    const at = list ? list.indexOf(m) : -1;
    if (at >= 0) {
      if (at < this.reach) snapshot(p);
      (list as RankedList).removeAt(at);
      this.leave(m, p);
    }
    const score = this.scorer.score;
    if (!this.scorer.any(p, m) || !score.beyond) return;
    const key = sortKey(score.score, score.distanceKm);
    const floor = this.floorId[p];
    if (floor !== FLOOR_NONE && !ranksBefore(key, m, this.floorKey[p], floor, idOf)) return;
    if (!list) this.lists[p] = list = new RankedList();
    const to = list.position(key, m, idOf);
    if (to < this.reach) snapshot(p);
    list.insertAt(to, m, key, NO_HASH);
    this.enter(m, p);
    if (list.length > this.buffer) this.leave(spillLast(list, this.floorKey, this.floorId, p), p);
  }

  /**
   * Works a remote-friendly project's reach list out from the posting lists. Candidates
   * (members with one of its needed skills) are taken by an upper bound of their score, best
   * first, and the search stops once no bound is above the list's floor: the bound counts
   * how many of its needed skills and themes a member has (the best coverage a need allows
   * with that many skills, that share of themes, every other part of the score full).
   */
  private search(p: number): void {
    const old = this.lists[p];
    if (old) for (let i = 0; i < old.length; i++) this.leave(old.ids[i], p);
    this.lists[p] = undefined;
    this.floorId[p] = FLOOR_NONE;
    this.floorKey[p] = 0;
    const index = this.index;
    const project = index.projectOf[p];
    if (!project || !project.remoteFriendly || this.reach === 0) return;
    const needed = neededSkills(project);
    if (needed.size === 0) return;
    // Typed scratch arrays throughout: this runs on a large heap, where garbage costs pauses.
    const generation = index.nextGeneration();
    const marks = index.marks.member;
    if (this.counts.length < 2 * marks.length) this.counts = new Int32Array(2 * marks.length);
    // Needed skills at 2m, shared themes at 2m + 1.
    const counts = this.counts;
    let found = 0;
    let most = 0;
    for (const key of needed) {
      const members = index.memberSkill.get(key);
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
      const members = index.memberInterest.get(theme.key);
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
    const limit = this.buffer;
    const best = this.best;
    best.length = 0;
    const idOf = index.memberIdOf;
    const score = this.scorer.score;
    for (const { bucket, bound } of bounds) {
      if (best.length > limit && bound < best.keys[limit]) break;
      for (let i = start[bucket]; i < start[bucket + 1]; i++) {
        const m = order[i];
        if (!this.scorer.any(p, m) || !score.beyond) continue;
        const key = sortKey(score.score, score.distanceKm);
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
    for (let i = 0; i < n; i++) this.enter(list.ids[i], p);
    this.lists[p] = list;
    if (best.length > limit) {
      this.floorKey[p] = best.keys[limit];
      this.floorId[p] = best.ids[limit];
    }
  }

  private enter(m: number, p: number): void {
    const held = this.memberReach[m];
    if (held) held.push(p);
    else this.memberReach[m] = [p];
  }

  private leave(m: number, p: number): void {
    const held = this.memberReach[m] as number[];
    const at = held.indexOf(p);
    held[at] = held[held.length - 1];
    held.pop();
    if (held.length === 0) this.memberReach[m] = undefined;
  }
}
