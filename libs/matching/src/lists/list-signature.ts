import { IndexNumbers } from '../model/index-set';
import type { RankedList } from './ranked-list';

/** A number standing for what a list shows: its first `size` entries (ids and content hashes). */
export const signature = (list: RankedList | undefined, size: number): number => {
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

/** Equality where NaN (no value) equals NaN. */
const sameNumber = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/**
 * The signature of each list (by index) as last reported, NaN for none: a list changed
 * when its signature differs (`update` records the new one).
 */
export class ListSignatures {
  private readonly last = new IndexNumbers();

  /** Records `sig` (NaN: no list) for index `i`; true when it differs from the last one. */
  update(i: number, sig: number): boolean {
    if (sameNumber(sig, this.last.get(i))) return false;
    this.last.set(i, sig);
    return true;
  }
}
