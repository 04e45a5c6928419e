import { createHash } from 'node:crypto';
import type { ReadModelStore } from './read-model-store.port';

/** JSON with object keys sorted at every level, so equal documents serialise equally. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/**
 * A fingerprint of whole read models: every document of each collection, in `_id` order.
 * Two stores with the same hash hold the same documents (used to compare a crashed and
 * resumed matcher with a clean rebuild).
 */
export async function canonicalHash(store: ReadModelStore, collections: readonly string[]): Promise<{ hash: string; documents: number }> {
  const hash = createHash('sha256');
  let documents = 0;
  for (const name of [...collections].sort()) {
    const docs = await store.collection(name).find({}, { sort: { _id: 1 } });
    hash.update(`${name}\n`);
    for (const doc of docs) hash.update(`${canonicalJson(doc)}\n`);
    documents += docs.length;
  }
  return { hash: hash.digest('hex'), documents };
}
