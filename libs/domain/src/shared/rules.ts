/**
 * Small pure checks shared by the deciders. Each `check…` returns the violations it finds
 * (never throws) so a decider can gather every problem of a command into one
 * RuleViolationError via `assertRules`. Messages are for people: French first, then English.
 */
import type { FieldViolation } from './errors';
import type { ResolvedLocation, ResolvedTerritory } from './places';

export type Violations = FieldViolation[];

export const violation = (field: string, fr: string, en: string): FieldViolation => ({
  field,
  message: `${fr} / ${en}`,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** RFC 9562 UUID (versions 1–8, RFC variant). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written `YYYY-MM-DD` that exists (rejects 2026-02-30). */
export const isIsoDate = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Structural equality of JSON-like values. Keys holding `undefined` count as absent, so
 * `{a: 1, b: undefined}` equals `{a: 1}` (an optional field left out is no change).
 */
export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = (r: Record<string, unknown>) => Object.keys(r).filter((k) => r[k] !== undefined);
  const ka = keys(ra);
  const kb = keys(rb);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual(ra[k], rb[k]));
};

/** Drops keys whose value is `undefined`, so events carry no empty optional fields. */
export const compact = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Longest free word accepted (a skill, a theme, an interest). */
export const MAX_WORD_LENGTH = 80;

/**
 * Free words (skills, interests, themes): trimmed, empty ones reported, duplicates dropped
 * case-insensitively keeping the first spelling given.
 */
export const normaliseWords = (
  field: string,
  words: unknown,
  limits: { min: number; max: number },
): { words: string[]; violations: Violations } => {
  if (!Array.isArray(words)) {
    return { words: [], violations: [violation(field, 'liste attendue', 'a list is expected')] };
  }
  const violations: Violations = [];
  const seen = new Set<string>();
  const kept: string[] = [];
  words.forEach((word: unknown, i) => {
    const trimmed = typeof word === 'string' ? word.trim() : '';
    if (trimmed.length === 0) {
      violations.push(violation(`${field}[${i}]`, 'ne peut pas être vide', 'must not be empty'));
    } else if (trimmed.length > MAX_WORD_LENGTH) {
      violations.push(violation(`${field}[${i}]`, `${MAX_WORD_LENGTH} caractères au plus`, `at most ${MAX_WORD_LENGTH} characters`));
    } else {
      const key = trimmed.toLocaleLowerCase('fr');
      if (!seen.has(key)) {
        seen.add(key);
        kept.push(trimmed);
      }
    }
  });
  if (violations.length === 0 && (kept.length < limits.min || kept.length > limits.max)) {
    violations.push(
      violation(
        field,
        `entre ${limits.min} et ${limits.max} éléments distincts attendus`,
        `${limits.min} to ${limits.max} distinct items expected`,
      ),
    );
  }
  return { words: kept, violations };
};

/** A trimmed text whose length must lie in [min, max]. */
export const checkText = (
  field: string,
  value: unknown,
  limits: { min: number; max: number },
): { text: string; violations: Violations } => {
  if (typeof value !== 'string') {
    return { text: '', violations: [violation(field, 'texte attendu', 'a text is expected')] };
  }
  const text = value.trim();
  if (text.length < limits.min || text.length > limits.max) {
    const { min, max } = limits;
    const [fr, en] =
      min === 0
        ? [`${max} caractères au plus`, `at most ${max} characters`]
        : min === 1
          ? [`ne peut pas être vide (${max} caractères au plus)`, `must not be empty (at most ${max} characters)`]
          : [`entre ${min} et ${max} caractères`, `${min} to ${max} characters`];
    return { text, violations: [violation(field, fr, en)] };
  }
  return { text, violations: [] };
};

export const checkRange = (
  field: string,
  value: unknown,
  limits: { min: number; max: number; integer?: boolean },
): FieldViolation | null => {
  const ok = isFiniteNumber(value) && value >= limits.min && value <= limits.max && (!limits.integer || Number.isInteger(value));
  if (ok) return null;
  const what = limits.integer ? 'un entier' : 'un nombre';
  const whatEn = limits.integer ? 'an integer' : 'a number';
  return violation(field, `${what} entre ${limits.min} et ${limits.max}`, `${whatEn} from ${limits.min} to ${limits.max}`);
};

export const checkOneOf = <T extends string>(field: string, value: unknown, allowed: readonly T[]): FieldViolation | null =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? null
    : violation(field, `une valeur parmi ${allowed.join(', ')}`, `one of ${allowed.join(', ')}`);

export const checkUuid = (field: string, value: unknown): FieldViolation | null =>
  isUuid(value) ? null : violation(field, 'identifiant UUID attendu', 'a UUID is expected');

const checkCoordinates = (field: string, place: { lat?: unknown; lon?: unknown }): Violations =>
  [checkRange(`${field}.lat`, place.lat, { min: -90, max: 90 }), checkRange(`${field}.lon`, place.lon, { min: -180, max: 180 })].filter(
    (v): v is FieldViolation => v !== null,
  );

export const checkLocation = (field: string, location: ResolvedLocation | undefined): Violations =>
  typeof location === 'object' && location !== null
    ? checkCoordinates(field, location)
    : [violation(field, 'lieu attendu', 'a location is expected')];

/**
 * Radius of a territory or of a project's search area, in km. A radius of 0 is no area at
 * all: the smallest is 1 km (a village).
 */
export const RADIUS_KM = { min: 1, max: 500 } as const;

export const checkTerritories = (
  field: string,
  territories: readonly ResolvedTerritory[] | undefined,
  limits: { min: number; max: number },
): Violations => {
  if (!Array.isArray(territories)) return [violation(field, 'liste attendue', 'a list is expected')];
  const violations: Violations = [];
  if (territories.length < limits.min || territories.length > limits.max) {
    violations.push(
      violation(field, `entre ${limits.min} et ${limits.max} territoires attendus`, `${limits.min} to ${limits.max} territories expected`),
    );
  }
  // Each item is checked as untrusted input: the declared type is what a valid list holds.
  (territories as readonly unknown[]).forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (typeof item !== 'object' || item === null) {
      violations.push(violation(at, 'territoire attendu', 'a territory is expected'));
      return;
    }
    const territory = item as { kind?: unknown; lat?: unknown; lon?: unknown; radiusKm?: unknown; level?: unknown; code?: unknown };
    violations.push(...checkCoordinates(at, territory));
    if (territory.kind === 'radius') {
      const v = checkRange(`${at}.radiusKm`, territory.radiusKm, RADIUS_KM);
      if (v) violations.push(v);
    } else if (territory.kind === 'area') {
      const v = checkOneOf(`${at}.level`, territory.level, ['commune', 'departement', 'region'] as const);
      if (v) violations.push(v);
      if (typeof territory.code !== 'string' || territory.code.trim() === '') {
        violations.push(violation(`${at}.code`, 'code attendu', 'a code is expected'));
      }
    } else {
      violations.push(violation(`${at}.kind`, 'une valeur parmi radius, area', 'one of radius, area'));
    }
  });
  return violations;
};
