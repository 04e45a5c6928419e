/*
 * The member's profile forms on /moi/profil, one per facet: what was posted (kept as typed, so
 * nothing is lost on an error), the checks the api's rules make (mirrored so each error shows
 * next to its field at once; the api stays the judge) and the body of each `PUT`.
 */

import { NOTIFY_FREQUENCIES, SUGGESTED_THEMES, type NotifyFrequency } from '$vocabulary';
import { DEFAULT_TERRITORY_RADIUS_KM, TERRITORY_RADII_KM, type Radius, type TerritoryRow } from '../account/territory-rows';

/** Mirrors of the domain's MEMBER_RULES and MAX_WORD_LENGTH, and of the api's hours bound (1–60). */
export const PROFILE_RULES = { word: 80, skills: 30, interests: 20, hoursPerWeek: { min: 1, max: 60 } } as const;

export const FACETS = ['competences', 'interets', 'territoires', 'disponibilite', 'notifications'] as const;
export type Facet = (typeof FACETS)[number];

/** Every way a field can be wrong; the page says each in words (`t.me.errors`). */
export type ProfileError =
  | 'wordTooLong'
  | 'tooManySkills'
  | 'tooManyInterests'
  | 'hoursMissing'
  | 'hoursRange'
  | 'dateInvalid'
  | 'untilBeforeFrom'
  | 'notifyMissing'
  | 'placeMissing'
  | 'placeUnknown'
  | 'placeChoose'
  | 'refused'
  | 'unavailable';

/** One error, with the id of the field it belongs to (the summary links to it). */
export type FieldError = { field: string; error: ProfileError };

const text = (form: FormData, name: string, max = 400): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};

/** Words separated by commas or new lines, trimmed, empty ones dropped, first spelling kept. */
export function splitWords(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of value.split(/[,\n;]/)) {
    const word = raw.trim().replace(/\s+/g, ' ');
    const key = word.toLocaleLowerCase('fr');
    if (word === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}

export type SkillsValues = { skills: string };
export function readSkills(form: FormData): { values: SkillsValues; errors: FieldError[]; body: { skills: string[] } } {
  const values = { skills: text(form, 'skills', 4000) };
  const skills = splitWords(values.skills);
  const errors: FieldError[] = [];
  if (skills.some((w) => w.length > PROFILE_RULES.word)) errors.push({ field: 'skills', error: 'wordTooLong' });
  else if (skills.length > PROFILE_RULES.skills) errors.push({ field: 'skills', error: 'tooManySkills' });
  return { values, errors, body: { skills } };
}

export type InterestsValues = { themes: string[]; otherInterests: string };
export function readInterests(form: FormData): { values: InterestsValues; errors: FieldError[]; body: { interests: string[] } } {
  const themes = form
    .getAll('themes')
    .filter((v): v is string => typeof v === 'string' && (SUGGESTED_THEMES as readonly string[]).includes(v));
  const values = { themes, otherInterests: text(form, 'otherInterests', 2000) };
  const interests = splitWords([...themes, ...splitWords(values.otherInterests)].join(','));
  const errors: FieldError[] = [];
  if (interests.some((w) => w.length > PROFILE_RULES.word)) errors.push({ field: 'otherInterests', error: 'wordTooLong' });
  else if (interests.length > PROFILE_RULES.interests) errors.push({ field: 'otherInterests', error: 'tooManyInterests' });
  return { values, errors, body: { interests } };
}

/** The profile's interests as the form shows them: suggested themes ticked, the others as typed words. */
export function interestsValues(interests: readonly string[]): InterestsValues {
  const suggested = SUGGESTED_THEMES as readonly string[];
  return {
    themes: interests.filter((i) => suggested.includes(i)),
    otherInterests: interests.filter((i) => !suggested.includes(i)).join(', '),
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export type AvailabilityValues = { hoursPerWeek: string; from: string; until: string };
export type AvailabilityBody = { hoursPerWeek: number; from?: string; until?: string };
export function readAvailability(form: FormData): { values: AvailabilityValues; errors: FieldError[]; body: AvailabilityBody } {
  const values = { hoursPerWeek: text(form, 'hoursPerWeek', 10), from: text(form, 'from', 10), until: text(form, 'until', 10) };
  const errors: FieldError[] = [];
  const hours = Number(values.hoursPerWeek.replace(',', '.'));
  const { min, max } = PROFILE_RULES.hoursPerWeek;
  if (values.hoursPerWeek === '') errors.push({ field: 'hoursPerWeek', error: 'hoursMissing' });
  else if (!Number.isInteger(hours) || hours < min || hours > max) errors.push({ field: 'hoursPerWeek', error: 'hoursRange' });
  if (values.from !== '' && !isRealDate(values.from)) errors.push({ field: 'from', error: 'dateInvalid' });
  if (values.until !== '' && !isRealDate(values.until)) errors.push({ field: 'until', error: 'dateInvalid' });
  if (isRealDate(values.from) && isRealDate(values.until) && values.until < values.from) {
    errors.push({ field: 'until', error: 'untilBeforeFrom' });
  }
  const body: AvailabilityBody = { hoursPerWeek: hours };
  if (values.from) body.from = values.from;
  if (values.until) body.until = values.until;
  return { values, errors, body };
}

export function readNotify(form: FormData): { values: { notify: string }; errors: FieldError[]; body: { notify: NotifyFrequency } } {
  const notify = text(form, 'notify', 20);
  const valid = (NOTIFY_FREQUENCIES as readonly string[]).includes(notify);
  return {
    values: { notify },
    errors: valid ? [] : [{ field: 'notify-instant', error: 'notifyMissing' }],
    body: { notify: (valid ? notify : 'weekly') as NotifyFrequency },
  };
}

/** The nearest radius the form offers (a territory made elsewhere may have another). */
const nearestRadius = (km: number): Radius =>
  TERRITORY_RADII_KM.reduce<number>((best, r) => (Math.abs(r - km) < Math.abs(best - km) ? r : best), DEFAULT_TERRITORY_RADIUS_KM);

type TerritoryView = {
  kind: 'radius' | 'area';
  label: string;
  communeCode?: string;
  radiusKm?: number;
  level?: 'commune' | 'departement' | 'region';
  code?: string;
};

/** The member's territories as rows of the form, already resolved (saving them unchanged searches nothing). */
export function rowsFromTerritories(territories: readonly TerritoryView[]): TerritoryRow[] {
  return territories.map((t): TerritoryRow => {
    if (t.kind === 'area' && t.level && t.code) return { place: t.label, code: `${t.level}:${t.code}`, label: t.label, radius: 'whole' };
    const radius = nearestRadius(t.radiusKm ?? DEFAULT_TERRITORY_RADIUS_KM);
    // A circle around a point with no commune cannot be shown as a commune: the person types it again.
    return t.communeCode ? { place: t.label, code: `commune:${t.communeCode}`, label: t.label, radius } : { place: t.label, radius };
  });
}
