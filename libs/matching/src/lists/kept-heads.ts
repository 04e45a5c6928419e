import { grown } from '../model/typed-arrays';
import type { RankedList } from './ranked-list';

/**
 * The first K entries of members' lists as they were before a flush changed them, in flat
 * typed arrays reused from flush to flush (a project's change takes hundreds: small arrays
 * each would feed the garbage collector, whose pauses land on updates).
 */
export class KeptHeads {
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
    this.ids = grown(this.ids, slots * this.k);
    this.keys = grown(this.keys, slots * this.k);
    this.hashes = grown(this.hashes, slots * this.k);
    this.lengths = grown(this.lengths, slots);
  }
}
