import { NO_HASH, type RankedList } from './ranked-list';

/** Index of the entry (id, hash) in packed (id, hash) pairs, or -1. */
const sameEntry = (pairs: readonly number[], id: number, hash: number): number => {
  if (hash === NO_HASH) return -1;
  for (let j = 0; j < pairs.length; j += 2) if (pairs[j] === id) return pairs[j + 1] === hash ? j >> 1 : -1;
  return -1;
};

/**
 * Describes the head of ranked lists, reusing what it described before: it remembers the
 * (other side's index, content hash) of each entry of the lists it returned, by list (held
 * as long as the caller holds the list), so a later call can reuse the entries whose
 * content is the same. Lists are described from the head, whose hashes are always set.
 */
export class ListDescriber {
  private readonly described = new WeakMap<readonly object[], number[]>();

  /**
   * The first `limit` entries of a ranked list, described by `describe(other side's index)`
   * unless `reuse` (a list returned here earlier) holds the same pair with the same content.
   */
  head<T extends object>(list: RankedList, limit: number, reuse: readonly T[] | undefined, describe: (other: number) => T): T[] {
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
}
