import { RecordArena } from './record-arena';

const record = (i: number, size: number) => Float64Array.from({ length: size }, (_, k) => i * 1000 + k);
const read = (arena: RecordArena, i: number, size: number) => {
  const at = arena.at(i);
  return at < 0 ? undefined : Array.from(arena.data.subarray(at, at + size));
};

describe('RecordArena', () => {
  it('keeps every index on its latest record through growth, replacement, removal and compaction', () => {
    const arena = new RecordArena();
    const sizes = new Map<number, number>();
    // Enough rounds of replacement to grow the array and compact it several times.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 500; i++) {
        if ((i + round) % 7 === 0) {
          arena.put(i, undefined);
          sizes.delete(i);
        } else {
          const size = 5 + ((i * 31 + round) % 40);
          arena.put(i, record(i + round, size));
          sizes.set(i, size);
        }
      }
    }
    for (let i = 0; i < 500; i++) {
      const size = sizes.get(i);
      if (size === undefined) expect(arena.at(i)).toBe(-1);
      else expect(read(arena, i, size)).toEqual(Array.from(record(i + 39, size)));
    }
    // Compaction bounds the array: live records are 500 × 25 numbers on average.
    expect(arena.data.length).toBeLessThan(4 * 500 * 45 + (1 << 16));
    expect(arena.at(10_000)).toBe(-1);
  });
});
