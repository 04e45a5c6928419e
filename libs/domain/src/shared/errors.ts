/**
 * Typed domain errors. The api maps them to HTTP: NotFound → 404, InvalidState → 409,
 * RuleViolation → 422, Forbidden → 403. Each names the fields concerned so the response can list them.
 */
export type FieldViolation = Readonly<{ field: string; message: string }>;

export abstract class DomainError extends Error {
  abstract readonly kind: 'not-found' | 'invalid-state' | 'rule-violation' | 'forbidden';
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** The command does not fit the aggregate's current state (closed, erased, already exists…). */
export class InvalidStateError extends DomainError {
  readonly kind = 'invalid-state' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}

/** The actor named by the command may not perform it (not the assigned referent, not the party…). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The command breaks one or more business rules; every violation is listed. */
export class RuleViolationError extends DomainError {
  readonly kind = 'rule-violation' as const;
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    this.name = 'RuleViolationError';
  }
}

/** Collects violations and throws them all at once. */
export const assertRules = (violations: readonly (FieldViolation | false | null | undefined)[]): void => {
  const found = violations.filter((v): v is FieldViolation => !!v);
  if (found.length > 0) throw new RuleViolationError(found);
};
