type TypedArray = Int32Array | Float64Array | Uint8Array;

/**
 * `array` copied into a larger one of the same type: at least `size` entries, and at least
 * twice as many as before (growth is amortised). With `fill`, the new entries hold it
 * (e.g. -1 for "none"); otherwise 0. The one way the engine's typed arrays grow.
 */
export const grown = <T extends TypedArray>(array: T, size: number, fill?: number): T => {
  const out = new (array.constructor as new (length: number) => T)(Math.max(size, array.length * 2));
  if (fill !== undefined) out.fill(fill, array.length);
  out.set(array);
  return out;
};
