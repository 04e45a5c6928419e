import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Raw reference data as shipped in `libs/territories/data` (see its README): one row per
 * line of the CSVs, nothing derived yet. `TerritoryDirectory` does the derivation
 * (coordinate fallbacks, parent codes, indexes).
 */

/** COM commune, COMD delegated commune, ARM municipal arrondissement (Paris, Lyon, Marseille). */
export type CommuneType = 'COM' | 'COMD' | 'ARM';

export type CommuneRow = Readonly<{
  code: string;
  /** Empty for most COMD rows: they take their parent's. */
  departement: string;
  region: string;
  name: string;
  postcode: string;
  type: CommuneType;
  /** For COMD/ARM: the commune they belong to; empty for COM. */
  parent: string;
  /** Absent for a few rows: the directory falls back to the parent or the département centre. */
  lat?: number;
  lon?: number;
  population: number;
}>;

export type DepartementRow = Readonly<{ code: string; region: string; name: string; lat: number; lon: number }>;
export type RegionRow = Readonly<{ code: string; name: string; lat: number; lon: number }>;

export type TerritoryData = Readonly<{
  communes: readonly CommuneRow[];
  departements: readonly DepartementRow[];
  regions: readonly RegionRow[];
}>;

/**
 * `data/` sits next to `src/` both in the repository (`libs/territories/src`, jest) and in
 * the build (`dist/libs/territories/src`, copied by `swc --copy-files`).
 */
export const TERRITORY_DATA_DIR = path.join(__dirname, '..', 'data');

/** The cells of a CSV, with the position of each header name. */
export type CsvTable = Readonly<{ columns: ReadonlyMap<string, number>; rows: readonly (readonly string[])[]; source: string }>;

/**
 * Parses the plain CSV of the data folder: comma-separated, a header line, no quoted
 * fields (no name contains a comma). A row of the wrong width means the files changed
 * format, so it fails loudly rather than shifting columns. Rows stay arrays of cells
 * (no object per row) to keep loading the 36k communes fast.
 */
export const parseCsv = (text: string, source = 'csv'): CsvTable => {
  const lines = text.split('\n');
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split(',');
  if (header.length === 0 || header[0] === '') throw new Error(`${source}: empty file`);
  const rows: string[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.length === 0) continue;
    if (line.includes('"')) throw new Error(`${source}:${i + 1}: quoted fields are not supported`);
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`${source}:${i + 1}: expected ${header.length} fields, got ${cells.length}`);
    rows.push(cells);
  }
  return { columns: new Map(header.map((name, j) => [name.trim(), j])), rows, source };
};

const COMMUNE_TYPES: readonly string[] = ['COM', 'COMD', 'ARM'];
// Hoisted: under jest's vm context every global lookup is an interceptor call (36k rows).
const toNumber = Number;
const isFiniteNumber = Number.isFinite;

/** Column accessors for one table; they throw on a missing column or a malformed cell. */
const columnsOf = (table: CsvTable) => {
  const index = (name: string): number => {
    const j = table.columns.get(name);
    if (j === undefined) throw new Error(`${table.source}: no column ${name}`);
    return j;
  };
  const text = (name: string) => {
    const j = index(name);
    return (cells: readonly string[]): string => cells[j].trim();
  };
  const required = (name: string) => {
    const j = index(name);
    return (cells: readonly string[]): string => {
      const value = cells[j].trim();
      if (value === '') throw new Error(`${table.source}: missing ${name} in ${cells.join(',')}`);
      return value;
    };
  };
  const optionalNumber = (name: string) => {
    const j = index(name);
    return (cells: readonly string[]): number | undefined => {
      const cell = cells[j].trim();
      if (cell === '') return undefined;
      const value = toNumber(cell);
      if (!isFiniteNumber(value)) throw new Error(`${table.source}: ${name} is not a number in ${cells.join(',')}`);
      return value;
    };
  };
  const number = (name: string) => {
    const read = optionalNumber(name);
    return (cells: readonly string[]): number => {
      const value = read(cells);
      if (value === undefined) throw new Error(`${table.source}: missing ${name} in ${cells.join(',')}`);
      return value;
    };
  };
  return { text, required, number, optionalNumber };
};

export const parseCommunes = (text: string, source = 'communes.csv'): CommuneRow[] => {
  const table = parseCsv(text, source);
  const c = columnsOf(table);
  const [code, departement, region, name, postcode, type, parent] = [
    c.required('code'),
    c.text('departement'),
    c.text('region'),
    c.required('name'),
    c.required('postcode'),
    c.required('type'),
    c.text('parent'),
  ];
  const [lat, lon, population] = [c.optionalNumber('lat'), c.optionalNumber('lon'), c.optionalNumber('population')];
  return table.rows.map((cells) => {
    const kind = type(cells);
    if (!COMMUNE_TYPES.includes(kind)) throw new Error(`${source}: unknown commune type ${kind}`);
    const y = lat(cells);
    const x = lon(cells);
    return {
      code: code(cells),
      departement: departement(cells),
      region: region(cells),
      name: name(cells),
      postcode: postcode(cells),
      type: kind as CommuneType,
      parent: parent(cells),
      // Half a coordinate is no coordinate.
      lat: x === undefined ? undefined : y,
      lon: y === undefined ? undefined : x,
      population: population(cells) ?? 0,
    };
  });
};

export const parseDepartements = (text: string, source = 'departements.csv'): DepartementRow[] => {
  const table = parseCsv(text, source);
  const c = columnsOf(table);
  const [code, region, name, lat, lon] = [c.required('code'), c.required('region'), c.required('name'), c.number('lat'), c.number('lon')];
  return table.rows.map((cells) => ({ code: code(cells), region: region(cells), name: name(cells), lat: lat(cells), lon: lon(cells) }));
};

export const parseRegions = (text: string, source = 'regions.csv'): RegionRow[] => {
  const table = parseCsv(text, source);
  const c = columnsOf(table);
  const [code, name, lat, lon] = [c.required('code'), c.required('name'), c.number('lat'), c.number('lon')];
  return table.rows.map((cells) => ({ code: code(cells), name: name(cells), lat: lat(cells), lon: lon(cells) }));
};

/** Reads the three CSVs of `dataDir` (synchronously: it runs once, at boot). */
export const readTerritoryData = (dataDir: string = TERRITORY_DATA_DIR): TerritoryData => {
  const read = (file: string) => readFileSync(path.join(dataDir, file), 'utf8');
  return {
    communes: parseCommunes(read('communes.csv')),
    departements: parseDepartements(read('departements.csv')),
    regions: parseRegions(read('regions.csv')),
  };
};
