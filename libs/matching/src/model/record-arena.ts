import { grown } from './typed-arrays';

/**
 * Fixed-layout records of numbers (the facts scoring reads, see `ProjectFacts`), one per
 * entity index, side by side in one array: scoring a candidate then reads a few adjacent
 * cache lines instead of three scattered objects. A changed entity's record is appended
 * and its old one left behind; the array is compacted (in index order) when more than
 * half of it is left behind.
 */
export class RecordArena {
  data = new Float64Array(1 << 16);
  /** Where each index's record starts, -1 when it has none. */
  private starts = new Int32Array(1024).fill(-1);
  private sizes = new Int32Array(1024);
  private used = 0;
  private live = 0;

  /** Start of the record of index `i` in `data` (which may move: read it again after any `put`). */
  at(i: number): number {
    return i < this.starts.length ? this.starts[i] : -1;
  }

  put(i: number, record: Float64Array | undefined): void {
    if (i >= this.starts.length) {
      this.starts = grown(this.starts, i + 1, -1);
      this.sizes = grown(this.sizes, i + 1);
    }
    if (this.starts[i] >= 0) this.live -= this.sizes[i];
    this.starts[i] = -1;
    this.sizes[i] = 0;
    if (!record) return;
    if (this.used + record.length > this.data.length) this.makeRoom(record.length);
    this.data.set(record, this.used);
    this.starts[i] = this.used;
    this.sizes[i] = record.length;
    this.used += record.length;
    this.live += record.length;
  }

  private makeRoom(needed: number): void {
    const compact = this.used > 2 * this.live;
    const capacity = Math.max(1 << 16, 2 * (compact ? this.live : this.used) + needed);
    const data = new Float64Array(capacity);
    if (compact) {
      let at = 0;
      for (let i = 0; i < this.starts.length; i++) {
        const start = this.starts[i];
        if (start < 0) continue;
        data.set(this.data.subarray(start, start + this.sizes[i]), at);
        this.starts[i] = at;
        at += this.sizes[i];
      }
      this.used = at;
    } else data.set(this.data.subarray(0, this.used));
    this.data = data;
  }
}
