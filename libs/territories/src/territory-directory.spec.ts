import { expect } from '@jest/globals';
import { RuleViolationError, type FieldViolation } from '@trame/domain';
import { distanceKm } from './geo';
import { loadTerritoryDirectory, type TerritoryDirectory } from './territory-directory';
import { TerritoryValidationError } from './territory-validation';

/** The violations a call throws (fails the test if it does not throw one). */
const violationsOf = (call: () => unknown): readonly FieldViolation[] => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(TerritoryValidationError);
    expect(error).toBeInstanceOf(RuleViolationError);
    return (error as TerritoryValidationError).violations;
  }
  throw new Error('expected a TerritoryValidationError');
};

describe('TerritoryDirectory over the shipped French data', () => {
  let dir: TerritoryDirectory;
  beforeAll(() => {
    dir = loadTerritoryDirectory();
  });

  describe('locations', () => {
    it('resolves Forcalquier by its INSEE code', () => {
      expect(dir.resolveLocation({ communeCode: '04088' }, 'location')).toEqual({
        value: { lat: 43.95817, lon: 5.78417, label: 'Forcalquier', communeCode: '04088', departementCode: '04', regionCode: '93' },
        notes: [],
      });
    });

    it('resolves a shared postcode to its most populous commune and says so', () => {
      const sharing = dir.communesByPostcode('04300');
      expect(sharing.length).toBeGreaterThan(1);
      const mostPopulous = dir
        .communes()
        .filter((c) => c.postcodes.includes('04300'))
        .reduce((best, c) => (c.population > best.population ? c : best));
      expect(mostPopulous.code).toBe('04088');

      const { value, notes } = dir.resolveLocation({ postcode: '04300' }, 'location');
      expect(value).toMatchObject({ label: 'Forcalquier', communeCode: '04088', departementCode: '04', regionCode: '93' });
      expect(notes).toEqual([
        {
          field: 'location.postcode',
          message:
            `le code postal 04300 est partagé par ${sharing.length} communes ; Forcalquier retenue (la plus peuplée) / ` +
            `postcode 04300 is shared by ${sharing.length} communes; using Forcalquier (most populous)`,
        },
      ]);
    });

    it('resolves a Paris postcode to its arrondissement, with the codes of Paris', () => {
      expect(dir.resolveLocation({ postcode: '75011' }, 'location')).toEqual({
        value: {
          lat: 48.86007,
          lon: 2.38156,
          label: 'Paris 11e Arrondissement',
          communeCode: '75111',
          departementCode: '75',
          regionCode: '11',
        },
        notes: [],
      });
      // The 16th has two postcodes; both lead to it, and one arrondissement is no sharing.
      for (const postcode of ['75016', '75116']) {
        const { value, notes } = dir.resolveLocation({ postcode }, 'p');
        expect(value.communeCode).toBe('75116');
        expect(notes).toEqual([]);
      }
    });

    it('rebuilds Paris, Lyon and Marseille from their arrondissements', () => {
      const paris = dir.commune('75056')!;
      expect(paris).toMatchObject({ name: 'Paris', type: 'COM', departement: '75', region: '11', coordinatesFrom: 'arrondissements' });
      expect(paris.postcodes).toHaveLength(21);
      const arrondissements = dir.communes().filter((c) => c.parent === '75056');
      expect(arrondissements).toHaveLength(20);
      expect(paris.population).toBe(arrondissements.reduce((sum, c) => sum + c.population, 0));
      expect(distanceKm(paris, { lat: 48.8566, lon: 2.3522 })).toBeLessThan(2);
      expect(dir.commune('69123')).toMatchObject({ name: 'Lyon', departement: '69', region: '84' });
      expect(dir.commune('13055')).toMatchObject({ name: 'Marseille', departement: '13', region: '93' });
      expect(dir.resolveLocation({ communeCode: '75056' }, 'l').value).toMatchObject({ label: 'Paris', communeCode: '75056' });
    });

    it('handles Corsican codes, whatever their case', () => {
      const expected = { label: 'Ajaccio', communeCode: '2A004', departementCode: '2A', regionCode: '94' };
      expect(dir.resolveLocation({ communeCode: '2A004' }, 'l').value).toMatchObject(expected);
      expect(dir.resolveLocation({ communeCode: ' 2a004 ' }, 'l').value).toMatchObject(expected);
      expect(dir.resolveLocation({ postcode: '20000' }, 'l').value).toMatchObject(expected);
      expect(dir.departementOf('2B033')?.code).toBe('2B');
    });

    it('handles overseas communes (Saint-Denis, La Réunion)', () => {
      const expected = { label: 'Saint-Denis', communeCode: '97411', departementCode: '974', regionCode: '04' };
      expect(dir.resolveLocation({ communeCode: '97411' }, 'l').value).toMatchObject(expected);
      expect(dir.resolveLocation({ postcode: '97400' }, 'l').value).toMatchObject(expected);
      expect(dir.resolveLocation({ lat: -20.9, lon: 55.45 }, 'l').value).toMatchObject(expected);
    });

    it('finds the nearest commune of a point, keeping the point and the label given', () => {
      expect(dir.resolveLocation({ lat: 43.961, lon: 5.781 }, 'location')).toEqual({
        value: { lat: 43.961, lon: 5.781, label: 'Forcalquier', communeCode: '04088', departementCode: '04', regionCode: '93' },
        notes: [],
      });
      expect(dir.resolveLocation({ lat: 43.961, lon: 5.781, label: '  Place du Bourguet ' }, 'l').value.label).toBe('Place du Bourguet');
      expect(dir.resolveLocation({ lat: 48.8589, lon: 2.38 }, 'l').value.communeCode).toBe('75111');
    });

    it('agrees with a brute-force search for the nearest commune', () => {
      // Deterministic pseudo-random points over metropolitan France.
      let seed = 42;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const located = dir.communes().filter((c) => c.coordinatesFrom !== 'departement');
      for (let i = 0; i < 25; i++) {
        const point = { lat: 42.5 + next() * 8.5, lon: -4.5 + next() * 12.5 };
        const nearest = dir.nearestCommune(point, Infinity)!;
        let best = Infinity;
        for (const c of located) best = Math.min(best, distanceKm(point, c));
        expect(distanceKm(point, nearest)).toBeCloseTo(best, 6);
      }
    });

    it('keeps a point far from every commune without codes, and says so', () => {
      expect(dir.resolveLocation({ lat: 52.52, lon: 13.405, label: 'Berlin' }, 'location')).toEqual({
        value: { lat: 52.52, lon: 13.405, label: 'Berlin' },
        notes: [
          {
            field: 'location',
            message: 'aucune commune à moins de 100 km : lieu gardé sans code / no commune within 100 km: place kept without codes',
          },
        ],
      });
    });
  });

  describe('territories', () => {
    it('draws a circle around a point, a postcode or a commune', () => {
      expect(dir.resolveTerritory({ lat: 43.961, lon: 5.781, radiusKm: 30, label: 'Chez moi' }, 't').value).toEqual({
        kind: 'radius',
        lat: 43.961,
        lon: 5.781,
        radiusKm: 30,
        label: 'Chez moi',
        communeCode: '04088',
        departementCode: '04',
        regionCode: '93',
      });
      const byPostcode = dir.resolveTerritory({ postcode: '04300', radiusKm: 1 }, 'territories[0]');
      expect(byPostcode.value).toEqual({
        kind: 'radius',
        lat: 43.95817,
        lon: 5.78417,
        radiusKm: 1,
        label: 'Forcalquier',
        communeCode: '04088',
        departementCode: '04',
        regionCode: '93',
      });
      expect(byPostcode.notes.map((n) => n.field)).toEqual(['territories[0].postcode']);
      expect(dir.resolveTerritory({ communeCode: '97411', radiusKm: 500 }, 't').value).toMatchObject({
        kind: 'radius',
        radiusKm: 500,
        communeCode: '97411',
        departementCode: '974',
        regionCode: '04',
      });
    });

    it('takes a whole commune, département or région', () => {
      expect(dir.resolveTerritory({ communeCode: '04088' }, 't').value).toEqual({
        kind: 'area',
        level: 'commune',
        code: '04088',
        lat: 43.95817,
        lon: 5.78417,
        label: 'Forcalquier',
        communeCode: '04088',
        departementCode: '04',
        regionCode: '93',
      });
      expect(dir.resolveTerritory({ departementCode: '04' }, 't').value).toEqual({
        kind: 'area',
        level: 'departement',
        code: '04',
        lat: 44.10611,
        lon: 6.24389,
        label: 'Alpes-de-Haute-Provence',
        departementCode: '04',
        regionCode: '93',
      });
      expect(dir.resolveTerritory({ departementCode: '2b' }, 't').value).toMatchObject({
        code: '2B',
        label: 'Haute-Corse',
        regionCode: '94',
      });
      expect(dir.resolveTerritory({ regionCode: '93' }, 't').value).toEqual({
        kind: 'area',
        level: 'region',
        code: '93',
        lat: 43.955,
        lon: 6.05333,
        label: "Provence-Alpes-Côte d'Azur",
        regionCode: '93',
      });
      expect(dir.resolveTerritory({ regionCode: '04' }, 't').value).toMatchObject({ level: 'region', label: 'La Réunion' });
    });

    it('resolves a list and gathers the notes of every element', () => {
      const { values, notes } = dir.resolveTerritories(
        [{ departementCode: '75' }, { postcode: '04300', radiusKm: 10 }, { communeCode: '2A004' }],
        'territories',
      );
      expect(values.map((t) => t.label)).toEqual(['Paris', 'Forcalquier', 'Ajaccio']);
      expect(notes.map((n) => n.field)).toEqual(['territories[1].postcode']);
    });
  });

  describe('invalid input', () => {
    it.each([
      ['an unknown postcode', { postcode: '99999', radiusKm: 5 }, 'code postal inconnu / unknown postcode: 99999', '.postcode'],
      ['a malformed postcode', { postcode: '4300', radiusKm: 5 }, 'code postal inconnu / unknown postcode: 4300', '.postcode'],
      [
        'a postcode given as a number',
        { postcode: 4300, radiusKm: 5 },
        'code postal attendu sous forme de texte (ex. "04300") / postcode must be a string (e.g. "04300"): 4300',
        '.postcode',
      ],
      ['an unknown commune', { communeCode: '04999' }, 'code commune inconnu / unknown commune code: 04999', '.communeCode'],
      [
        'an unknown département',
        { departementCode: '99' },
        'code de département inconnu / unknown département code: 99',
        '.departementCode',
      ],
      ['an unknown région', { regionCode: '99' }, 'code de région inconnu / unknown région code: 99', '.regionCode'],
      [
        'a latitude above 90',
        { lat: 90.5, lon: 5, radiusKm: 5 },
        'latitude entre -90 et 90 attendue / lat must be a number from -90 to 90: 90.5',
        '.lat',
      ],
      [
        'a latitude below -90',
        { lat: -91, lon: 5, radiusKm: 5 },
        'latitude entre -90 et 90 attendue / lat must be a number from -90 to 90: -91',
        '.lat',
      ],
      [
        'a longitude beyond 180',
        { lat: 45, lon: 180.1, radiusKm: 5 },
        'longitude entre -180 et 180 attendue / lon must be a number from -180 to 180: 180.1',
        '.lon',
      ],
      [
        'a missing longitude',
        { lat: 45, radiusKm: 5 },
        'longitude entre -180 et 180 attendue / lon must be a number from -180 to 180: undefined',
        '.lon',
      ],
      [
        'a negative radius',
        { postcode: '04300', radiusKm: -1 },
        'rayon entre 1 et 500 km attendu / radiusKm must be a number from 1 to 500: -1',
        '.radiusKm',
      ],
      [
        'a radius above 500 km',
        { communeCode: '04088', radiusKm: 501 },
        'rayon entre 1 et 500 km attendu / radiusKm must be a number from 1 to 500: 501',
        '.radiusKm',
      ],
      [
        'a radius given as text',
        { communeCode: '04088', radiusKm: '10' },
        'rayon entre 1 et 500 km attendu / radiusKm must be a number from 1 to 500: 10',
        '.radiusKm',
      ],
      ['a point without radius', { lat: 45, lon: 5 }, 'rayon requis / radiusKm is required', '.radiusKm'],
      ['a postcode without radius', { postcode: '04300' }, 'rayon requis / radiusKm is required', '.radiusKm'],
      [
        'a radius around a département',
        { departementCode: '04', radiusKm: 10 },
        'pas de rayon autour d’un département ou d’une région / no radiusKm with a département or a région',
        '.radiusKm',
      ],
      [
        'two places at once',
        { postcode: '04300', communeCode: '04088', radiusKm: 5 },
        'un seul lieu attendu, reçu : postcode, communeCode / exactly one place expected, got: postcode, communeCode',
        '',
      ],
      ['no place at all', { radiusKm: 5 }, expect.stringContaining('lieu attendu parmi'), ''],
      [
        'a label that is not text',
        { lat: 45, lon: 5, radiusKm: 5, label: 12 },
        expect.stringContaining('label must be a string'),
        '.label',
      ],
    ])('reports %s under its field', (_, input, message, suffix) => {
      expect(violationsOf(() => dir.resolveTerritory(input, 'territories[1]'))).toEqual([{ field: `territories[1]${suffix}`, message }]);
    });

    it('reports every problem of one input at once', () => {
      const violations = violationsOf(() => dir.resolveTerritory({ lat: 100, lon: -200, radiusKm: 600 }, 't'));
      expect(violations.map((v) => v.field)).toEqual(['t.lat', 't.lon', 't.radiusKm']);
    });

    it('refuses what a location cannot be', () => {
      expect(violationsOf(() => dir.resolveLocation({ departementCode: '04' }, 'location'))).toEqual([
        {
          field: 'location',
          message: 'lieu attendu parmi {lat, lon}, {postcode}, {communeCode} / expected one of {lat, lon}, {postcode}, {communeCode}',
        },
      ]);
      expect(violationsOf(() => dir.resolveLocation({ postcode: '04300', radiusKm: 3 }, 'location'))).toEqual([
        { field: 'location.radiusKm', message: 'pas de rayon pour un lieu / a location takes no radiusKm' },
      ]);
      expect(violationsOf(() => dir.resolveLocation(null, 'location')).map((v) => v.field)).toEqual(['location']);
      expect(violationsOf(() => dir.resolveLocation('04300', 'location')).map((v) => v.field)).toEqual(['location']);
      expect(violationsOf(() => dir.resolveLocation({ postcode: '99999' }, '')).map((v) => v.field)).toEqual(['postcode']);
    });

    it('collects the violations of every element of a list before throwing', () => {
      const violations = violationsOf(() =>
        dir.resolveTerritories(
          [{ departementCode: '04' }, { postcode: '99999', radiusKm: 5 }, { regionCode: '93' }, { lat: 95, lon: 5, radiusKm: 700 }],
          'territories',
        ),
      );
      expect(violations).toEqual([
        { field: 'territories[1].postcode', message: 'code postal inconnu / unknown postcode: 99999' },
        { field: 'territories[3].lat', message: expect.stringContaining('latitude') },
        { field: 'territories[3].radiusKm', message: expect.stringContaining('radiusKm') },
      ]);
    });
  });

  describe('rows without coordinates', () => {
    it('place a commune without position or located parent at its département centre, and say so', () => {
      const oie = dir.commune('85165')!;
      const vendee = dir.departement('85')!;
      expect(oie).toMatchObject({ name: "L'Oie", coordinatesFrom: 'departement', lat: vendee.lat, lon: vendee.lon });
      const { value, notes } = dir.resolveLocation({ communeCode: '85165' }, 'location');
      expect(value).toMatchObject({ lat: vendee.lat, lon: vendee.lon, communeCode: '85165', departementCode: '85', regionCode: '52' });
      expect(notes).toEqual([{ field: 'location', message: expect.stringContaining("L'Oie has no known position") }]);
      expect(dir.commune('60694')).toMatchObject({ coordinatesFrom: 'departement', lat: dir.departement('60')!.lat });
    });

    it('keep such communes out of nearest-commune answers', () => {
      const vendee = dir.departement('85')!;
      const nearest = dir.nearestCommune(vendee)!;
      expect(nearest.coordinatesFrom).not.toBe('departement');
      expect(dir.communesWithin(vendee, 15).map((c) => c.code)).not.toContain('85165');
    });
  });

  describe('enclosing areas and listings', () => {
    it('names the areas around a place, most specific first', () => {
      expect(dir.areaChain({ communeCode: '75111' })).toEqual([
        { level: 'commune', code: '75111', name: 'Paris 11e Arrondissement' },
        { level: 'commune', code: '75056', name: 'Paris' },
        { level: 'departement', code: '75', name: 'Paris' },
        { level: 'region', code: '11', name: 'Île-de-France' },
      ]);
      expect(dir.areaChain({ departementCode: '2A' })).toEqual([
        { level: 'departement', code: '2A', name: 'Corse-du-Sud' },
        { level: 'region', code: '94', name: 'Corse' },
      ]);
      expect(dir.enclosing({ communeCode: '04088', departementCode: '75' }).departement?.code).toBe('04');
      expect(dir.enclosing({ communeCode: 'nope', regionCode: '93' })).toEqual({ region: dir.region('93') });
      expect(dir.regionOf('974')?.name).toBe('La Réunion');
      expect(dir.departementOf('04088')?.name).toBe('Alpes-de-Haute-Provence');
      expect(dir.departementOf('00000')).toBeUndefined();
    });

    it('folds a delegated commune that shares its parent’s code into the parent', () => {
      // Arbignieu (COMD 01015) is listed beside Arboys en Bugey (COM 01015).
      expect(dir.commune('01015')).toMatchObject({ name: 'Arboys en Bugey', type: 'COM' });
      expect(dir.communesByPostcode('01300').filter((c) => c.code === '01015')).toHaveLength(1);
    });

    it('lists each place on the ground once: communes and arrondissements, sorted by code', () => {
      const all = dir.communes();
      const codes = all.map((c) => c.code);
      expect(dir.communeCount).toBe(all.length);
      expect(all.length).toBeGreaterThan(34_000);
      expect(new Set(codes).size).toBe(codes.length);
      expect([...codes].sort()).toEqual(codes);
      expect(codes).toEqual(expect.arrayContaining(['04088', '2A004', '97411', '75111', '69381', '13201']));
      expect(codes).not.toEqual(expect.arrayContaining(['75056']));
      expect(all.every((c) => c.type !== 'COMD')).toBe(true);
      expect(all.filter((c) => dir.departement(c.departement)?.region !== c.region)).toEqual([]);
      expect(all.filter((c) => !/^\d{5}$/.test(c.postcode) || !c.postcodes.includes(c.postcode))).toEqual([]);
      expect(dir.departementCount).toBe(101);
      expect(dir.regionCount).toBe(18);
      expect(dir.departements()).toHaveLength(101);
      expect(dir.regions()).toHaveLength(18);
      expect(dir.postcodeCount).toBeGreaterThan(6000);
    });
  });
});
