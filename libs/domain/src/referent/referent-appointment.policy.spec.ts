import type { ResolvedTerritory } from '../shared/places';
import { type ActiveAppointment, overlappingAppointments, territoriesOverlap } from './referent-appointment.policy';

// Resolved as libs/territories resolves them (codes and centres from its data).
const forcalquier: ResolvedTerritory = {
  kind: 'area',
  level: 'commune',
  code: '04088',
  lat: 43.95817,
  lon: 5.78417,
  label: 'Forcalquier',
  communeCode: '04088',
  departementCode: '04',
  regionCode: '93',
};
const manosque: ResolvedTerritory = {
  kind: 'area',
  level: 'commune',
  code: '04112',
  lat: 43.82933,
  lon: 5.7896,
  label: 'Manosque',
  communeCode: '04112',
  departementCode: '04',
  regionCode: '93',
};
const alpesDeHauteProvence: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '04',
  lat: 44.10611,
  lon: 6.24389,
  label: 'Alpes-de-Haute-Provence',
  departementCode: '04',
  regionCode: '93',
};
const paca: ResolvedTerritory = {
  kind: 'area',
  level: 'region',
  code: '93',
  lat: 43.955,
  lon: 6.05333,
  label: "Provence-Alpes-Côte d'Azur",
  regionCode: '93',
};
const lyon: ResolvedTerritory = {
  kind: 'area',
  level: 'commune',
  code: '69123',
  lat: 45.75418,
  lon: 4.84289,
  label: 'Lyon',
  communeCode: '69123',
  departementCode: '69',
  regionCode: '84',
};
const rhone: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '69',
  lat: 45.87,
  lon: 4.64,
  label: 'Rhône',
  departementCode: '69',
  regionCode: '84',
};
const ain: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '01',
  lat: 46.07,
  lon: 5.35,
  label: 'Ain',
  departementCode: '01',
  regionCode: '84',
};
const circle = (around: ResolvedTerritory, radiusKm: number): ResolvedTerritory => ({
  kind: 'radius',
  lat: around.lat,
  lon: around.lon,
  label: around.label,
  radiusKm,
  communeCode: around.communeCode,
  departementCode: around.departementCode,
  regionCode: around.regionCode,
});

describe('territoriesOverlap', () => {
  it.each([
    ['the same commune', forcalquier, forcalquier, true],
    ['a commune and its département', forcalquier, alpesDeHauteProvence, true],
    ['a commune and its région', forcalquier, paca, true],
    ['a département and its région', alpesDeHauteProvence, paca, true],
    ['two communes of one département', forcalquier, manosque, false],
    ['a commune and another département', lyon, alpesDeHauteProvence, false],
    ['two départements', rhone, alpesDeHauteProvence, false],
    ['a département and another région', rhone, paca, false],
    ['circles 14 km apart, 10 + 5 km', circle(forcalquier, 10), circle(manosque, 5), true],
    ['circles 14 km apart, 5 + 5 km', circle(forcalquier, 5), circle(manosque, 5), false],
    ['circles with one centre', circle(forcalquier, 1), circle(forcalquier, 1), true],
    ['a circle centred in a département', circle(forcalquier, 1), alpesDeHauteProvence, true],
    ['a circle reaching a commune’s centre', circle(forcalquier, 20), manosque, true],
    ['a circle short of a commune’s centre, centred elsewhere', circle(forcalquier, 10), manosque, false],
    ['a circle far from a région', circle(lyon, 50), paca, false],
  ])('%s: %s', (_, a, b, expected) => {
    expect(territoriesOverlap(a, b)).toBe(expected);
    expect(territoriesOverlap(b, a)).toBe(expected);
  });
});

describe('overlappingAppointments (one address, one referent per place)', () => {
  const active: ActiveAppointment[] = [{ referentId: 'ref-1', territories: [lyon, alpesDeHauteProvence] }];

  it('given no active appointment of the address, when appointing anywhere, then nothing conflicts', () => {
    expect(overlappingAppointments([forcalquier, paca], [])).toEqual([]);
  });

  it('given an active appointment, when appointing a place it does not touch, then nothing conflicts', () => {
    expect(overlappingAppointments([ain], active)).toEqual([]);
    expect(overlappingAppointments([circle(manosque, 5)], [{ referentId: 'ref-2', territories: [circle(forcalquier, 5)] }])).toEqual([]);
  });

  it('given an active appointment, when appointing an overlapping place, then each overlapping territory is named', () => {
    const conflicts = overlappingAppointments([ain, forcalquier, lyon], active);
    expect(conflicts.map((c) => c.field)).toEqual(['territories[1]', 'territories[2]']);
    expect(conflicts[0].message).toMatch(/^cette adresse est déjà référente \(ref-1\).* \/ this address is already a referent \(ref-1\)/);
    expect(conflicts[0].message).toContain('Alpes-de-Haute-Provence');
  });

  it('given only a retired appointment (not passed as active), when appointing the same place, then nothing conflicts', () => {
    // The caller passes active appointments only: retirement frees the address.
    expect(overlappingAppointments([lyon], [])).toEqual([]);
  });
});
