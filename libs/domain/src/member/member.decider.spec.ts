import fc from 'fast-check';
import { DeciderSpecification } from '@trame/testing';
import { fold } from '../shared/decider';
import { InvalidStateError, NotFoundError, RuleViolationError } from '../shared/errors';
import type { ResolvedTerritory } from '../shared/places';
import type { MemberCommand, RegisterMember } from './member.commands';
import { NotYetDueError } from '../introduction/introduction.decider';
import { memberDecider } from './member.decider';
import type { Availability, MemberEvent, MemberRegistered } from './member.events';

const given = DeciderSpecification.for(memberDecider);

const memberId = '3c2b1a09-8f7e-4d6c-a5b4-c3d2e1f0a9b8';
const now = new Date('2026-03-01T10:00:00.000Z');
const at = now.toISOString();
const meta = { now };

const dieArea: ResolvedTerritory = {
  kind: 'area',
  level: 'commune',
  code: '26113',
  lat: 44.753,
  lon: 5.37,
  label: 'Die',
  departementCode: '26',
  regionCode: '84',
};
const aroundCrest: ResolvedTerritory = { kind: 'radius', lat: 44.728, lon: 5.022, radiusKm: 25, label: 'Crest' };
const territory = (i: number): ResolvedTerritory => ({ ...aroundCrest, label: `lieu ${i}` });

const profile = {
  memberId,
  firstName: 'Camille',
  pii: 'sealed:v1:abc',
  locale: 'fr' as const,
  skills: ['Menuiserie', 'maraîchage'],
  interests: ['habitat'],
  territories: [dieArea, aroundCrest],
  availability: { hoursPerWeek: 8, from: '2026-04-01', until: '2026-09-30' },
  notify: 'daily' as const,
};

const register = (over: Partial<Record<keyof RegisterMember['data'], unknown>> = {}): RegisterMember => ({
  type: 'RegisterMember',
  data: { ...profile, ...over } as RegisterMember['data'],
  metadata: meta,
});
const registered: MemberRegistered = { type: 'MemberRegistered', data: { ...profile, registeredAt: at, confirmationRequired: true } };
const erased: MemberEvent = { type: 'MemberErased', data: { memberId, erasedAt: at } };

const declareSkills = (skills: unknown): MemberCommand => ({
  type: 'DeclareSkills',
  data: { memberId, skills: skills as string[] },
  metadata: meta,
});
const changeInterests = (interests: unknown): MemberCommand => ({
  type: 'ChangeInterests',
  data: { memberId, interests: interests as string[] },
  metadata: meta,
});
const changeTerritories = (territories: unknown): MemberCommand => ({
  type: 'ChangeTerritories',
  data: { memberId, territories: territories as ResolvedTerritory[] },
  metadata: meta,
});
const declareAvailability = (availability: unknown): MemberCommand => ({
  type: 'DeclareAvailability',
  data: { memberId, availability: availability as Availability },
  metadata: meta,
});
const changeNotifications = (notify: unknown): MemberCommand => ({
  type: 'ChangeNotifications',
  data: { memberId, notify: notify as 'never' },
  metadata: meta,
});
const erase: MemberCommand = { type: 'EraseMember', data: { memberId }, metadata: meta };

const fields =
  (...expected: string[]) =>
  (error: RuleViolationError): boolean => {
    expect(error.violations.map((v) => v.field)).toEqual(expected);
    return true;
  };

const words = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('memberDecider', () => {
  describe('ConfirmMember (double opt-in)', () => {
    const later = new Date('2026-03-02T08:00:00.000Z');
    const confirm: MemberCommand = { type: 'ConfirmMember', data: { memberId }, metadata: { now: later } };
    const confirmed: MemberEvent = { type: 'MemberConfirmed', data: { memberId, confirmedAt: later.toISOString() } };
    /** A registration recorded before double opt-in: no `confirmationRequired`. */
    const { confirmationRequired: _, ...legacyData } = registered.data;
    const legacy: MemberRegistered = { type: 'MemberRegistered', data: legacyData };

    it('registers every new member as awaiting confirmation', () => {
      expect(fold(memberDecider, [registered])).toMatchObject({ status: 'active', confirmed: false });
    });

    it('confirms an unconfirmed member once', () => {
      given([registered]).when(confirm).then([confirmed]);
      expect(fold(memberDecider, [registered, confirmed])).toMatchObject({ confirmed: true, updatedAt: later.toISOString() });
    });

    it('appends nothing when confirming twice', () => {
      given([registered, confirmed]).when(confirm).then([]);
    });

    it('counts members registered before double opt-in as confirmed', () => {
      expect(fold(memberDecider, [legacy])).toMatchObject({ status: 'active', confirmed: true });
      given([legacy]).when(confirm).then([]);
    });

    it('refuses to confirm an unknown or erased member', () => {
      given([]).when(confirm).thenThrows(NotFoundError);
      given([registered, erased]).when(confirm).thenThrows(InvalidStateError);
    });
  });

  describe('EraseUnconfirmedMember (seven days to confirm)', () => {
    const week = 7 * 24 * 3600;
    const eraseAt = (when: Date, confirmWithinSeconds = week): MemberCommand => ({
      type: 'EraseUnconfirmedMember',
      data: { memberId, confirmWithinSeconds },
      metadata: { now: when },
    });
    const due = new Date(now.getTime() + week * 1000);

    it('erases a member still unconfirmed at the deadline, saying why', () => {
      given([registered])
        .when(eraseAt(due))
        .then([{ type: 'MemberErased', data: { memberId, erasedAt: due.toISOString(), reason: 'unconfirmed' } }]);
    });

    it('waits until the deadline, naming it', () => {
      given([registered])
        .when(eraseAt(new Date(due.getTime() - 1)))
        .thenThrows(NotYetDueError, (error: NotYetDueError) => error.dueAt === due.toISOString());
    });

    it('leaves a confirmed member, and one registered before double opt-in, alone', () => {
      const confirmed: MemberEvent = { type: 'MemberConfirmed', data: { memberId, confirmedAt: at } };
      given([registered, confirmed]).when(eraseAt(due)).then([]);
      const { confirmationRequired: _, ...legacyData } = registered.data;
      given([{ type: 'MemberRegistered', data: legacyData }])
        .when(eraseAt(due))
        .then([]);
    });

    it('refuses an erased member again, and a delay that is not a positive whole number of seconds', () => {
      given([registered, erased]).when(eraseAt(due)).thenThrows(InvalidStateError);
      given([registered]).when(eraseAt(due, 0)).thenThrows(RuleViolationError, fields('confirmWithinSeconds'));
    });
  });

  describe('RegisterMember', () => {
    it('registers a member', () => {
      given([]).when(register()).then([registered]);
    });

    it('trims, drops case-insensitive duplicates keeping the first spelling, and trims the first name', () => {
      given([])
        .when(
          register({
            firstName: '  Camille ',
            skills: [' Menuiserie', 'maraîchage', 'menuiserie ', 'MARAÎCHAGE'],
            interests: ['habitat', 'Habitat'],
          }),
        )
        .then([registered]);
    });

    it("registers a holder's short profile: no skills nor interests, no time offered, the weekly email", () => {
      given([])
        .when(register({ skills: undefined, interests: undefined, availability: undefined, notify: undefined }))
        .then([
          {
            ...registered,
            data: { ...registered.data, skills: [], interests: [], availability: { hoursPerWeek: 0 }, notify: 'weekly' },
          },
        ]);
    });

    it('still names a skill, an interest or a frequency at fault when they are given', () => {
      given([])
        .when(register({ skills: [''], interests: 'habitat', notify: 'hourly' }))
        .thenThrows(RuleViolationError, fields('skills[0]', 'interests', 'notify'));
    });

    it('rejects registering twice, and after erasure', () => {
      given([registered]).when(register()).thenThrows(InvalidStateError);
      given([registered, erased]).when(register()).thenThrows(InvalidStateError);
    });

    it('rejects a memberId that is not a UUID', () => {
      given([])
        .when(register({ memberId: 'camille' }))
        .thenThrows(RuleViolationError, fields('memberId'));
    });

    it('rejects an empty first name, empty sealed data, an unknown locale and frequency', () => {
      given([])
        .when(register({ firstName: '   ', pii: '', locale: 'de', notify: 'hourly' }))
        .thenThrows(RuleViolationError, fields('firstName', 'pii', 'locale', 'notify'));
    });

    it.each([
      [0, false],
      [1, true],
      [5, true],
      [6, false],
    ])('%i territories accepted: %s', (n, ok) => {
      const territories = Array.from({ length: n }, (_, i) => territory(i));
      const when = given([]).when(register({ territories }));
      if (ok) when.then([{ ...registered, data: { ...registered.data, territories } }]);
      else when.thenThrows(RuleViolationError, fields('territories'));
    });

    it('checks each territory', () => {
      given([])
        .when(
          register({
            territories: [
              { ...aroundCrest, radiusKm: 501 },
              { ...dieArea, code: ' ', level: 'canton' },
              { ...aroundCrest, lat: -91 },
              { ...aroundCrest, kind: 'blob' },
            ],
          }),
        )
        .thenThrows(
          RuleViolationError,
          fields('territories[0].radiusKm', 'territories[1].level', 'territories[1].code', 'territories[2].lat', 'territories[3].kind'),
        );
    });

    it.each([
      [0, true],
      [30, true],
      [31, false],
    ])('%i distinct skills accepted: %s', (n, ok) => {
      const skills = words(n, 'compétence');
      const when = given([]).when(register({ skills }));
      if (ok) when.then([{ ...registered, data: { ...registered.data, skills } }]);
      else when.thenThrows(RuleViolationError, fields('skills'));
    });

    it('counts skills after dropping duplicates', () => {
      const skills = words(30, 'compétence');
      given([])
        .when(register({ skills: [...skills, 'COMPÉTENCE 0'] }))
        .then([{ ...registered, data: { ...registered.data, skills } }]);
    });

    it('names an empty or overlong skill', () => {
      given([])
        .when(register({ skills: ['menuiserie', ' ', 'x'.repeat(81)] }))
        .thenThrows(RuleViolationError, fields('skills[1]', 'skills[2]'));
    });

    it.each([
      [20, true],
      [21, false],
    ])('%i interests accepted: %s', (n, ok) => {
      const interests = words(n, 'thème');
      const when = given([]).when(register({ interests }));
      if (ok) when.then([{ ...registered, data: { ...registered.data, interests } }]);
      else when.thenThrows(RuleViolationError, fields('interests'));
    });

    describe('availability', () => {
      it.each([
        [-1, false],
        [0, true],
        [60, true],
        [61, false],
      ])('hoursPerWeek %i accepted: %s', (hoursPerWeek, ok) => {
        const availability = { hoursPerWeek };
        const when = given([]).when(register({ availability }));
        if (ok) when.then([{ ...registered, data: { ...registered.data, availability } }]);
        else when.thenThrows(RuleViolationError, fields('availability.hoursPerWeek'));
      });

      it.each(['2026-02-30', '2026-13-01', '2026-2-3', '01/04/2026', '2026-04-01T00:00:00Z', '2027-02-29'])(
        'rejects the date %s',
        (date) => {
          given([])
            .when(register({ availability: { hoursPerWeek: 4, from: date, until: date } }))
            .thenThrows(RuleViolationError, fields('availability.from', 'availability.until'));
        },
      );

      it('accepts a leap day and a single-day window', () => {
        const availability = { hoursPerWeek: 4, from: '2028-02-29', until: '2028-02-29' };
        given([])
          .when(register({ availability }))
          .then([{ ...registered, data: { ...registered.data, availability } }]);
      });

      it('rejects until before from', () => {
        given([])
          .when(register({ availability: { hoursPerWeek: 4, from: '2026-05-02', until: '2026-05-01' } }))
          .thenThrows(RuleViolationError, fields('availability.until'));
      });

      it('rejects an availability that is not one', () => {
        given([])
          .when(register({ availability: null }))
          .thenThrows(RuleViolationError, fields('availability'));
      });
    });

    it('lists every violation of the command at once', () => {
      given([])
        .when(
          register({
            memberId: 'x',
            firstName: '',
            skills: words(31, 's'),
            territories: [],
            availability: { hoursPerWeek: 61, from: '2026-02-30' },
          }),
        )
        .thenThrows(
          RuleViolationError,
          fields('memberId', 'firstName', 'skills', 'territories', 'availability.hoursPerWeek', 'availability.from'),
        );
    });
  });

  describe('facets', () => {
    it('declares skills, normalised', () => {
      given([registered])
        .when(declareSkills([' Comptabilité', 'comptabilité', 'Menuiserie']))
        .then([{ type: 'MemberSkillsDeclared', data: { memberId, skills: ['Comptabilité', 'Menuiserie'], declaredAt: at } }]);
    });

    it('does nothing when the skills stay the same after normalising', () => {
      given([registered])
        .when(declareSkills([' Menuiserie ', 'maraîchage', 'MENUISERIE']))
        .thenNothingHappened();
    });

    it('rejects 31 skills and clears them with none', () => {
      given([registered])
        .when(declareSkills(words(31, 's')))
        .thenThrows(RuleViolationError, fields('skills'));
      given([registered])
        .when(declareSkills([]))
        .then([{ type: 'MemberSkillsDeclared', data: { memberId, skills: [], declaredAt: at } }]);
    });

    it('changes interests, and does nothing when they stay the same', () => {
      given([registered])
        .when(changeInterests(['habitat', 'énergie']))
        .then([{ type: 'MemberInterestsChanged', data: { memberId, interests: ['habitat', 'énergie'], changedAt: at } }]);
      given([registered])
        .when(changeInterests([' habitat ', 'HABITAT']))
        .thenNothingHappened();
      // A new spelling of the same word is the member's choice, so it is kept.
      given([registered])
        .when(changeInterests(['Habitat']))
        .then([{ type: 'MemberInterestsChanged', data: { memberId, interests: ['Habitat'], changedAt: at } }]);
      given([registered])
        .when(changeInterests(words(21, 'i')))
        .thenThrows(RuleViolationError, fields('interests'));
    });

    it('changes territories, and does nothing for equal ones', () => {
      given([registered])
        .when(changeTerritories([dieArea]))
        .then([{ type: 'MemberTerritoriesChanged', data: { memberId, territories: [dieArea], changedAt: at } }]);
      given([registered])
        .when(changeTerritories([{ ...dieArea }, { ...aroundCrest }]))
        .thenNothingHappened();
    });

    it('keeps territories between 1 and 5', () => {
      given([registered]).when(changeTerritories([])).thenThrows(RuleViolationError, fields('territories'));
      given([registered])
        .when(changeTerritories(Array.from({ length: 6 }, (_, i) => territory(i))))
        .thenThrows(RuleViolationError, fields('territories'));
    });

    it('declares availability, and does nothing for the same one', () => {
      const availability = { hoursPerWeek: 12 };
      given([registered])
        .when(declareAvailability(availability))
        .then([{ type: 'MemberAvailabilityDeclared', data: { memberId, availability, declaredAt: at } }]);
      given([registered])
        .when(declareAvailability({ ...profile.availability, extra: undefined }))
        .thenNothingHappened();
    });

    it('checks availability like at registration', () => {
      given([registered])
        .when(declareAvailability({ hoursPerWeek: 61, from: '2026-06-01', until: '2026-05-31' }))
        .thenThrows(RuleViolationError, fields('availability.hoursPerWeek', 'availability.until'));
    });

    it('changes notifications, and does nothing for the same frequency', () => {
      given([registered])
        .when(changeNotifications('weekly'))
        .then([{ type: 'MemberNotificationsChanged', data: { memberId, notify: 'weekly', changedAt: at } }]);
      given([registered]).when(changeNotifications('daily')).thenNothingHappened();
      given([registered]).when(changeNotifications('hourly')).thenThrows(RuleViolationError, fields('notify'));
    });
  });

  describe('EraseMember', () => {
    it('erases a member', () => {
      given([registered]).when(erase).then([erased]);
    });

    it('rejects erasing an unknown member', () => {
      given([])
        .when(erase)
        .thenThrows(NotFoundError, (e) => e.entity === 'member' && e.id === memberId);
    });
  });

  describe('DismissRecommendation ("pas pour moi")', () => {
    const projectId = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
    const dismiss = (id: unknown = projectId): MemberCommand => ({
      type: 'DismissRecommendation',
      data: { memberId, projectId: id as string },
      metadata: meta,
    });

    it('records that the member does not want this project, and leaves the profile as it was', () => {
      given([registered])
        .when(dismiss())
        .then([{ type: 'RecommendationDismissed', data: { memberId, projectId, dismissedAt: at } }]);
      const dismissed: MemberEvent = { type: 'RecommendationDismissed', data: { memberId, projectId, dismissedAt: at } };
      expect(fold(memberDecider, [registered, dismissed])).toEqual(fold(memberDecider, [registered]));
    });

    it('names a project id that is not one', () => {
      given([registered]).when(dismiss('nope')).thenThrows(RuleViolationError, fields('projectId'));
    });

    it('refuses an erased or unknown member', () => {
      given([registered, erased]).when(dismiss()).thenThrows(InvalidStateError);
      given([]).when(dismiss()).thenThrows(NotFoundError);
    });
  });

  describe('an erased member accepts no further command', () => {
    it.each([
      ['DeclareSkills', declareSkills(['cuisine'])],
      ['ChangeInterests', changeInterests(['eau'])],
      ['ChangeTerritories', changeTerritories([dieArea])],
      ['DeclareAvailability', declareAvailability({ hoursPerWeek: 1 })],
      ['ChangeNotifications', changeNotifications('never')],
      ['EraseMember', erase],
    ])('%s', (_, command) => {
      given([registered, erased]).when(command).thenThrows(InvalidStateError);
    });
  });

  describe('an unknown member', () => {
    it.each([
      ['DeclareSkills', declareSkills(['cuisine'])],
      ['ChangeInterests', changeInterests(['eau'])],
      ['ChangeTerritories', changeTerritories([dieArea])],
      ['DeclareAvailability', declareAvailability({ hoursPerWeek: 1 })],
      ['ChangeNotifications', changeNotifications('never')],
    ])('%s is not found', (_, command) => {
      given([])
        .when(command)
        .thenThrows(NotFoundError, (e) => e.entity === 'member' && e.id === memberId);
    });
  });

  describe('evolve', () => {
    it('keeps the profile up to date', () => {
      const later = '2026-03-05T08:00:00.000Z';
      const state = fold(memberDecider, [
        registered,
        { type: 'MemberSkillsDeclared', data: { memberId, skills: ['cuisine'], declaredAt: later } },
        { type: 'MemberNotificationsChanged', data: { memberId, notify: 'never', changedAt: later } },
      ]);
      expect(state).toEqual({
        ...profile,
        status: 'active',
        skills: ['cuisine'],
        notify: 'never',
        registeredAt: at,
        confirmed: false,
        updatedAt: later,
      });
    });

    it('forgets everything about an erased member', () => {
      expect(fold(memberDecider, [registered, erased])).toEqual({ status: 'erased', memberId, erasedAt: at });
    });
  });

  describe('properties', () => {
    it('declared skills are trimmed, case-insensitively unique, and cover every word given', () => {
      const word = fc.stringMatching(/^ ?[A-Za-zéÉ]{1,6} ?$/);
      fc.assert(
        fc.property(fc.array(word, { maxLength: 40 }), (input) => {
          const key = (s: string) => s.trim().toLocaleLowerCase('fr');
          const distinct = new Set(input.map(key));
          const command = declareSkills(input);
          const state = fold(memberDecider, [registered]);
          if (distinct.size > 30) {
            expect(() => memberDecider.decide(command, state)).toThrow(RuleViolationError);
            return;
          }
          const events = memberDecider.decide(command, state);
          const after = fold(memberDecider, [registered, ...events]);
          const skills = after.status === 'active' ? after.skills : [];
          expect(skills.every((s) => s === s.trim())).toBe(true);
          expect(new Set(skills.map(key)).size).toBe(skills.length);
          expect(new Set(skills.map(key))).toEqual(distinct);
          // Each kept spelling is the first occurrence given.
          for (const s of skills) expect(input.find((w) => key(w) === key(s))?.trim()).toBe(s);
        }),
        { numRuns: 100 },
      );
    });
  });
});
