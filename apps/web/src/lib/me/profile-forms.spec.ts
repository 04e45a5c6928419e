import { describe, expect, it } from '@jest/globals';
import { interestsValues, readAvailability, readInterests, readNotify, readSkills, rowsFromTerritories, splitWords } from './profile-forms';

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe('the profile forms', () => {
  it('splits words on commas and lines, trims, and keeps the first spelling once', () => {
    expect(splitWords(' maraîchage, Irrigation\nirrigation ,, menuiserie ')).toEqual(['maraîchage', 'Irrigation', 'menuiserie']);
  });

  it('names a word too long or too many skills, and keeps the text as typed', () => {
    const long = readSkills(form([['skills', `maraîchage, ${'x'.repeat(81)}`]]));
    expect(long.errors).toEqual([{ field: 'skills', error: 'wordTooLong' }]);
    expect(long.values.skills).toBe(`maraîchage, ${'x'.repeat(81)}`);
    const many = readSkills(form([['skills', Array.from({ length: 31 }, (_, i) => `s${i}`).join(',')]]));
    expect(many.errors).toEqual([{ field: 'skills', error: 'tooManySkills' }]);
    expect(readSkills(form([['skills', 'a, b']])).body).toEqual({ skills: ['a', 'b'] });
  });

  it('joins ticked themes (suggested ones only) and other interests', () => {
    const r = readInterests(
      form([
        ['themes', 'habitat'],
        ['themes', 'not-a-theme'],
        ['otherInterests', 'vannerie, Habitat'],
      ]),
    );
    expect(r.body).toEqual({ interests: ['habitat', 'vannerie'] });
    expect(interestsValues(['eau', 'vannerie'])).toEqual({ themes: ['eau'], otherInterests: 'vannerie' });
  });

  it('checks hours 1–60, real dates, and an end not before the start', () => {
    const bad = readAvailability(
      form([
        ['hoursPerWeek', '61'],
        ['from', '2027-02-30'],
        ['until', ''],
      ]),
    );
    expect(bad.errors).toEqual([
      { field: 'hoursPerWeek', error: 'hoursRange' },
      { field: 'from', error: 'dateInvalid' },
    ]);
    const order = readAvailability(
      form([
        ['hoursPerWeek', '6'],
        ['from', '2027-03-01'],
        ['until', '2027-01-01'],
      ]),
    );
    expect(order.errors).toEqual([{ field: 'until', error: 'untilBeforeFrom' }]);
    expect(readAvailability(form([['hoursPerWeek', '']])).errors).toEqual([{ field: 'hoursPerWeek', error: 'hoursMissing' }]);
    expect(
      readAvailability(
        form([
          ['hoursPerWeek', '6'],
          ['from', '2027-01-01'],
        ]),
      ).body,
    ).toEqual({ hoursPerWeek: 6, from: '2027-01-01' });
  });

  it('takes a known frequency only', () => {
    expect(readNotify(form([['notify', 'never']]))).toMatchObject({ errors: [], body: { notify: 'never' } });
    expect(readNotify(form([['notify', 'hourly']])).errors).toEqual([{ field: 'notify-instant', error: 'notifyMissing' }]);
  });

  it('shows saved territories as resolved rows, a radius snapped to one the form offers', () => {
    expect(
      rowsFromTerritories([
        { kind: 'radius', label: 'Forcalquier', communeCode: '04088', radiusKm: 25 },
        { kind: 'area', label: 'Vaucluse', level: 'departement', code: '84' },
        { kind: 'radius', label: 'un point', radiusKm: 10 },
      ]),
    ).toEqual([
      { place: 'Forcalquier', code: 'commune:04088', label: 'Forcalquier', radius: 20 },
      { place: 'Vaucluse', code: 'departement:84', label: 'Vaucluse', radius: 'whole' },
      { place: 'un point', radius: 10 },
    ]);
  });
});
