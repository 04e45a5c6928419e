import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isInFrance } from '@trame/territories';

/*
 * Bounds of shape shared by the DTOs (400). The bounds that are rules of the domain are
 * read from it where they are written (`PROJECT_RULES`, `RADIUS_KM`, `MAX_WORD_LENGTH`…);
 * these only keep absurd requests out, well above any rule (which the deciders answer 422).
 */
export const INPUT_BOUNDS = {
  /** Hours in a week: no availability or need can exceed it. */
  hoursPerWeek: { min: 1, max: 168 },
  /** RFC 5321's longest address. */
  email: 254,
  displayName: 100,
  /** A free text the domain bounds more tightly (a referent's note). */
  freeText: 10_000,
  /** Items of a list of words or of places in one request. */
  listItems: 100,
  /** People wanted for one need. */
  count: { min: 1, max: 1000 },
  /** Availability dates: a person's plans, not history nor a far future. */
  dates: { min: '2000-01-01', max: '2099-12-31' },
} as const;

/** A check of our own, with its bilingual message (the validation pipe shows it as it is). */
const constraint =
  (name: string, message: string, validate: (value: unknown, args: ValidationArguments) => boolean) =>
  (target: object, propertyName: string) =>
    registerDecorator({ name, target: target.constructor, propertyName, options: { message }, validator: { validate } });

/** A text with something in it once trimmed: `"   "` is as empty as `""`. */
export const IsNotBlank = (options: { each?: boolean } = {}) => {
  const notBlank = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  return constraint('isNotBlank', 'ne doit pas être vide / must not be empty', (value) =>
    options.each ? Array.isArray(value) && value.every(notBlank) : notBlank(value),
  );
};

/** On `lat`: the point `(lat, lon)` of the same object lies in France (a département's box, overseas included). */
export const InFrance = () =>
  constraint('inFrance', 'lieu hors de France (lat, lon) / place outside France (lat, lon)', (lat, args) => {
    const { lon } = args.object as { lon?: unknown };
    // Other rules report a missing or non-numeric coordinate.
    if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return true;
    return isInFrance({ lat, lon });
  });

/** `"lat,lon"` in France (the format is checked by `@Matches`). */
export const NearInFrance = () =>
  constraint('inFrance', 'lieu hors de France (lat, lon) / place outside France (lat, lon)', (value) => {
    if (typeof value !== 'string') return true;
    const [lat, lon] = value.split(',').map(Number);
    return !Number.isFinite(lat) || !Number.isFinite(lon) || isInFrance({ lat, lon });
  });

/** A `YYYY-MM-DD` date within `INPUT_BOUNDS.dates` (ISO strings of this shape compare as dates). */
export const IsPlausibleDate = () => {
  const { min, max } = INPUT_BOUNDS.dates;
  return constraint(
    'isPlausibleDate',
    `date entre ${min} et ${max} / date from ${min} to ${max}`,
    (value) => typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || (value >= min && value <= max),
  );
};

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A number read from the query string: plain decimal digits only. `Number()` would also
 * read `0x10` as 16 and an empty `radiusKm=` as 0; such a value is left as the text it is,
 * which `@IsNumber`/`@IsInt` then refuse, naming the field.
 */
export const QueryNumber = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value));
