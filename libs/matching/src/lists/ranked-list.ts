import { grown } from '../model/typed-arrays';
import { compareIds } from '../ranking/ranking';

/** Marks a content hash that is not kept (entries below a list's head). */
export const NO_HASH = -1;

/** No entry is left outside a kept list (its floor is none). */
export const FLOOR_NONE = -1;

/** Whether (key, id) ranks before (floorKey, floor): key descending, then id ascending. */
export const ranksBefore = (key: number, id: number, floorKey: number, floor: number, idOf: readonly string[]): boolean =>
  key > floorKey || (key === floorKey && compareIds(idOf[id], idOf[floor]) < 0);

/**
 * Takes the last entry out of a kept list and makes it the list's floor (everyone left out
 * ranks at or after it); returns its id.
 */
export const spillLast = (list: RankedList, floorKeys: number[], floorIds: number[], owner: number): number => {
  const last = list.length - 1;
  const id = list.ids[last];
  floorKeys[owner] = list.keys[last];
  floorIds[owner] = id;
  list.removeAt(last);
  return id;
};

/** The ids of a list's first `n`. */
export const headIds = (list: RankedList | undefined, n: number): Int32Array =>
  list ? list.ids.slice(0, Math.min(n, list.length)) : new Int32Array(0);

/** Entries of a sort fit in one exact double as key × 2^15 + index (keys are below 2^38). */
const PACK = 32768;

/**
 * One side's scored pairs in rank order: sort key descending, then the other side's id
 * ascending. Three typed arrays (16 bytes a pair, outside the JS heap) instead of one object
 * per pair: the engine holds tens of millions of pairs, and moving one pair is a binary
 * search and a `copyWithin`.
 */
export class RankedList {
  length = 0;
  ids: Int32Array;
  keys: Float64Array;
  hashes: Int32Array;

  constructor(capacity = 4) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  /** Index of the other side's `id`, or -1 (a scan: lists are a few hundred entries at most). */
  indexOf(id: number): number {
    // The native scan is several times faster than a loop; a hit in the spare capacity
    // beyond `length` (stale entries) means the first `length` do not hold it.
    const at = this.ids.indexOf(id);
    return at < this.length ? at : -1;
  }

  /** Where an entry (key, id) goes: after every entry that ranks before it. */
  position(key: number, id: number, idOf: readonly string[]): number {
    const keys = this.keys;
    let lo = 0;
    let hi = this.length;
    let other: string | undefined;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = keys[mid];
      if (k > key) lo = mid + 1;
      else if (k < key) hi = mid;
      else if (compareIds(idOf[this.ids[mid]], (other ??= idOf[id])) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insertAt(at: number, id: number, key: number, hash: number): void {
    if (this.length === this.ids.length) this.grow();
    const n = this.length;
    if (at < n) {
      this.ids.copyWithin(at + 1, at, n);
      this.keys.copyWithin(at + 1, at, n);
      this.hashes.copyWithin(at + 1, at, n);
    }
    this.ids[at] = id;
    this.keys[at] = key;
    this.hashes[at] = hash;
    this.length = n + 1;
  }

  removeAt(at: number): void {
    const n = this.length;
    if (at < n - 1) {
      this.ids.copyWithin(at, at + 1, n);
      this.keys.copyWithin(at, at + 1, n);
      this.hashes.copyWithin(at, at + 1, n);
    }
    this.length = n - 1;
  }

  private grow(): void {
    this.ids = grown(this.ids, 8);
    this.keys = grown(this.keys, 8);
    this.hashes = grown(this.hashes, 8);
  }

  /**
   * A list of `n` unordered entries (hashes unknown), sorted: one native numeric sort of
   * packed (key, index) doubles, then runs of equal keys ordered by id. With `limit`, only
   * the first `limit` are kept, and the next one (the first left out) is put in `floor`.
   */
  static sorted(
    ids: Int32Array,
    keys: Float64Array,
    n: number,
    idOf: readonly string[],
    limit = Infinity,
    floor?: { id: number; key: number },
  ): RankedList {
    const order = (a: number, b: number) => keys[b] - keys[a] || compareIds(idOf[ids[a]], idOf[ids[b]]);
    if (n > PACK) {
      const all = Array.from({ length: n }, (_, i) => i).sort(order);
      return RankedList.fromOrder(all, all.length, ids, keys, limit, floor);
    }
    if (RankedList.packed.length < n) RankedList.packed = grown(RankedList.packed, n);
    const packed = RankedList.packed.subarray(0, n);
    for (let i = 0; i < n; i++) packed[i] = keys[i] * PACK + i;
    packed.sort();
    // Ascending packed order is ascending key: read it backwards for best first, as far as
    // the end of the run of equal keys that holds the first entry left out.
    let take = Math.min(n, limit + 1);
    const keyAt = (j: number) => keys[packed[n - 1 - j] % PACK];
    while (take < n && keyAt(take) === keyAt(take - 1)) take++;
    const picked: number[] = new Array<number>(take);
    for (let j = 0; j < take; j++) picked[j] = packed[n - 1 - j] % PACK;
    // Equal keys: order by the other side's id (rare, a few entries at a time).
    for (let start = 0; start < take;) {
      let end = start + 1;
      while (end < take && keys[picked[end]] === keys[picked[start]]) end++;
      if (end - start > 1) {
        const run = picked.slice(start, end).sort(order);
        for (let i = start; i < end; i++) picked[i] = run[i - start];
      }
      start = end;
    }
    return RankedList.fromOrder(picked, take, ids, keys, limit, floor);
  }

  /** Reused by `sorted` (one sort at a time). */
  private static packed = new Float64Array(1024);

  private static fromOrder(
    order: readonly number[],
    available: number,
    ids: Int32Array,
    keys: Float64Array,
    limit: number,
    floor?: { id: number; key: number },
  ): RankedList {
    const n = Math.min(available, limit);
    // A little room: a list usually grows by an entry or two before it is worked out again.
    const list = new RankedList(n + 8);
    list.length = n;
    list.hashes.fill(NO_HASH, 0, n);
    for (let j = 0; j < n; j++) {
      list.ids[j] = ids[order[j]];
      list.keys[j] = keys[order[j]];
    }
    if (floor && available > n) {
      floor.id = ids[order[n]];
      floor.key = keys[order[n]];
    }
    return list;
  }
}
