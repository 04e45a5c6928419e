import type { FindOptions, ReadModelFilter } from './read-model-store.port';

/**
 * Checks shared by every adapter, so the in-memory store rejects what FerretDB/MongoDB
 * would reject (or silently interpret differently) instead of hiding it until production.
 */

export const CHECKPOINTS_COLLECTION = 'checkpoints';

const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,120}$/;

export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) throw new Error(`invalid read-model collection name: ${JSON.stringify(name)}`);
  if (name === CHECKPOINTS_COLLECTION) throw new Error(`the collection name "${CHECKPOINTS_COLLECTION}" is reserved`);
}

function assertKey(key: string, path: string): void {
  if (key === '' || key.startsWith('$') || key.includes('.')) {
    throw new Error(`invalid key ${JSON.stringify(key)} at ${path || '(root)'}: keys may not be empty, start with "$" or contain "."`);
  }
}

// Realm-agnostic checks (jest's vm contexts and structuredClone hand out objects of
// another realm, for which `instanceof` and `=== Object.prototype` fail).
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
};

export const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';

/**
 * A deep copy of a document as every adapter stores it: undefined properties dropped
 * (as the MongoDB driver would with `ignoreUndefined`), undefined array items become null
 * (as JSON does), keys checked. Values: strings, finite numbers, booleans, null, Dates,
 * arrays and plain objects.
 */
export function normalizeDocument<D extends { _id: string }>(doc: D): D {
  if (typeof doc?._id !== 'string' || doc._id === '') throw new Error('a read-model document needs a non-empty string _id');
  return normalizeValue(doc, undefined, '') as D;
}

/** Where a container sits in a document: a dotted path is built only for an error message. */
type Where = { parent: Where; key: string | number } | undefined;
const pathOf = (parent: Where, key: string | number): string => (parent ? `${pathOf(parent.parent, parent.key)}.${key}` : String(key));

// Recommendation documents hold thousands of values: nothing is allocated per value but the
// copy itself (paths are built on error only).
function normalizeValue(value: unknown, parent: Where, key: string | number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`non-finite number at ${pathOf(parent, key)}`);
    return value;
  }
  const here: Where = key === '' && parent === undefined ? undefined : { parent, key };
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = item === undefined ? null : normalizeValue(item, here, i);
    }
    return out;
  }
  if (isDate(value)) return new Date(value.getTime());
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(value)) {
      const item = value[name];
      if (name === '' || name.charCodeAt(0) === 36 /* $ */ || name.includes('.')) assertKey(name, here ? pathOf(parent, key) : '');
      if (item !== undefined) out[name] = normalizeValue(item, here, name);
    }
    return out;
  }
  throw new Error(`unsupported value at ${pathOf(parent, key) || '(root)'}: ${Object.prototype.toString.call(value)}`);
}

/**
 * A document handed over by its writer (see `UpsertOptions.handOver`): checked as
 * `normalizeDocument` checks, and kept as it is when it is already in normal form (no
 * undefined, no Date to copy); otherwise normalised (copied).
 */
export function adoptDocument<D extends { _id: string }>(doc: D): D {
  if (typeof doc?._id !== 'string' || doc._id === '') throw new Error('a read-model document needs a non-empty string _id');
  return isNormal(doc, undefined, '') ? doc : normalizeDocument(doc);
}

/** Whether a value needs no normalising; throws what `normalizeValue` would throw. */
function isNormal(value: unknown, parent: Where, key: string | number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`non-finite number at ${pathOf(parent, key)}`);
    return true;
  }
  const here: Where = key === '' && parent === undefined ? undefined : { parent, key };
  let normal = true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) normal = false;
      else if (!isNormal(item, here, i)) normal = false;
    }
    return normal;
  }
  if (isDate(value)) return false;
  if (isPlainObject(value)) {
    // for…in (plain objects inherit nothing enumerable): V8 walks its cached keys, no array.
    for (const name in value) {
      const item = value[name];
      if (name === '' || name.charCodeAt(0) === 36 /* $ */ || name.includes('.')) assertKey(name, here ? pathOf(parent, key) : '');
      if (item === undefined) normal = false;
      else if (!isNormal(item, here, name)) normal = false;
    }
    return normal;
  }
  throw new Error(`unsupported value at ${pathOf(parent, key) || '(root)'}: ${Object.prototype.toString.call(value)}`);
}

const isScalar = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** Only equality and `$in` on scalar values: the subset both adapters implement alike. */
export function assertFilter(filter: ReadModelFilter): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '' || field.split('.').some((part) => part === '' || part.startsWith('$'))) {
      throw new Error(`invalid filter field ${JSON.stringify(field)}`);
    }
    if (isScalar(condition)) continue;
    const keys = isPlainObject(condition) ? Object.keys(condition) : [];
    const values = keys.length === 1 && keys[0] === '$in' ? (condition as { $in: unknown }).$in : undefined;
    if (!Array.isArray(values) || !values.every(isScalar)) {
      throw new Error(`unsupported filter on ${field}: only equality and $in on scalar values`);
    }
  }
}

export function assertFindOptions(options: FindOptions): void {
  for (const [field, direction] of Object.entries(options.sort ?? {})) {
    if (field === '' || field.split('.').some((part) => part === '' || part.startsWith('$'))) {
      throw new Error(`invalid sort field ${JSON.stringify(field)}`);
    }
    if (direction !== 1 && direction !== -1) throw new Error(`sort direction for ${field} must be 1 or -1`);
  }
  for (const key of ['limit', 'skip'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new Error(`${key} must be a non-negative integer`);
    }
  }
}

/** Keeps the last document for each id, in first-seen order. */
export function lastById<D extends { _id: string }>(docs: readonly D[]): D[] {
  const byId = new Map<string, D>();
  for (const doc of docs) byId.set(doc._id, doc);
  return [...byId.values()];
}
