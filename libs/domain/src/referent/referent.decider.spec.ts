import { DeciderSpecification } from '@trame/testing';
import { fold } from '../shared/decider';
import { InvalidStateError, NotFoundError, RuleViolationError } from '../shared/errors';
import type { ResolvedTerritory } from '../shared/places';
import type { AppointReferent, ReferentCommand } from './referent.commands';
import { referentDecider } from './referent.decider';
import type { ReferentAppointed, ReferentEvent } from './referent.events';

const given = DeciderSpecification.for(referentDecider);

const referentId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const now = new Date('2026-03-01T10:00:00.000Z');
const at = now.toISOString();
const meta = { now };

const drome: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '26',
  lat: 44.73,
  lon: 5.17,
  label: 'Drôme',
  departementCode: '26',
  regionCode: '84',
};
const territory = (i: number): ResolvedTerritory => ({ kind: 'radius', lat: 45, lon: 5, radiusKm: 20, label: `lieu ${i}` });

const appointment = {
  referentId,
  firstName: 'Dominique',
  pii: 'sealed:v1:xyz',
  territories: [drome],
  themes: ['habitat', 'agriculture'],
};
const appoint = (over: Partial<Record<keyof AppointReferent['data'], unknown>> = {}): AppointReferent => ({
  type: 'AppointReferent',
  data: { ...appointment, ...over } as AppointReferent['data'],
  metadata: meta,
});
const appointed: ReferentAppointed = { type: 'ReferentAppointed', data: { ...appointment, appointedAt: at } };
const retired: ReferentEvent = { type: 'ReferentRetired', data: { referentId, retiredAt: at } };
const change = (territories: unknown, themes?: unknown): ReferentCommand => ({
  type: 'ChangeReferentTerritories',
  data: { referentId, territories: territories as ResolvedTerritory[], themes: themes as string[] | undefined },
  metadata: meta,
});
const retire: ReferentCommand = { type: 'RetireReferent', data: { referentId }, metadata: meta };

const fields =
  (...expected: string[]) =>
  (error: RuleViolationError): boolean => {
    expect(error.violations.map((v) => v.field)).toEqual(expected);
    return true;
  };
const list = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

describe('referentDecider', () => {
  describe('AppointReferent', () => {
    it('appoints a referent', () => {
      given([]).when(appoint()).then([appointed]);
    });

    it('normalises themes and accepts none', () => {
      given([])
        .when(appoint({ firstName: ' Dominique ', themes: ['habitat', ' Habitat', 'agriculture '] }))
        .then([appointed]);
      given([])
        .when(appoint({ themes: [] }))
        .then([{ ...appointed, data: { ...appointed.data, themes: [] } }]);
    });

    it('rejects appointing twice', () => {
      given([appointed]).when(appoint()).thenThrows(InvalidStateError);
    });

    it.each([
      [0, false],
      [1, true],
      [20, true],
      [21, false],
    ])('%i territories accepted: %s', (n, ok) => {
      const territories = list(n, territory);
      const when = given([]).when(appoint({ territories }));
      if (ok) when.then([{ ...appointed, data: { ...appointed.data, territories } }]);
      else when.thenThrows(RuleViolationError, fields('territories'));
    });

    it.each([
      [20, true],
      [21, false],
    ])('%i themes accepted: %s', (n, ok) => {
      const themes = list(n, (i) => `thème ${i}`);
      const when = given([]).when(appoint({ themes }));
      if (ok) when.then([{ ...appointed, data: { ...appointed.data, themes } }]);
      else when.thenThrows(RuleViolationError, fields('themes'));
    });

    it('lists every violation at once', () => {
      given([])
        .when(appoint({ referentId: 'dominique', firstName: ' ', pii: '', territories: [{ ...drome, lon: 200 }] }))
        .thenThrows(RuleViolationError, fields('referentId', 'firstName', 'pii', 'territories[0].lon'));
    });
  });

  describe('ChangeReferentTerritories', () => {
    it('changes territories and keeps themes when left out', () => {
      const territories = [drome, territory(1)];
      given([appointed])
        .when(change(territories))
        .then([{ type: 'ReferentTerritoriesChanged', data: { referentId, territories, themes: appointment.themes, changedAt: at } }]);
    });

    it('changes themes alone', () => {
      given([appointed])
        .when(change([drome], ['eau']))
        .then([{ type: 'ReferentTerritoriesChanged', data: { referentId, territories: [drome], themes: ['eau'], changedAt: at } }]);
    });

    it('does nothing when nothing changes', () => {
      given([appointed])
        .when(change([{ ...drome }]))
        .thenNothingHappened();
      given([appointed])
        .when(change([drome], [' habitat', 'agriculture ', 'HABITAT']))
        .thenNothingHappened();
    });

    it('applies the same limits', () => {
      given([appointed])
        .when(
          change(
            list(21, territory),
            list(21, (i) => `t${i}`),
          ),
        )
        .thenThrows(RuleViolationError, fields('territories', 'themes'));
      given([appointed]).when(change([])).thenThrows(RuleViolationError, fields('territories'));
    });

    it('rejects an unknown or retired referent', () => {
      given([])
        .when(change([drome]))
        .thenThrows(NotFoundError, (e) => e.entity === 'referent' && e.id === referentId);
      given([appointed, retired])
        .when(change([territory(2)]))
        .thenThrows(InvalidStateError);
    });
  });

  describe('RetireReferent', () => {
    it('retires a referent', () => {
      given([appointed]).when(retire).then([retired]);
    });

    it('rejects retiring twice or an unknown referent', () => {
      given([appointed, retired]).when(retire).thenThrows(InvalidStateError);
      given([]).when(retire).thenThrows(NotFoundError);
    });
  });

  describe('evolve', () => {
    it('tracks coverage and status', () => {
      const later = '2026-04-01T00:00:00.000Z';
      const state = fold(referentDecider, [
        appointed,
        { type: 'ReferentTerritoriesChanged', data: { referentId, territories: [territory(3)], themes: [], changedAt: later } },
        { type: 'ReferentRetired', data: { referentId, retiredAt: later } },
      ]);
      expect(state).toEqual({
        ...appointment,
        status: 'retired',
        territories: [territory(3)],
        themes: [],
        appointedAt: at,
        updatedAt: later,
      });
    });
  });
});
