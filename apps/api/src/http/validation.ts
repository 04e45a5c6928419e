import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** French first, English second: these messages are shown to people filling a form. */
const MESSAGES: Record<string, (args: string) => [string, string]> = {
  whitelistValidation: () => ['champ inconnu', 'unknown field'],
  isDefined: () => ['champ obligatoire', 'required field'],
  isNotEmpty: () => ['ne doit pas être vide', 'must not be empty'],
  isString: () => ['doit être un texte', 'must be a string'],
  isEmail: () => ['doit être une adresse e-mail valide', 'must be a valid email address'],
  isUuid: () => ['doit être un UUID', 'must be a UUID'],
  isInt: () => ['doit être un nombre entier', 'must be an integer'],
  isNumber: () => ['doit être un nombre', 'must be a number'],
  isBoolean: () => ['doit être vrai ou faux', 'must be a boolean'],
  isArray: () => ['doit être une liste', 'must be an array'],
  isObject: () => ['doit être un objet', 'must be an object'],
  nestedValidation: () => ['doit être un objet ou une liste d’objets', 'must be an object or a list of objects'],
  isIn: (a) => [`doit être l’une des valeurs : ${a}`, `must be one of: ${a}`],
  isEnum: (a) => [`doit être l’une des valeurs : ${a}`, `must be one of: ${a}`],
  min: (a) => [`doit être ≥ ${a}`, `must be ≥ ${a}`],
  max: (a) => [`doit être ≤ ${a}`, `must be ≤ ${a}`],
  minLength: (a) => [`doit faire au moins ${a} caractères`, `must be at least ${a} characters long`],
  maxLength: (a) => [`doit faire au plus ${a} caractères`, `must be at most ${a} characters long`],
  arrayMaxSize: (a) => [`au plus ${a} éléments`, `must hold at most ${a} items`],
  arrayMinSize: (a) => [`au moins ${a} éléments`, `must hold at least ${a} items`],
  isLatitude: () => ['doit être une latitude (−90 à 90)', 'must be a latitude (-90 to 90)'],
  isLongitude: () => ['doit être une longitude (−180 à 180)', 'must be a longitude (-180 to 180)'],
  isIso8601: () => ['doit être une date ISO (AAAA-MM-JJ)', 'must be an ISO date (YYYY-MM-DD)'],
  matches: () => ['format invalide', 'invalid format'],
  oneOfForms: (a) => [`doit avoir l’une de ces formes : ${a}`, `must have one of these forms: ${a}`],
  nonEmptyPatch: () => ['au moins un champ à modifier', 'at least one field to change'],
};

/** The words of class-validator's English messages that come just before a bound. */
const BOUND_LEADS = [
  'not be less than',
  'not be greater than',
  'longer than or equal to',
  'shorter than or equal to',
  'at least',
  'at most',
  'more than',
  'less than',
  'forms?:',
];
const BOUND = new RegExp(`(?:${BOUND_LEADS.join('|')}) (.+?)(?: characters| elements|$)`);

/** The argument of a constraint, recovered from class-validator's English message. */
const argumentOf = (constraint: string, message: string): string => {
  const match = /one of the following values: (.*)$/.exec(message) ?? BOUND.exec(message);
  return match?.[1] ?? (constraint === 'isIn' ? message : '');
};

const TYPE_CONSTRAINTS = new Set([
  'whitelistValidation',
  'isDefined',
  'isString',
  'isArray',
  'isInt',
  'isNumber',
  'isBoolean',
  'isObject',
  'nestedValidation',
]);

export type FieldError = { field: string; messages: string[] };

/** Flattens nested class-validator errors into `field.path` entries, every field listed. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    // `_form` carries class-level checks: report them on the object itself.
    const property = error.property === '_form' ? '' : error.property;
    const field = !prefix ? property : !property ? prefix : /^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`;
    if (error.constraints && error.value === undefined && property && !('whitelistValidation' in error.constraints)) {
      out.push({ field, messages: ['champ obligatoire / required field'] });
    } else if (error.constraints) {
      // A value of the wrong type fails every other check too; say only what matters.
      const all = Object.entries(error.constraints);
      const typeErrors = all.filter(([c]) => TYPE_CONSTRAINTS.has(c));
      out.push({
        field,
        messages: (typeErrors.length > 0 ? typeErrors : all).map(([constraint, english]) => {
          const bilingual = MESSAGES[constraint]?.(argumentOf(constraint, english));
          return bilingual ? `${bilingual[0]} / ${bilingual[1]}` : english;
        }),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export const fieldErrorsToMessage = (errors: readonly FieldError[]): string[] => errors.map((e) => `${e.field}: ${e.messages.join(' ; ')}`);

export class FieldValidationException extends BadRequestException {
  constructor(readonly fields: FieldError[]) {
    super({ statusCode: 400, error: 'Bad Request', message: fieldErrorsToMessage(fields), fields });
  }
}

/** Global pipe: strips nothing silently — unknown fields are rejected and named. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // `value` is read to tell a missing field from a wrong one; it is never echoed back.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new FieldValidationException(flattenValidationErrors(errors)),
  });
