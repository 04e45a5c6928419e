import { describe, expect, it } from '@jest/globals';
import { checkSignup, errorSummaryOrder, fieldOfApiError, readSignup, registrationBody, type SignupValues } from './signup-form';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

const julien: [string, string][] = [
  ['firstName', ' Julien '],
  ['lastName', 'Martin'],
  ['email', 'julien@example.org'],
  ['locale', 'fr'],
  ['skills', 'menuiserie'],
  ['skills', ''],
  ['skills', 'Menuiserie'],
  ['themes', 'habitat'],
  ['themes', 'pas-un-theme'],
  ['otherInterests', 'vannerie, jardins partagés ;'],
  ['territoryRows', '1'],
  ['place0', 'Forcalquier (04300)'],
  ['placeCode0', 'commune:04088'],
  ['placeLabel0', 'Forcalquier (04300)'],
  ['radius0', '20'],
  ['hoursPerWeek', '6'],
  ['from', '2027-03-01'],
  ['until', ''],
  ['notify', 'daily'],
];

const values = (over: Partial<SignupValues> = {}): SignupValues => ({ ...readSignup(form(julien), 'fr'), ...over });

describe('the sign-up form', () => {
  it('reads what was typed, keeping empty skill boxes and only the suggested themes', () => {
    const v = values();
    expect(v).toMatchObject({ profile: 'member', firstName: 'Julien', skills: ['menuiserie', '', 'Menuiserie'], themes: ['habitat'] });
  });

  it('builds the registration: one skill per word, themes and free interests, the place with its radius', () => {
    expect(registrationBody(values())).toEqual({
      displayName: 'Julien Martin',
      email: 'julien@example.org',
      locale: 'fr',
      skills: ['menuiserie'],
      interests: ['habitat', 'vannerie', 'jardins partagés'],
      territories: [{ communeCode: '04088', radiusKm: 20 }],
      availability: { hoursPerWeek: 6, from: '2027-03-01' },
      notify: 'daily',
    });
  });

  it("leaves a holder's blanks out: no skills, interests nor availability", () => {
    const holder = values({ profile: 'holder', skills: [''], themes: [], otherInterests: '', hoursPerWeek: '', from: '' });
    expect(checkSignup(holder)).toEqual({});
    const body = registrationBody(holder);
    expect(body).not.toHaveProperty('skills');
    expect(body).not.toHaveProperty('interests');
    expect(body).not.toHaveProperty('availability');
  });

  it('a member must say how many hours; a holder may not', () => {
    expect(checkSignup(values({ hoursPerWeek: '' }))).toEqual({ hoursPerWeek: 'hoursMissing' });
    expect(checkSignup(values({ profile: 'holder', hoursPerWeek: '' }))).toEqual({});
  });

  it('names every field at fault at once', () => {
    const errors = checkSignup(
      values({
        firstName: '',
        email: 'julien@',
        skills: ['x'.repeat(81)],
        otherInterests: 'y'.repeat(81),
        territories: [{ place: '', radius: 20 }],
        hoursPerWeek: '61',
        from: '2027-02-30',
        until: '2027-01-01',
      }),
    );
    expect(errors).toEqual({
      firstName: 'firstNameMissing',
      email: 'emailInvalid',
      skill0: 'skillTooLong',
      otherInterests: 'interestTooLong',
      place0: 'placeMissing',
      hoursPerWeek: 'hoursInvalid',
      from: 'dateInvalid',
    });
    expect(checkSignup(values({ from: '2027-06-01', until: '2027-05-01' }))).toEqual({ until: 'untilBeforeFrom' });
  });

  it('counts skills and interests as the api does (repeats once)', () => {
    const skills = Array.from({ length: 31 }, (_, i) => `savoir ${i}`);
    expect(checkSignup(values({ skills }))).toEqual({ skill0: 'tooManySkills' });
    expect(checkSignup(values({ skills: [...skills.slice(0, 30), 'SAVOIR 0'] }))).toEqual({});
    const many = Array.from({ length: 20 }, (_, i) => `intérêt ${i}`).join(', ');
    expect(checkSignup(values({ otherInterests: many }))).toEqual({ otherInterests: 'tooManyInterests' });
  });

  it('points api errors at the fields, and lists errors in the order of the form', () => {
    expect(fieldOfApiError('territories[2].postcode')).toBe('place2');
    expect(fieldOfApiError('skills[4]')).toBe('skill0');
    expect(fieldOfApiError('availability.until')).toBe('until');
    expect(fieldOfApiError('pii')).toBeUndefined();
    expect(errorSummaryOrder(['until', 'place1', 'email', 'skill0', 'place0', 'firstName'])).toEqual([
      'firstName',
      'email',
      'place0',
      'place1',
      'skill0',
      'until',
    ]);
  });
});
