import { grown } from './typed-arrays';

/**
 * A set of small non-negative integers (entity indexes): a flag per index and the list of
 * members, so that `has` is one array read and `clear` costs what was added. The engine
 * tracks thousands of dirty members per update, where a `Set` hashes each of them.
 */
export class IndexSet {
  private flags = new Uint8Array(1024);
  private items = new Int32Array(1024);
  size = 0;

  has(i: number): boolean {
    return i < this.flags.length && this.flags[i] === 1;
  }

  add(i: number): void {
    if (i >= this.flags.length) this.flags = grown(this.flags, i + 1);
    if (this.flags[i] === 1) return;
    this.flags[i] = 1;
    if (this.size === this.items.length) this.items = grown(this.items, this.size + 1);
    this.items[this.size++] = i;
  }

  /** The i-th member, in insertion order. */
  at(i: number): number {
    return this.items[i];
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.flags[this.items[i]] = 0;
    this.size = 0;
  }
}

/** A number per index, NaN where none was set (growable). */
export class IndexNumbers {
  private values = new Float64Array(1024).fill(NaN);

  get(i: number): number {
    return i < this.values.length ? this.values[i] : NaN;
  }

  set(i: number, value: number): void {
    if (i >= this.values.length) this.values = grown(this.values, i + 1, NaN);
    this.values[i] = value;
  }
}
