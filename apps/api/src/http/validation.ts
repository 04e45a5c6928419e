import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidationError, type ValidatorOptions } from 'class-validator';
import { findPrototypeKeys, FORBIDDEN_CHARACTERS, inspectText } from './text-input';

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

/**
 * The argument of a constraint for its message, read from class-validator's metadata of the
 * field (the numbers and lists given to the decorators), never from its English text.
 */
const argumentOf = (target: object | undefined, property: string, constraint: string): string => {
  if (!target) return '';
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === constraint);
  const [first] = (metadata?.constraints ?? []) as unknown[];
  if (!Array.isArray(first)) return typeof first === 'number' || typeof first === 'string' ? String(first) : '';
  // `oneOfForms` lists forms (lists of fields); the others list values.
  return constraint === 'oneOfForms' ? (first as (readonly string[])[]).map((f) => `{${f.join(', ')}}`).join(' | ') : first.join(', ');
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

/** What stays said of a field whose text was replaced by a stand-in: the rest was about the stand-in. */
const ABOUT_THE_INPUT = [FORBIDDEN_CHARACTERS, 'whitelistValidation'];

export type FieldError = { field: string; messages: string[] };

type Entry = FieldError & { forbidden: boolean; aboutInput: boolean };

const flatten = (errors: readonly ValidationError[], prefix: string): Entry[] => {
  const out: Entry[] = [];
  for (const error of errors) {
    // `_form` carries class-level checks: report them on the object itself.
    const property = error.property === '_form' ? '' : error.property;
    const field = !prefix ? property : !property ? prefix : /^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`;
    if (error.constraints && error.value === undefined && property && !('whitelistValidation' in error.constraints)) {
      out.push({ field, messages: ['champ obligatoire / required field'], forbidden: false, aboutInput: false });
    } else if (error.constraints) {
      // A value of the wrong type fails every other check too; say only what matters.
      const all = Object.entries(error.constraints);
      const typeErrors = all.filter(([c]) => TYPE_CONSTRAINTS.has(c));
      out.push({
        field,
        messages: (typeErrors.length > 0 ? typeErrors : all).map(([constraint, given]) => {
          const bilingual = MESSAGES[constraint]?.(argumentOf(error.target, error.property, constraint));
          // Constraints of our own carry their bilingual message themselves.
          return bilingual ? `${bilingual[0]} / ${bilingual[1]}` : given;
        }),
        forbidden: FORBIDDEN_CHARACTERS in error.constraints,
        aboutInput: ABOUT_THE_INPUT.some((c) => c in error.constraints!),
      });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
};

/**
 * Flattens nested class-validator errors into `field.path` entries, every field listed
 * once. A field refused for its characters says only that: what the validators said after
 * was about the stand-in value.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  const entries = flatten(errors, prefix);
  const forbidden = new Set(entries.filter((e) => e.forbidden).map((e) => e.field));
  const byField = new Map<string, string[]>();
  for (const { field, messages, aboutInput } of entries) {
    if (forbidden.has(field) && !aboutInput) continue;
    const known = byField.get(field) ?? [];
    byField.set(field, [...known, ...messages.filter((m) => !known.includes(m))]);
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}

export const fieldErrorsToMessage = (errors: readonly FieldError[]): string[] => errors.map((e) => `${e.field}: ${e.messages.join(' ; ')}`);

export class FieldValidationException extends BadRequestException {
  constructor(readonly fields: FieldError[]) {
    super({ statusCode: 400, error: 'Bad Request', message: fieldErrorsToMessage(fields), fields });
  }
}

const unknownField = (field: string): FieldError => ({ field, messages: ['champ inconnu / unknown field'] });

/**
 * The global pipe: nothing is stripped silently. Unknown fields, the prototype's names
 * among them, are refused and named; text is checked before any validator reads it.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Read before Nest's pipe deletes these keys from the value.
    const prototypeKeys = metadata.type === 'body' || metadata.type === 'query' ? findPrototypeKeys(value).map(unknownField) : [];
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (error) {
      if (prototypeKeys.length > 0 && error instanceof FieldValidationException) {
        throw new FieldValidationException([...prototypeKeys, ...error.fields]);
      }
      throw error;
    }
    if (prototypeKeys.length > 0) throw new FieldValidationException(prototypeKeys);
    return result;
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const textErrors = inspectText(object);
    return [...textErrors, ...(await super.validate(object, options))];
  }
}

export const createValidationPipe = () =>
  new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // `value` tells a missing field from a wrong one and `target` finds the field's rules; neither is echoed back.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => new FieldValidationException(flattenValidationErrors(errors)),
  });
