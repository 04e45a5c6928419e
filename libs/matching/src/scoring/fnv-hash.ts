// 32-bit FNV-1a over strings and integers: content hashes of shown pairs (change detection).
export const FNV_OFFSET = 0x811c9dc5;

export const mixInt = (h: number, x: number): number => {
  h = Math.imul(h ^ (x & 0xffff), 16777619);
  return Math.imul(h ^ (x >>> 16), 16777619);
};

export const mixNumber = (h: number, x: number | null | undefined): number => {
  if (x === null || x === undefined) return mixInt(h, 0x7fffffff);
  // Scores, distances and components have at most 4 decimals.
  return mixInt(mixInt(h, Math.round(x * 10000) | 0), Math.floor((x * 10000) / 4294967296) | 0);
};

export const mixString = (h: number, s: string | undefined): number => {
  if (s === undefined) return mixInt(h, 0x7ffffffe);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return mixInt(h, s.length);
};

/** 32-bit FNV-1a of a string, as a number (NaN for undefined, which equals nothing). */
export const hashString = (s: string | undefined): number => (s === undefined ? NaN : mixString(FNV_OFFSET, s));
