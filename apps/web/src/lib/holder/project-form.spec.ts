import { describe, expect, it } from '@jest/globals';
// Relative, not @trame/domain: the web's own type-check does not know the monorepo's paths.
import { PROJECT_RULES } from '../../../../../libs/domain/src/project/project.decider';
import { fr } from '../i18n/messages.fr';
import {
  allThemes,
  emptyProjectForm,
  fieldIdOf,
  inLanguage,
  projectBody,
  projectFormFrom,
  type ProjectFormValues,
  readProjectForm,
  validateProjectForm,
  words,
} from './project-form';
import { RULES } from './project-rules';

const e = fr.holder.errors;

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

const valid = (): ProjectFormValues => ({
  ...emptyProjectForm(),
  title: 'Ferme des Granges',
  summary: 'Une ferme maraîchère en coopérative, cherche deux associé·es.',
  kind: 'ferme-cooperative',
  stage: 'maturing',
  themes: ['agriculture'],
  otherThemes: 'semences, Agriculture',
  placeText: 'Mane (04300)',
  placeCode: 'commune:04111',
  placeLabel: 'Mane (04300)',
  radiusKm: '30',
  needs: [{ role: 'maraîcher·e', skills: ['maraîchage, irrigation', ''], hours: '8', count: '2' }],
});

describe('the project form', () => {
  it('reads every field as typed, need rows in index order, unknown suggested themes left out', () => {
    const v = readProjectForm(
      form([
        ['title', ' Ferme '],
        ['summary', 'Résumé'],
        ['kind', 'fablab'],
        ['themes', 'habitat'],
        ['themes', 'not-a-suggested-theme'],
        ['otherThemes', 'semences'],
        ['placeText', '04300'],
        ['radiusKm', '25'],
        ['remoteFriendly', 'on'],
        ['needs.1.role', 'second'],
        ['needs.1.skills', 'b'],
        ['needs.0.role', 'first'],
        ['needs.0.skills', 'a1'],
        ['needs.0.skills', 'a2'],
        ['needs.0.hours', '5'],
      ]),
    );
    expect(v).toMatchObject({ title: ' Ferme ', kind: 'fablab', themes: ['habitat'], otherThemes: 'semences', remoteFriendly: true });
    expect(v.needs).toEqual([
      { role: 'first', skills: ['a1', 'a2'], hours: '5', count: '' },
      { role: 'second', skills: ['b'], hours: '', count: '' },
    ]);
    expect(readProjectForm(form([])).needs).toHaveLength(1);
  });

  it('splits free words on commas, trims them and drops duplicates of any case', () => {
    expect(words([' maraîchage, irrigation ', 'Irrigation', '', 'semis  en   serre'])).toEqual([
      'maraîchage',
      'irrigation',
      'semis en serre',
    ]);
    expect(allThemes(valid())).toEqual(['agriculture', 'semences']);
  });

  it('accepts a complete form and turns it into the api’s body', () => {
    expect(validateProjectForm(valid(), e)).toEqual([]);
    expect(projectBody(valid())).toEqual({
      title: 'Ferme des Granges',
      summary: 'Une ferme maraîchère en coopérative, cherche deux associé·es.',
      description: undefined,
      kind: 'ferme-cooperative',
      stage: 'maturing',
      themes: ['agriculture', 'semences'],
      location: { communeCode: '04111' },
      radiusKm: 30,
      remoteFriendly: false,
      needs: [{ role: 'maraîcher·e', skills: ['maraîchage', 'irrigation'], hoursPerWeek: 8, count: 2 }],
    });
  });

  it('leaves out a role added and left empty, but not when every role is empty', () => {
    const blank = { role: '', skills: ['', ''], hours: '', count: '' };
    const withExtra = { ...valid(), needs: [valid().needs[0], blank] };
    expect(validateProjectForm(withExtra, e)).toEqual([]);
    expect(projectBody(withExtra).needs).toHaveLength(1);
    // A role with only hours typed is not empty: it must be completed.
    const started = { ...valid(), needs: [valid().needs[0], { ...blank, hours: '4' }] };
    expect(validateProjectForm(started, e).map((f) => f.id)).toContain('need-1-role');
    const allBlank = { ...valid(), needs: [blank, blank] };
    expect(validateProjectForm(allBlank, e).map((f) => f.id)).toEqual(['need-0-role', 'need-0-skills']);
  });

  it('names every field at fault, each with its own message, in the order of the form', () => {
    const v: ProjectFormValues = {
      ...emptyProjectForm(),
      title: 'ab',
      summary: 'court',
      kind: 'castle',
      placeText: 'Mane',
      radiusKm: '0',
      needs: [
        { role: '', skills: ['', ' '], hours: '61', count: 'deux' },
        { role: 'ok', skills: ['x'], hours: '', count: '' },
      ],
    };
    expect(validateProjectForm(v, e)).toEqual([
      { id: 'title', message: e.title(3, 120) },
      { id: 'summary', message: e.summary(10, 500) },
      { id: 'kind', message: e.kind },
      { id: 'stage', message: e.stage },
      { id: 'themes', message: e.themes(10) },
      { id: 'placeText', message: e.placeNotChosen },
      { id: 'radiusKm', message: e.radius(1, 500) },
      { id: 'need-0-role', message: e.role(1, 80) },
      { id: 'need-0-skills', message: e.skills(1, 20) },
      { id: 'need-0-hours', message: e.hours(1, 60) },
      { id: 'need-0-count', message: e.count(1, 50) },
    ]);
  });

  it('keeps to the bounds exactly', () => {
    const at = (patch: Partial<ProjectFormValues>) => validateProjectForm({ ...valid(), ...patch }, e).map((x) => x.id);
    expect(at({ title: 'abc', summary: 'x'.repeat(500), radiusKm: '500' })).toEqual([]);
    expect(at({ title: 'x'.repeat(121) })).toEqual(['title']);
    expect(at({ radiusKm: '1.5' })).toEqual(['radiusKm']);
    expect(at({ description: 'x'.repeat(5001) })).toEqual(['description']);
    expect(at({ themes: [], otherThemes: Array.from({ length: 11 }, (_, i) => `t${i}`).join(',') })).toEqual(['themes']);
    expect(at({ placeText: '', placeCode: '', placeLabel: '' })).toEqual(['placeText']);
    expect(at({ placeCode: 'departement:04' })).toEqual(['placeText']);
  });

  it('fills the form from a project to edit, and gives back the same project', () => {
    const project = {
      title: 'Ferme',
      summary: 'Une ferme coopérative.',
      kind: 'ferme-cooperative',
      stage: 'idea',
      themes: ['agriculture', 'semences'],
      location: { label: 'Mane', communeCode: '04111' },
      radiusKm: 40,
      remoteFriendly: true,
      needs: [{ role: 'maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 8 }],
    };
    const v = projectFormFrom(project);
    expect(v).toMatchObject({ themes: ['agriculture'], otherThemes: 'semences', placeCode: 'commune:04111', placeText: 'Mane' });
    const body = projectBody(v);
    expect(body).toMatchObject({
      themes: ['agriculture', 'semences'],
      location: { communeCode: '04111' },
      radiusKm: 40,
      remoteFriendly: true,
    });
    expect(body.needs).toEqual([{ role: 'maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 8, count: undefined }]);
  });

  it('puts an api error next to its field', () => {
    expect(fieldIdOf('needs[1].skills[0]')).toBe('need-1-skills');
    expect(fieldIdOf('needs[0].hoursPerWeek')).toBe('need-0-hours');
    expect(fieldIdOf('needs')).toBe('besoins');
    expect(fieldIdOf('location.communeCode')).toBe('placeText');
    expect(fieldIdOf('themes[2]')).toBe('themes');
    expect(fieldIdOf('title')).toBe('title');
    expect(inLanguage('entre 3 et 120 caractères / 3 to 120 characters', 'en')).toBe('3 to 120 characters');
    expect(inLanguage('entre 3 et 120 caractères / 3 to 120 characters', 'fr')).toBe('entre 3 et 120 caractères');
  });

  it('checks the same limits as the domain', () => {
    const { title, summary, themes, radiusKm, needs, role, needSkills, count, note } = PROJECT_RULES;
    expect(RULES).toMatchObject({
      title,
      summary,
      themes,
      radiusKm: { min: radiusKm.min, max: radiusKm.max },
      needs,
      role: { max: role.max },
      needSkills,
      count: { min: count.min, max: count.max },
      note: { max: note.max },
      description: { max: PROJECT_RULES.description.max },
      hoursPerWeek: { max: PROJECT_RULES.hoursPerWeek.max },
    });
  });
});
