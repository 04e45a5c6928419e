/*
 * The sign-up form: what was posted (kept as typed, so nothing is lost on an error), the
 * checks the api's rules make (MEMBER_RULES, MAX_WORD_LENGTH: mirrored here so each error
 * shows next to its field in one round trip; the api stays the judge), and the body of
 * `POST /v1/members`.
 */

import { LOCALES, NOTIFY_FREQUENCIES, SUGGESTED_THEMES, type Locale, type NotifyFrequency } from '$vocabulary';
import { isEmail } from './sign-in-fields';
import { readTerritoryRows, territoryBody, type TerritoryBody, type TerritoryRow, emptyRow } from './territory-rows';

/** Mirrors of the domain's MEMBER_RULES and MAX_WORD_LENGTH, and of the api's input bounds (displayName ≤ 100). */
export const SIGNUP_RULES = {
  firstName: 60,
  lastName: 39,
  email: 254,
  word: 80,
  skills: 30,
  interests: 20,
  hoursPerWeek: { min: 1, max: 60 },
} as const;

export const SKILL_ROWS_STEP = 3;
export const DEFAULT_NOTIFY: NotifyFrequency = 'weekly';

/** `holder`: the short profile of someone who carries a project (skills, interests and time optional). */
export type Profile = 'member' | 'holder';

export type SignupValues = {
  profile: Profile;
  firstName: string;
  lastName: string;
  email: string;
  locale: Locale;
  /** One entry per skill field shown (empty ones included). */
  skills: string[];
  /** The suggested themes ticked. */
  themes: string[];
  /** Other interests, free words separated by commas. */
  otherInterests: string;
  territories: TerritoryRow[];
  hoursPerWeek: string;
  from: string;
  until: string;
  notify: NotifyFrequency;
};

/** Every way a field can be wrong; the pages say each in words (`t.account.errors`). */
export type SignupError =
  | 'firstNameMissing'
  | 'firstNameTooLong'
  | 'lastNameTooLong'
  | 'emailInvalid'
  | 'skillTooLong'
  | 'tooManySkills'
  | 'interestTooLong'
  | 'tooManyInterests'
  | 'placeMissing'
  | 'placeUnknown'
  | 'placeChoose'
  | 'hoursMissing'
  | 'hoursInvalid'
  | 'dateInvalid'
  | 'untilBeforeFrom'
  /** The api refused the field for a rule this form does not know. */
  | 'rejected';

/** Field id → error; ids are those of the inputs, so the summary links to them. */
export type SignupErrors = Record<string, SignupError>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const str = (form: FormData, name: string, max = 300): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};
const oneOf = <T extends string>(list: readonly T[], value: string, fallback: T): T =>
  (list as readonly string[]).includes(value) ? (value as T) : fallback;

export const blankSignup = (profile: Profile, locale: Locale): SignupValues => ({
  profile,
  firstName: '',
  lastName: '',
  email: '',
  locale,
  skills: Array.from({ length: SKILL_ROWS_STEP }, () => ''),
  themes: [],
  otherInterests: '',
  territories: [emptyRow()],
  hoursPerWeek: '',
  from: '',
  until: '',
  notify: DEFAULT_NOTIFY,
});

/** The form as posted; the holder's short form has one territory row. */
export function readSignup(form: FormData, fallbackLocale: Locale): SignupValues {
  const profile: Profile = str(form, 'profile') === 'holder' ? 'holder' : 'member';
  const skills = form
    .getAll('skills')
    .filter((s): s is string => typeof s === 'string')
    .slice(0, SIGNUP_RULES.skills + SKILL_ROWS_STEP)
    .map((s) => s.trim().slice(0, 300));
  const territories = readTerritoryRows(form);
  return {
    profile,
    firstName: str(form, 'firstName'),
    lastName: str(form, 'lastName'),
    email: str(form, 'email', 320),
    locale: oneOf(LOCALES, str(form, 'locale'), fallbackLocale),
    skills: skills.length > 0 ? skills : [''],
    themes: form.getAll('themes').filter((s): s is string => typeof s === 'string' && (SUGGESTED_THEMES as readonly string[]).includes(s)),
    otherInterests: str(form, 'otherInterests', 2000),
    territories: profile === 'holder' ? territories.slice(0, 1) : territories,
    hoursPerWeek: str(form, 'hoursPerWeek', 10),
    from: str(form, 'from', 10),
    until: str(form, 'until', 10),
    notify: oneOf(NOTIFY_FREQUENCIES, str(form, 'notify'), DEFAULT_NOTIFY),
  };
}

/** Free words typed in one field, separated by commas or semicolons. */
export const splitWords = (typed: string): string[] =>
  typed
    .split(/[,;\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');

const uniqueWords = (words: readonly string[]): string[] => {
  const seen = new Set<string>();
  return words.filter((w) => {
    const key = w.toLocaleLowerCase('fr');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

export const skillsOf = (v: SignupValues): string[] => uniqueWords(v.skills.filter((s) => s !== ''));
export const interestsOf = (v: SignupValues): string[] => uniqueWords([...v.themes, ...splitWords(v.otherInterests)]);

const isRealDate = (value: string): boolean => {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/**
 * The checks of the form, field by field, except the places (resolved by the server against
 * the api's place list: see territory-rows). A holder's time is optional, a member's is not.
 */
export function checkSignup(v: SignupValues): SignupErrors {
  const errors: SignupErrors = {};
  if (v.firstName === '') errors.firstName = 'firstNameMissing';
  else if (v.firstName.length > SIGNUP_RULES.firstName) errors.firstName = 'firstNameTooLong';
  if (v.lastName.length > SIGNUP_RULES.lastName) errors.lastName = 'lastNameTooLong';
  if (!isEmail(v.email)) errors.email = 'emailInvalid';

  const longSkill = v.skills.findIndex((s) => s.length > SIGNUP_RULES.word);
  if (longSkill >= 0) errors[`skill${longSkill}`] = 'skillTooLong';
  else if (skillsOf(v).length > SIGNUP_RULES.skills) errors.skill0 = 'tooManySkills';

  if (splitWords(v.otherInterests).some((w) => w.length > SIGNUP_RULES.word)) errors.otherInterests = 'interestTooLong';
  else if (interestsOf(v).length > SIGNUP_RULES.interests) errors.otherInterests = 'tooManyInterests';

  if (v.territories.every((row) => row.place === '')) errors.place0 = 'placeMissing';

  const { min, max } = SIGNUP_RULES.hoursPerWeek;
  if (v.hoursPerWeek === '') {
    if (v.profile === 'member') errors.hoursPerWeek = 'hoursMissing';
  } else if (!/^\d{1,2}$/.test(v.hoursPerWeek) || Number(v.hoursPerWeek) < min || Number(v.hoursPerWeek) > max) {
    errors.hoursPerWeek = 'hoursInvalid';
  }
  if (v.from !== '' && !isRealDate(v.from)) errors.from = 'dateInvalid';
  if (v.until !== '' && !isRealDate(v.until)) errors.until = 'dateInvalid';
  else if (v.until !== '' && isRealDate(v.from) && v.until < v.from) errors.until = 'untilBeforeFrom';
  return errors;
}

export type RegistrationBody = {
  displayName: string;
  email: string;
  locale: Locale;
  skills?: string[];
  interests?: string[];
  territories: TerritoryBody[];
  availability?: { hoursPerWeek: number; from?: string; until?: string };
  notify?: NotifyFrequency;
};

/** The body of `POST /v1/members`, once the form is valid and every place resolved. A holder's blanks are left out. */
export function registrationBody(v: SignupValues): RegistrationBody {
  const territories = v.territories.map(territoryBody).filter((t): t is TerritoryBody => t !== undefined);
  const body: RegistrationBody = {
    displayName: `${v.firstName} ${v.lastName}`.trim(),
    email: v.email,
    locale: v.locale,
    territories,
    notify: v.notify,
  };
  const skills = skillsOf(v);
  const interests = interestsOf(v);
  if (v.profile === 'member' || skills.length > 0) body.skills = skills;
  if (v.profile === 'member' || interests.length > 0) body.interests = interests;
  if (v.hoursPerWeek !== '') {
    body.availability = {
      hoursPerWeek: Number(v.hoursPerWeek),
      ...(v.from ? { from: v.from } : {}),
      ...(v.until ? { until: v.until } : {}),
    };
  }
  return body;
}

/** The form field an api error names (`territories[2].postcode` → `place2`), or undefined for the summary alone. */
export function fieldOfApiError(apiField: string): string | undefined {
  const territory = /^territories\[(\d)\]/.exec(apiField);
  if (territory) return `place${territory[1]}`;
  if (apiField === 'territories') return 'place0';
  // The api counts the skills sent (blanks and repeats left out), not the fields shown: the first field stands for all.
  if (apiField === 'skills' || apiField.startsWith('skills[')) return 'skill0';
  if (apiField === 'interests' || apiField.startsWith('interests[')) return 'otherInterests';
  if (apiField === 'displayName' || apiField === 'firstName') return 'firstName';
  if (apiField === 'availability.hoursPerWeek' || apiField === 'availability') return 'hoursPerWeek';
  if (apiField === 'availability.from') return 'from';
  if (apiField === 'availability.until') return 'until';
  if (apiField === 'email') return 'email';
  return undefined;
}

/** Field ids in the order the form shows them, for the error summary. */
export function errorSummaryOrder(ids: readonly string[]): string[] {
  const rank = (id: string): number => {
    const order = ['firstName', 'lastName', 'email', 'place', 'skill', 'otherInterests', 'hoursPerWeek', 'from', 'until'];
    const base = order.findIndex((prefix) => id === prefix || (id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length))));
    const index = Number(/\d+$/.exec(id)?.[0] ?? 0);
    return (base < 0 ? order.length : base) * 100 + index;
  };
  return [...ids].sort((a, b) => rank(a) - rank(b));
}
