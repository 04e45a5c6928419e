import { RuleViolationError, type FieldViolation } from '@trame/domain';

/**
 * A place given by a person that cannot be resolved (unknown code, coordinates or radius
 * out of range, ambiguous shape). It is a RuleViolationError, so the api answers 422 and
 * lists every field; `violations[].field` is the path the caller passed in
 * (e.g. `territories[1].postcode`).
 */
export class TerritoryValidationError extends RuleViolationError {
  constructor(violations: readonly FieldViolation[]) {
    super(violations);
    this.name = 'TerritoryValidationError';
  }
}

/**
 * Something the person should know about how their place was read, without it being an
 * error (e.g. a shared postcode resolved to its most populous commune). Same shape as a
 * violation so the api can return both side by side; message French first, then English.
 */
export type ResolutionNote = Readonly<{ field: string; message: string }>;

/** The outcome of resolving one place: the value to store, plus notes (often none). */
export type Resolution<T> = Readonly<{ value: T; notes: readonly ResolutionNote[] }>;

/** The outcome of resolving a list: values in input order, notes of every element. */
export type Resolutions<T> = Readonly<{ values: readonly T[]; notes: readonly ResolutionNote[] }>;

/** `fr / en`, the convention for messages meant for people. */
export const bilingual = (fr: string, en: string): string => `${fr} / ${en}`;

/** `field.key`, or `key` alone when the caller gave no field path. */
export const fieldPath = (field: string, key: string): string => (field ? `${field}.${key}` : key);

/**
 * Resolves every element of `inputs` (fields `field[0]`, `field[1]`…) and throws one
 * TerritoryValidationError with the violations of all elements, so a request lists all
 * of its bad places at once. Errors other than TerritoryValidationError propagate as is.
 */
export const resolveAll = <I, T>(
  inputs: readonly I[],
  field: string,
  resolve: (input: I, field: string) => Resolution<T>,
): Resolutions<T> => {
  if (!Array.isArray(inputs)) {
    throw new TerritoryValidationError([{ field, message: bilingual('liste attendue', 'a list is expected') }]);
  }
  const values: T[] = [];
  const notes: ResolutionNote[] = [];
  const violations: FieldViolation[] = [];
  inputs.forEach((input: I, i) => {
    try {
      const resolved = resolve(input, `${field}[${i}]`);
      values.push(resolved.value);
      notes.push(...resolved.notes);
    } catch (error) {
      if (!(error instanceof TerritoryValidationError)) throw error;
      violations.push(...error.violations);
    }
  });
  if (violations.length > 0) throw new TerritoryValidationError(violations);
  return { values, notes };
};
