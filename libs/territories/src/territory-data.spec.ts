import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseCommunes, parseCsv, parseDepartements, TERRITORY_DATA_DIR } from './territory-data';

const HEADER = 'code,departement,region,name,postcode,type,parent,lat,lon,population';

describe('territory data files', () => {
  it('ships the CSVs and their attribution next to src/', () => {
    for (const file of ['communes.csv', 'departements.csv', 'regions.csv', 'README.md']) {
      expect(existsSync(path.join(TERRITORY_DATA_DIR, file))).toBe(true);
    }
  });

  it('reads rows by header name, with Windows line endings and a byte-order mark', () => {
    const table = parseCsv('\uFEFFb,a\r\n2,1\r\n\r\n4,3\r\n');
    expect([...table.columns]).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(table.rows).toEqual([
      ['2', '1'],
      ['4', '3'],
    ]);
  });

  it('keeps codes and postcodes as strings with their leading zeros', () => {
    const [row] = parseCommunes(`${HEADER}\n04088,04,93,Forcalquier,04300,COM,,43.95817,5.78417,5118\n`);
    expect(row).toMatchObject({ code: '04088', departement: '04', postcode: '04300', lat: 43.95817, population: 5118 });
  });

  it('drops half a coordinate rather than inventing the other half', () => {
    const [row] = parseCommunes(`${HEADER}\n04088,04,93,Forcalquier,04300,COM,,43.95817,,5118\n`);
    expect(row.lat).toBeUndefined();
    expect(row.lon).toBeUndefined();
  });

  it('fails loudly when the files change format', () => {
    expect(() => parseCsv('a,b\n1,2,3\n', 'x.csv')).toThrow('x.csv:2: expected 2 fields, got 3');
    expect(() => parseCsv('a,b\n"1,2",3\n', 'x.csv')).toThrow('quoted fields');
    expect(() => parseCommunes(`${HEADER}\n04088,04,93,Forcalquier,04300,XYZ,,1,2,3\n`)).toThrow('unknown commune type XYZ');
    expect(() => parseCommunes(`${HEADER}\n04088,04,93,,04300,COM,,1,2,3\n`)).toThrow('missing name');
    expect(() => parseDepartements('code,region,name,lat,lon\n04,93,Alpes,north,6\n')).toThrow('lat is not a number');
    expect(() => parseDepartements('code,region,name,lat\n04,93,Alpes,44\n')).toThrow('no column lon');
  });
});
