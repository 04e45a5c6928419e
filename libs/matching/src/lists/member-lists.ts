import { areaKey, type CandidateIndex } from '../candidates/candidate-index';
import type { CandidateScorer } from '../candidates/candidate-scorer';
import { withinReach, skillMaskOf } from '../candidates/place-screen';
import { IndexSet } from '../model/index-set';
import { grown } from '../model/typed-arrays';
import { sortKey } from '../ranking/ranking';
import type { KeptHeads } from './kept-heads';
import { FLOOR_NONE, NO_HASH, RankedList, ranksBefore, spillLast } from './ranked-list';

/**
 * Each member's kept list: their best projects, best first, exactly their best `keep` pairs
 * or fewer, with a floor (every pair left out ranks at or after it; FLOOR_NONE: none is
 * left out), worked out again from the indexes when it runs short of the head. Keeping
 * the best only makes a project's change cheap for members far down its candidates (a
 * scored pair below the floor touches no list), and bounds memory per member. Content
 * hashes are kept for the head only (the first `headSize` entries: what the member's list
 * shows and what the cap reads); below it they are NO_HASH.
 */
export class MemberLists {
  readonly fits: (RankedList | undefined)[] = [];
  private readonly floorKey: number[] = [];
  private readonly floorId: number[] = [];
  /** Entries of a member's list whose content is followed: max(listSize, exposureCap). */
  readonly headSize: number;
  private readonly keep: number;
  pairCount = 0;
  /** Members whose list ran short of its head during this flush (worked out again). */
  readonly shortLists = new IndexSet();
  /** Members whose head changed (signature to compare, hashes to complete). */
  readonly changedHeads = new IndexSet();
  /** Projects proposed since the last flush: they have no pair yet, so nothing to look up. */
  readonly freshProjects = new IndexSet();
  /** Scratch space to score one member's candidates. */
  private scratchIds: Int32Array = new Int32Array(1024);
  private scratchKeys: Float64Array = new Float64Array(1024);
  private readonly scratchFloor = { id: FLOOR_NONE, key: 0 };

  constructor(
    private readonly index: CandidateIndex,
    private readonly scorer: CandidateScorer,
    /** The projects whose reach list holds each member, by member index. */
    private readonly reachOf: (m: number) => readonly number[] | undefined,
    listSize: number,
    private readonly exposureCap: number,
  ) {
    this.headSize = Math.max(listSize, exposureCap);
    this.keep = 2 * this.headSize;
  }

  /** A member's whole list, from the indexes: every candidate project scored, one sort. */
  rank(m: number): void {
    const old = this.fits[m];
    if (old) this.pairCount -= old.length;
    this.floorId[m] = FLOOR_NONE;
    const index = this.index;
    const member = index.memberOf[m];
    if (!member) {
      this.fits[m] = undefined;
      return;
    }
    const generation = index.nextGeneration();
    const marks = index.marks.project;
    const scorer = this.scorer;
    const score = scorer.score;
    let n = 0;
    // Most projects near a member lack their skills or are out of reach: rule those out on
    // compact per-project arrays before reading the project's facts.
    const lo = skillMaskOf(member.skills, 0);
    const hi = skillMaskOf(member.skills, 1);
    const circles = member.territories.every((t) => t.kind === 'radius') ? member.territories : undefined;
    const screen = index.projectScreen;
    const consider = (p: number): void => {
      if (marks[p] === generation) return;
      marks[p] = generation;
      if (((screen.skillMask[2 * p] & lo) | (screen.skillMask[2 * p + 1] & hi)) === 0) return;
      if (circles && screen.remote[p] === 0 && !withinReach(circles, screen.lat[p], screen.radius[p])) return;
      if (!scorer.listed(p, m)) return;
      if (n === this.scratchIds.length) {
        this.scratchIds = grown(this.scratchIds, n * 2);
        this.scratchKeys = grown(this.scratchKeys, n * 2);
      }
      this.scratchIds[n] = p;
      this.scratchKeys[n] = sortKey(score.score, score.distanceKm);
      n++;
    };
    const maxProjectRadius = index.maxProjectRadius();
    for (const t of member.territories) {
      if (t.kind === 'radius') index.projectGeo.visitNear(t.lat, t.lon, Math.min(t.radiusKm, maxProjectRadius), consider);
      else {
        const inArea = index.projectArea.get(areaKey(t.level, t.code));
        if (inArea) for (const p of inArea) consider(p);
      }
    }
    // Remote-friendly projects beyond the member's territories: those whose reach holds them.
    const reached = this.reachOf(m);
    if (reached) for (let i = 0; i < reached.length; i++) consider(reached[i]);
    if (n === 0) {
      this.fits[m] = undefined;
      return;
    }
    const floor = this.scratchFloor;
    const list = RankedList.sorted(this.scratchIds, this.scratchKeys, n, index.projectIdOf, this.keep, floor);
    if (n > this.keep) {
      this.floorKey[m] = floor.key;
      this.floorId[m] = floor.id;
    }
    this.pairCount += list.length;
    this.fits[m] = list;
  }

  /** Re-scores one pair and moves it in its member's list, taking the member's old head into `before` first. */
  update(p: number, m: number, before: KeptHeads): void {
    let list = this.fits[m];
    const scorer = this.scorer;
    const idOf = this.index.projectIdOf;
    const fresh = this.freshProjects.has(p);
    const at = list && !fresh ? list.indexOf(p) : -1;
    let key = scorer.listed(p, m) ? sortKey(scorer.score.score, scorer.score.distanceKm) : undefined;
    // At or after the floor, the pair is left out of the list like any other there.
    const floor = this.floorId[m] ?? FLOOR_NONE;
    if (key !== undefined && floor !== FLOOR_NONE && !ranksBefore(key, p, this.floorKey[m], floor, idOf)) key = undefined;
    if (key === undefined && at < 0) return;
    const head = this.headSize;
    const k = this.exposureCap;
    if (at >= 0 && key === (list as RankedList).keys[at]) {
      // Same rank: only the content of a head entry matters.
      if (at >= head) return;
      const hash = scorer.hash(p, m);
      if (hash === (list as RankedList).hashes[at]) return;
      if (at < k && !before.has(m)) before.take(m, list);
      (list as RankedList).hashes[at] = hash;
      this.changedHeads.add(m);
      return;
    }
    // Where it goes once its old entry is out.
    let to = -1;
    if (key !== undefined) {
      to = list ? list.position(key, p, idOf) : 0;
      // A fresh project's pair marked twice (by place and by reach) is filed once.
      if (fresh && list && list.ids[to] === p && to < list.length) return;
      if (at >= 0 && at < to) to--;
    }
    if ((at >= 0 && at < k) || (to >= 0 && to < k)) {
      if (!before.has(m)) before.take(m, list);
    }
    if ((at >= 0 && at < head) || (to >= 0 && to < head)) this.changedHeads.add(m);
    if (at >= 0) {
      (list as RankedList).removeAt(at);
      this.pairCount--;
    }
    if (key !== undefined) {
      if (!list) this.fits[m] = list = new RankedList();
      const hash = to < head ? scorer.hash(p, m) : NO_HASH;
      // An entry pushed out of the head stops being followed.
      if (to < head && list.length >= head) list.hashes[head - 1] = NO_HASH;
      list.insertAt(to, p, key, hash);
      this.pairCount++;
      if (list.length > this.keep) {
        // Below the head: no hash to drop.
        spillLast(list, this.floorKey, this.floorId, m);
        this.pairCount--;
      }
    } else if (list && list.length < head && floor !== FLOOR_NONE) this.shortLists.add(m);
    else if (list && list.length === 0) this.fits[m] = undefined;
  }

  /** Hashes of the entries that moved up into a member's head (re-scored: the pair is pure). */
  completeHead(m: number): void {
    const list = this.fits[m];
    if (!list) return;
    for (let i = 0, n = Math.min(list.length, this.headSize); i < n; i++) {
      if (list.hashes[i] !== NO_HASH) continue;
      const p = list.ids[i];
      if (!this.scorer.listed(p, m)) throw new Error('ranked list out of step with its pairs');
      list.hashes[i] = this.scorer.hash(p, m);
    }
  }
}
