import type { CommuneRow, TerritoryData } from './territory-data';
import { TerritoryDirectory } from './territory-directory';
import { resolveAll, TerritoryValidationError, type Resolution } from './territory-validation';

const row = (r: Partial<CommuneRow> & Pick<CommuneRow, 'code' | 'name' | 'postcode'>): CommuneRow => ({
  departement: '',
  region: '',
  type: 'COM',
  parent: '',
  population: 100,
  ...r,
});

/** A small made-up country shaped like the real data's awkward rows. */
const data: TerritoryData = {
  regions: [{ code: '93', name: 'Sud', lat: 43.9, lon: 6 }],
  departements: [{ code: '04', region: '93', name: 'Alpes', lat: 44.1, lon: 6.2 }],
  communes: [
    row({ code: '04001', departement: '04', region: '93', name: 'Bourg', postcode: '04100', lat: 44, lon: 6, population: 900 }),
    // A delegated commune with its own code, no coordinates and no département of its own.
    row({ code: '04002', name: 'Hameau', postcode: '04100', type: 'COMD', parent: '04001', population: 50 }),
    // A commune without coordinates nor parent.
    row({ code: '04003', departement: '04', region: '93', name: 'Perdu', postcode: '04200' }),
    // Arrondissements of a city absent from the rows.
    row({
      code: '04101',
      departement: '04',
      region: '93',
      name: 'Ville 1er Arrondissement',
      postcode: '04301',
      type: 'ARM',
      parent: '04100',
      lat: 44.2,
      lon: 6.2,
      population: 300,
    }),
    row({
      code: '04102',
      departement: '04',
      region: '93',
      name: 'Ville 2e Arrondissement',
      postcode: '04302',
      type: 'ARM',
      parent: '04100',
      lat: 44.4,
      lon: 6.4,
      population: 100,
    }),
  ],
};

describe('TerritoryDirectory fallbacks', () => {
  const dir = new TerritoryDirectory(data);

  it('gives a delegated commune its parent’s position, département and région', () => {
    expect(dir.commune('04002')).toMatchObject({
      lat: 44,
      lon: 6,
      coordinatesFrom: 'parent',
      departement: '04',
      region: '93',
      parent: '04001',
    });
    expect(dir.resolveLocation({ communeCode: '04002' }, 'l')).toEqual({
      value: { lat: 44, lon: 6, label: 'Hameau', communeCode: '04002', departementCode: '04', regionCode: '93' },
      notes: [],
    });
  });

  it('places a commune with neither coordinates nor parent at its département centre', () => {
    expect(dir.commune('04003')).toMatchObject({ lat: 44.1, lon: 6.2, coordinatesFrom: 'departement' });
  });

  it('rebuilds a city from its arrondissements: weighted centre, summed population, shared postcodes', () => {
    const city = dir.commune('04100')!;
    expect(city).toMatchObject({ name: 'Ville', population: 400, postcodes: ['04301', '04302'], coordinatesFrom: 'arrondissements' });
    expect(city.lat).toBeCloseTo(44.25, 9);
    expect(city.lon).toBeCloseTo(6.25, 9);
    // Its postcodes still lead to the arrondissements.
    expect(dir.communesByPostcode('04302').map((c) => c.code)).toEqual(['04102']);
  });

  it('ranks communes sharing a postcode by population, delegated ones included', () => {
    expect(dir.communesByPostcode('04100').map((c) => c.code)).toEqual(['04001', '04002']);
  });

  it('lists neither delegated communes nor rebuilt cities among the places on the ground', () => {
    expect(dir.communes().map((c) => c.code)).toEqual(['04001', '04003', '04101', '04102']);
  });

  it('refuses data whose codes do not hold together', () => {
    const orphan = row({ code: '05001', departement: '05', region: '93', name: 'Ailleurs', postcode: '05000', lat: 44, lon: 6 });
    expect(() => new TerritoryDirectory({ ...data, communes: [orphan] })).toThrow('unknown département "05"');
    expect(() => new TerritoryDirectory({ ...data, departements: [{ ...data.departements[0], region: '99' }] })).toThrow(
      'unknown région 99',
    );
  });
});

describe('resolveAll', () => {
  const twice = (n: unknown, field: string): Resolution<number> => {
    if (typeof n !== 'number') throw new TerritoryValidationError([{ field, message: 'nombre attendu / number expected' }]);
    return { value: n * 2, notes: n > 10 ? [{ field, message: 'grand / big' }] : [] };
  };

  it('resolves in order and keeps every note', () => {
    expect(resolveAll([1, 20, 3], 'xs', twice)).toEqual({ values: [2, 40, 6], notes: [{ field: 'xs[1]', message: 'grand / big' }] });
  });

  it('throws once with the violations of every element', () => {
    expect(() => resolveAll([1, 'a', 2, null], 'xs', twice)).toThrow(
      new TerritoryValidationError([
        { field: 'xs[1]', message: 'nombre attendu / number expected' },
        { field: 'xs[3]', message: 'nombre attendu / number expected' },
      ]),
    );
    try {
      resolveAll([1, 'a', 2, null], 'xs', twice);
    } catch (error) {
      expect((error as TerritoryValidationError).violations.map((v) => v.field)).toEqual(['xs[1]', 'xs[3]']);
    }
  });

  it('reports a list that is not one', () => {
    expect(() => resolveAll('nope' as unknown as unknown[], 'xs', twice)).toThrow('xs: liste attendue / a list is expected');
  });

  it('lets unexpected errors through untouched', () => {
    const boom = new Error('boom');
    expect(() =>
      resolveAll([1], 'xs', () => {
        throw boom;
      }),
    ).toThrow(boom);
  });
});
