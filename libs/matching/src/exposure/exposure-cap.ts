import type { PairMatch } from '../model/match-types';
import type { ProjectFacts } from '../scoring/facts-records';
import { compareProjects } from '../ranking/ranking';
import type { KeptHeads } from '../lists/kept-heads';
import { RankedList } from '../lists/ranked-list';

/** K: a member is shown in at most this many project lists. */
export const DEFAULT_EXPOSURE_CAP = 5;

/**
 * Exposure cap, the readable rule (the oracle's), over the current state only (never over
 * event order): a member is shown to the holders of the K projects that fit them best (the
 * first K of their own list, `compareProjects` order). A project's list holds its best
 * candidates (`comparePartners` order) among the members for whom it is one of those K.
 */
export const eligibleProjects = (memberMatches: readonly PairMatch[], exposureCap: number): Set<string> =>
  new Set(
    [...memberMatches]
      .sort(compareProjects)
      .slice(0, exposureCap)
      .map((m) => m.projectId),
  );

/**
 * Exposure cap, the engine's fast version of `eligibleProjects`: each project's eligible
 * candidates, best first, by project index: the members for whom it is one of their K best
 * fits (the first K of their kept list). Its first `listSize` are the project's shown list.
 * Being a rule over one member's own list, an update changes the eligibility of the members
 * whose pairs it changed only, so its cost is bounded by the pairs it touches.
 */
export class EligibleLists {
  readonly lists: (RankedList | undefined)[] = [];

  constructor(
    private readonly k: number,
    private readonly memberIdOf: readonly string[],
    private readonly projectFactsOf: readonly (ProjectFacts | undefined)[],
  ) {}

  /**
   * Follows the changes of members' first K: for each member whose old head `before` holds,
   * moves them out of the lists of the projects that left their K best (or whose entry
   * changed) and into those that entered; adds those projects to `touched`.
   */
  follow(before: KeptHeads, fits: readonly (RankedList | undefined)[], touched: Set<number>): void {
    const k = this.k;
    const idOf = this.memberIdOf;
    for (const [m, slot] of before.slots()) {
      const list = fits[m];
      const shown = Math.min(k, list?.length ?? 0);
      const from = slot * k;
      const to = from + before.lengths[slot];
      for (let i = from; i < to; i++) {
        const p = before.ids[i];
        const j = list ? indexWithin(list.ids, shown, p) : -1;
        if (j >= 0 && (list as RankedList).keys[j] === before.keys[i] && (list as RankedList).hashes[j] === before.hashes[i]) continue;
        this.lists[p] = remove(this.lists[p], m, before.keys[i], idOf);
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
        this.lists[p] = insert(this.lists[p], m, l.keys[j], hash, idOf);
        touched.add(p);
      }
    }
  }
}

/** Index of `id` among the first `n` of `ids`, or -1. */
const indexWithin = (ids: Int32Array, n: number, id: number): number => {
  for (let i = 0; i < n; i++) if (ids[i] === id) return i;
  return -1;
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
