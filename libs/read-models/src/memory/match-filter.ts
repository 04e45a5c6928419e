import { isDate } from '../read-model-document';
import type { FilterScalar, FindOptions, ReadModelFilter } from '../read-model-store.port';

/** MongoDB's filter and sort semantics, for the subset the port allows. */

type Doc = Record<string, unknown>;

const isObject = (value: unknown): value is Doc => value !== null && typeof value === 'object' && !Array.isArray(value) && !isDate(value);

/** Every value a dotted path reaches, walking through arrays of objects; undefined when missing. */
function valuesAt(value: unknown, parts: readonly string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) if (isObject(item)) valuesAt(item, parts, i, out);
    if (!value.some(isObject)) out.push(undefined);
  } else if (isObject(value)) {
    valuesAt(value[parts[i]], parts, i + 1, out);
  } else {
    out.push(undefined);
  }
}

const scalarMatches = (candidate: unknown, wanted: FilterScalar): boolean =>
  wanted === null ? candidate === null || candidate === undefined : candidate === wanted;

function fieldMatches(doc: Doc, field: string, wanted: readonly FilterScalar[]): boolean {
  const candidates: unknown[] = [];
  valuesAt(doc, field.split('.'), 0, candidates);
  return candidates.some((candidate) =>
    wanted.some((w) =>
      Array.isArray(candidate) ? candidate.some((item) => item !== undefined && scalarMatches(item, w)) : scalarMatches(candidate, w),
    ),
  );
}

export function matchesFilter(doc: Doc, filter: ReadModelFilter): boolean {
  return Object.entries(filter).every(([field, condition]) =>
    fieldMatches(doc, field, condition !== null && typeof condition === 'object' ? condition.$in : [condition]),
  );
}

/** BSON order for the types a read model holds: null/missing, numbers, strings, booleans, dates. */
function rank(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (typeof value === 'boolean') return 4;
  if (isDate(value)) return 5;
  return 3;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  const va = isDate(a) ? a.getTime() : (a as number | string | boolean);
  const vb = isDate(b) ? b.getTime() : (b as number | string | boolean);
  // Binary string order (as MongoDB), not locale order.
  return va < vb ? -1 : va > vb ? 1 : 0;
}

function sortValue(doc: Doc, field: string): unknown {
  let value: unknown = doc;
  for (const part of field.split('.')) value = isObject(value) ? value[part] : undefined;
  return value;
}

/** Sorts by the requested fields, then by `_id`, as the MongoDB adapter does. */
export function compareForSort(sort: FindOptions['sort']): (a: Doc, b: Doc) => number {
  const fields: [string, 1 | -1][] = Object.entries(sort ?? {});
  if (!fields.some(([field]) => field === '_id')) fields.push(['_id', 1]);
  return (a, b) => {
    for (const [field, direction] of fields) {
      const order = compareValues(sortValue(a, field), sortValue(b, field));
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}
