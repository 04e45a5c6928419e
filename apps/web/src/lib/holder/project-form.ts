/*
 * The project form (propose and edit): read from the posted fields exactly as typed, checked
 * against the project's rules with a message per field, and turned into the api's body. What
 * was typed is kept as text, so a form shown again with its errors loses nothing.
 */
import { PROJECT_KINDS, PROJECT_STAGES, SUGGESTED_THEMES } from '$vocabulary';
import type { Messages } from '$lib/i18n/messages';
import { emptyNeed, type NeedRow } from './needs-editor';
import { DEFAULT_RADIUS_KM, RULES } from './project-rules';

export type Kind = (typeof PROJECT_KINDS)[number];
export type Stage = (typeof PROJECT_STAGES)[number];

export type ProjectFormValues = {
  title: string;
  summary: string;
  description: string;
  kind: string;
  stage: string;
  /** Suggested themes ticked. */
  themes: string[];
  /** Other themes, typed, separated by commas. */
  otherThemes: string;
  /** The commune or postcode typed. */
  placeText: string;
  /** The place chosen (`commune:04088`, from GET /v1/places), once the text named one. */
  placeCode: string;
  /** The chosen place's name as shown, to notice when the text was changed afterwards. */
  placeLabel: string;
  radiusKm: string;
  remoteFriendly: boolean;
  needs: NeedRow[];
};

/** An error, for the field whose id it names (the summary links to `#id`). */
export type FieldError = { id: string; message: string };

type HolderErrors = Messages['holder']['errors'];

export const emptyProjectForm = (): ProjectFormValues => ({
  title: '',
  summary: '',
  description: '',
  kind: '',
  stage: '',
  themes: [],
  otherThemes: '',
  placeText: '',
  placeCode: '',
  placeLabel: '',
  radiusKm: String(DEFAULT_RADIUS_KM),
  remoteFriendly: false,
  needs: [emptyNeed()],
});

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};
const texts = (form: FormData, name: string): string[] => form.getAll(name).filter((v): v is string => typeof v === 'string');

const NEED_FIELD = /^needs\.(\d{1,2})\.role$/;

/** Every field as typed. Need rows are `needs.<i>.role|skills|hours|count`, read in index order. */
export function readProjectForm(form: FormData): ProjectFormValues {
  const indexes = [...form.keys()]
    .map((key) => NEED_FIELD.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
    .slice(0, RULES.needs.max);
  const needs = [...new Set(indexes)].map((i) => ({
    role: text(form, `needs.${i}.role`),
    skills: texts(form, `needs.${i}.skills`),
    hours: text(form, `needs.${i}.hours`),
    count: text(form, `needs.${i}.count`),
  }));
  const suggested = SUGGESTED_THEMES as readonly string[];
  return {
    title: text(form, 'title'),
    summary: text(form, 'summary'),
    description: text(form, 'description'),
    kind: text(form, 'kind'),
    stage: text(form, 'stage'),
    themes: texts(form, 'themes').filter((theme) => suggested.includes(theme)),
    otherThemes: text(form, 'otherThemes'),
    placeText: text(form, 'placeText'),
    placeCode: text(form, 'placeCode'),
    placeLabel: text(form, 'placeLabel'),
    radiusKm: text(form, 'radiusKm'),
    remoteFriendly: form.get('remoteFriendly') === 'on',
    needs: needs.length > 0 ? needs : [emptyNeed()],
  };
}

/** Free words typed in one field or several, separated by commas; trimmed, duplicates dropped (any case). */
export function words(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const word of values.flatMap((v) => v.split(/[,;\n]/)).map((w) => w.trim().replace(/\s+/g, ' '))) {
    const key = word.toLocaleLowerCase('fr');
    if (word && !seen.has(key)) {
      seen.add(key);
      kept.push(word);
    }
  }
  return kept;
}

export const allThemes = (v: ProjectFormValues): string[] => words([...v.themes, v.otherThemes]);

/** A whole number written with digits only (spaces around allowed); undefined otherwise. */
const wholeNumber = (value: string): number | undefined => (/^\s*\d{1,6}\s*$/.test(value) ? Number(value) : undefined);

const within = (n: number | undefined, range: { min: number; max: number }) => n !== undefined && n >= range.min && n <= range.max;

/** The commune code of a chosen place, if it is a commune (a project is at one place, not a whole area). */
export const communeCodeOf = (placeCode: string): string | undefined => /^commune:(\d[\dAB]\d{3})$/.exec(placeCode)?.[1];

/** Every problem of the form, in the order of the fields. Empty: ready to send. */
export function validateProjectForm(v: ProjectFormValues, e: HolderErrors): FieldError[] {
  const errors: FieldError[] = [];
  const add = (id: string, message: string) => errors.push({ id, message });
  const length = (value: string) => value.trim().length;

  if (!within(length(v.title), RULES.title)) add('title', e.title(RULES.title.min, RULES.title.max));
  if (!within(length(v.summary), RULES.summary)) add('summary', e.summary(RULES.summary.min, RULES.summary.max));
  if (length(v.description) > RULES.description.max) add('description', e.description(RULES.description.max));
  if (!(PROJECT_KINDS as readonly string[]).includes(v.kind)) add('kind', e.kind);
  if (!(PROJECT_STAGES as readonly string[]).includes(v.stage)) add('stage', e.stage);

  const themes = allThemes(v);
  if (themes.some((w) => w.length > RULES.word.max)) add('otherThemes', e.wordTooLong(RULES.word.max));
  else if (!within(themes.length, RULES.themes)) add('themes', e.themes(RULES.themes.max));

  if (!communeCodeOf(v.placeCode)) add('placeText', v.placeText.trim() ? e.placeNotChosen : e.placeMissing);
  if (!within(wholeNumber(v.radiusKm), RULES.radiusKm)) add('radiusKm', e.radius(RULES.radiusKm.min, RULES.radiusKm.max));

  const skipped = blankNeedsSkipped(v.needs);
  v.needs.forEach((need, i) => {
    if (skipped.has(i)) return;
    const n = i + 1;
    const role = length(need.role);
    if (role === 0 || role > RULES.role.max) add(`need-${i}-role`, e.role(n, RULES.role.max));
    const skills = words(need.skills);
    if (skills.some((w) => w.length > RULES.word.max)) add(`need-${i}-skills`, e.skillTooLong(n, RULES.word.max));
    else if (!within(skills.length, RULES.needSkills)) add(`need-${i}-skills`, e.skills(n, RULES.needSkills.max));
    if (need.hours.trim() && !within(wholeNumber(need.hours), RULES.hoursPerWeek))
      add(`need-${i}-hours`, e.hours(n, RULES.hoursPerWeek.max));
    if (need.count.trim() && !within(wholeNumber(need.count), RULES.count)) add(`need-${i}-count`, e.count(n, RULES.count.max));
  });
  if (v.needs.length > RULES.needs.max) add('besoins', e.tooManyNeeds(RULES.needs.max));
  return errors;
}

/** A role added and left empty: nothing typed in it at all. */
const isBlankNeed = (need: NeedRow): boolean =>
  !need.role.trim() && words(need.skills).length === 0 && !need.hours.trim() && !need.count.trim();

/**
 * The indexes of the empty roles to leave out, as an empty extra territory is on sign-up:
 * "Ajouter un rôle" pressed once too often must not block publishing. When every role is
 * empty, the first one stays, to say what is missing.
 */
export function blankNeedsSkipped(needs: readonly NeedRow[]): Set<number> {
  const blank = needs.flatMap((need, i) => (isBlankNeed(need) ? [i] : []));
  return new Set(blank.length === needs.length ? blank.slice(1) : blank);
}

/** The fields of POST /v1/projects (and PATCH) from a form that passed `validateProjectForm`. */
export function projectBody(v: ProjectFormValues) {
  const optionalNumber = (value: string) => (value.trim() ? Number(value) : undefined);
  return {
    title: v.title.trim(),
    summary: v.summary.trim(),
    description: v.description.trim() || undefined,
    kind: v.kind as Kind,
    stage: v.stage as Stage,
    themes: allThemes(v),
    location: { communeCode: communeCodeOf(v.placeCode) ?? '' },
    radiusKm: Number(v.radiusKm),
    remoteFriendly: v.remoteFriendly,
    needs: v.needs
      .filter((_, i) => !blankNeedsSkipped(v.needs).has(i))
      .map((need) => ({
        role: need.role.trim(),
        skills: words(need.skills),
        hoursPerWeek: optionalNumber(need.hours),
        count: optionalNumber(need.count),
      })),
  };
}

/** The project as it is, to edit: what its holder would have typed. */
export function projectFormFrom(project: {
  title: string;
  summary: string;
  description?: string;
  kind: string;
  stage: string;
  themes: string[];
  location: { label: string; communeCode?: string };
  radiusKm: number;
  remoteFriendly: boolean;
  needs: { role: string; skills: string[]; hoursPerWeek?: number; count?: number }[];
}): ProjectFormValues {
  const suggested = SUGGESTED_THEMES as readonly string[];
  const code = project.location.communeCode ? `commune:${project.location.communeCode}` : '';
  return {
    title: project.title,
    summary: project.summary,
    description: project.description ?? '',
    kind: project.kind,
    stage: project.stage,
    themes: project.themes.filter((t) => suggested.includes(t)),
    otherThemes: project.themes.filter((t) => !suggested.includes(t)).join(', '),
    placeText: project.location.label,
    placeCode: code,
    placeLabel: code ? project.location.label : '',
    radiusKm: String(project.radiusKm),
    remoteFriendly: project.remoteFriendly,
    needs: project.needs.map((n) => ({
      role: n.role,
      skills: [...n.skills, ''],
      hours: n.hoursPerWeek ? String(n.hoursPerWeek) : '',
      count: n.count ? String(n.count) : '',
    })),
  };
}

/**
 * The id of the form's field an api error names (`needs[1].skills[0]` → `need-1-skills`), so
 * a rule the api enforces and the form did not foresee still shows next to its field.
 */
export function fieldIdOf(apiField: string): string {
  const need = /^needs\[(\d+)\]\.(role|skills|hoursPerWeek|count)/.exec(apiField);
  if (need) return `need-${need[1]}-${{ role: 'role', skills: 'skills', hoursPerWeek: 'hours', count: 'count' }[need[2]]}`;
  const top = apiField.replace(/[[.].*$/, '');
  const ids: Record<string, string> = { location: 'placeText', needs: 'besoins', themes: 'themes' };
  return ids[top] ?? top;
}

/** The reader's half of a bilingual api message ("texte / text"). */
export const inLanguage = (message: string, locale: 'fr' | 'en'): string => {
  const at = message.indexOf(' / ');
  return at < 0 ? message : locale === 'fr' ? message.slice(0, at) : message.slice(at + 3);
};
