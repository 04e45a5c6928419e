import { describe, expect, it } from '@jest/globals';
import { addRow, MAX_TERRITORIES, readTerritoryRows, removeRow, resolvePlace, territoryBody, type PlaceSuggestion } from './territory-rows';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.append(k, v);
  return data;
};

const mane04: PlaceSuggestion = { code: 'commune:04111', kind: 'commune', label: 'Mane', postcodes: ['04300'] };
const mane31: PlaceSuggestion = { code: 'commune:31316', kind: 'commune', label: 'Mane', postcodes: ['31260'] };
const manosque: PlaceSuggestion = { code: 'commune:04112', kind: 'commune', label: 'Manosque', postcodes: ['04100'] };

describe('territory rows', () => {
  it('reads as many rows as the form showed, between 1 and 5', () => {
    expect(readTerritoryRows(form({ territoryRows: '3', place0: ' Mane ', radius0: '10' }))).toEqual([
      { place: 'Mane', radius: 10 },
      { place: '', radius: 20 },
      { place: '', radius: 20 },
    ]);
    expect(readTerritoryRows(form({ territoryRows: '9' }))).toHaveLength(MAX_TERRITORIES);
    expect(readTerritoryRows(form({ territoryRows: 'x' }))).toHaveLength(1);
  });

  it('keeps a resolved place while the text still reads as its label, and forgets it once changed', () => {
    const kept = readTerritoryRows(
      form({ place0: 'Mane (04300)', placeCode0: 'commune:04111', placeLabel0: 'Mane (04300)', radius0: 'whole' }),
    );
    expect(kept[0]).toEqual({ place: 'Mane (04300)', code: 'commune:04111', label: 'Mane (04300)', radius: 'whole' });
    const changed = readTerritoryRows(form({ place0: 'Apt', placeCode0: 'commune:04111', placeLabel0: 'Mane (04300)' }));
    expect(changed[0].code).toBeUndefined();
  });

  it('takes a picked choice over the text, and refuses a code of another shape', () => {
    expect(readTerritoryRows(form({ place0: 'Mane', placeChoice0: 'commune:31316|Mane (31260)' }))[0]).toMatchObject({
      place: 'Mane (31260)',
      code: 'commune:31316',
    });
    expect(readTerritoryRows(form({ place0: 'x', placeChoice0: 'https://evil|x' }))[0].code).toBeUndefined();
  });

  it('adds a row up to 5 and always keeps one', () => {
    let rows = readTerritoryRows(form({}));
    for (let i = 0; i < 10; i += 1) rows = addRow(rows);
    expect(rows).toHaveLength(5);
    expect(removeRow([{ place: 'Apt', radius: 20 }], 0)).toEqual([{ place: '', radius: 20 }]);
    expect(
      removeRow(
        [
          { place: 'a', radius: 5 },
          { place: 'b', radius: 10 },
        ],
        0,
      ),
    ).toEqual([{ place: 'b', radius: 10 }]);
  });

  it('turns a resolved row into what the api takes', () => {
    expect(territoryBody({ place: 'Mane', code: 'commune:04111', radius: 10 })).toEqual({ communeCode: '04111', radiusKm: 10 });
    expect(territoryBody({ place: 'Mane', code: 'commune:04111', radius: 'whole' })).toEqual({ communeCode: '04111' });
    expect(territoryBody({ place: 'Corse-du-Sud', code: 'departement:2A', radius: 10 })).toEqual({ departementCode: '2A' });
    expect(territoryBody({ place: 'PACA', code: 'region:93', radius: 10 })).toEqual({ regionCode: '93' });
    expect(territoryBody({ place: 'Mane', radius: 10 })).toBeUndefined();
  });

  it('resolves typed text: one match, an exact name among prefixes, several to choose from, none', () => {
    expect(resolvePlace('Manosque', [manosque])).toEqual({ kind: 'found', code: 'commune:04112', label: 'Manosque (04100)' });
    expect(resolvePlace('manosque', [manosque, mane04])).toMatchObject({ kind: 'found', code: 'commune:04112' });
    expect(resolvePlace('Mane', [mane04, mane31, manosque])).toEqual({
      kind: 'choose',
      choices: [
        { code: 'commune:04111', label: 'Mane (04300)' },
        { code: 'commune:31316', label: 'Mane (31260)' },
        { code: 'commune:04112', label: 'Manosque (04100)' },
      ],
    });
    expect(resolvePlace('Mane (31260)', [mane31, mane04])).toMatchObject({ kind: 'found', code: 'commune:31316' });
    expect(resolvePlace('Nulle-part', [])).toEqual({ kind: 'unknown' });
  });
});
