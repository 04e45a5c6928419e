import { getMetadataStorage, registerDecorator, ValidationError } from 'class-validator';

/**
 * What text may hold, wherever it enters (bodies and query strings; path parameters are
 * UUIDs). Forbidden anywhere: NUL and the other control characters but tab and line breaks,
 * U+FFFD (what undecodable bytes become) and lone UTF-16 surrogates (which make some
 * validators throw). Line breaks only in the fields marked `@MultiLine()`, normalised to LF.
 */
const FORBIDDEN =
  // Control characters are what this pattern is for.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\r\n]/;

export const FORBIDDEN_CHARACTERS = 'forbiddenCharacters';
export const SINGLE_LINE = 'singleLine';
const MULTI_LINE = 'multiLine';

const FORBIDDEN_MESSAGE =
  'caractère interdit (caractère de contrôle, NUL ou texte mal encodé) / forbidden character (control, NUL or badly encoded text)';

/** What a forbidden string is replaced by while the rest is validated: any value the field refuses on its own is harmless. */
const STAND_IN = 'x';

/**
 * Marks a text that may hold several lines (a description, a message, a note). A no-op
 * constraint, so that it travels with class-validator's metadata into mapped types
 * (`PartialType`, `OmitType`) like the field's other rules.
 */
export const MultiLine = () => (target: object, propertyName: string) =>
  registerDecorator({ name: MULTI_LINE, target: target.constructor, propertyName, validator: { validate: () => true } });

const multiLineCache = new WeakMap<object, ReadonlySet<string>>();
const multiLineFields = (ctor: object): ReadonlySet<string> => {
  let fields = multiLineCache.get(ctor);
  if (!fields) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(ctor as new () => unknown, '', true, false);
    fields = new Set(metadata.filter((m) => m.name === MULTI_LINE).map((m) => m.propertyName));
    multiLineCache.set(ctor, fields);
  }
  return fields;
};

const childPath = (prefix: string, key: string | number) =>
  typeof key === 'number' ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key;

const error = (property: string, value: unknown, constraint: string, message: string): ValidationError =>
  Object.assign(new ValidationError(), { property, value, constraints: { [constraint]: message }, children: [] });

/**
 * Checks every string of a transformed DTO (nested DTOs and arrays included), in place:
 * line breaks of multi-line fields become LF; a forbidden string is replaced by a stand-in
 * so the validators that follow cannot trip on it. Returns one error per bad field, its
 * `property` being the whole path (`territories[0].label`).
 */
export function inspectText(entity: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const visit = (holder: Record<string | number, unknown>, key: string | number, path: string, multiLine: boolean) => {
    const value = holder[key];
    if (typeof value === 'string') {
      if (FORBIDDEN.test(value)) {
        errors.push(error(path, value, FORBIDDEN_CHARACTERS, FORBIDDEN_MESSAGE));
        holder[key] = STAND_IN;
      } else if (multiLine) {
        holder[key] = value.replace(/\r\n?/g, '\n');
      } else if (LINE_BREAK.test(value)) {
        errors.push(error(path, value, SINGLE_LINE, 'doit tenir sur une ligne / must be a single line'));
      }
    } else if (Array.isArray(value)) {
      value.forEach((_, i) => visit(value as unknown as Record<number, unknown>, i, childPath(path, i), multiLine));
    } else if (typeof value === 'object' && value !== null) {
      walk(value as Record<string, unknown>, path);
    }
  };
  const walk = (object: Record<string, unknown>, prefix: string) => {
    const multi = multiLineFields(object.constructor);
    for (const key of Object.keys(object)) visit(object, key, childPath(prefix, key), multi.has(key));
  };
  if (typeof entity === 'object' && entity !== null) walk(entity as Record<string, unknown>, '');
  return errors;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Paths of the keys that name an object's prototype machinery, in the raw body or query.
 * Nest's pipe strips them silently before validation; they are refused like any other
 * unknown field instead.
 */
export function findPrototypeKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    const path = Array.isArray(value) ? childPath(prefix, Number(key)) : childPath(prefix, key);
    if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) found.push(path);
    else found.push(...findPrototypeKeys((value as Record<string, unknown>)[key], path));
  }
  return found;
}
