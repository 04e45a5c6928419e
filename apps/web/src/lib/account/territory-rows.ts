/*
 * The territory rows of the sign-up form (up to 5). Without JavaScript, a row is typed text
 * that the server resolves on submit into a place code (`GET /v1/places`); the resolved code
 * and its label ride along in hidden fields, so a later submit does not search again unless
 * the person changed the text.
 */

export const MAX_TERRITORIES = 5;
export const TERRITORY_RADII_KM = [5, 10, 20, 30, 50, 100] as const;
export const DEFAULT_TERRITORY_RADIUS_KM = 20;
/** The longest place text kept (the longest French commune name is 45 characters). */
const MAX_PLACE_TEXT = 100;
/** A place code as `GET /v1/places` gives them. */
const PLACE_CODE = /^(commune|departement|region):([0-9AB]{2,5})$/;

/** `whole`: the whole commune (a département or a région is always whole). */
export type Radius = number | 'whole';

export type TerritoryRow = {
  /** What the person typed (or the label of the place picked). */
  place: string;
  /** The place it resolved to, e.g. `commune:04088`, once known. */
  code?: string;
  /** The label the code was resolved for: a text that no longer equals it is searched anew. */
  label?: string;
  radius: Radius;
};

export type TerritoryBody = { communeCode: string; radiusKm?: number } | { departementCode: string } | { regionCode: string };

export const emptyRow = (): TerritoryRow => ({ place: '', radius: DEFAULT_TERRITORY_RADIUS_KM });

const text = (form: FormData, name: string, max = MAX_PLACE_TEXT): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};

export const isPlaceCode = (value: string): boolean => PLACE_CODE.test(value);

const readRadius = (value: string): Radius => {
  if (value === 'whole') return 'whole';
  const km = Number(value);
  return (TERRITORY_RADII_KM as readonly number[]).includes(km) ? km : DEFAULT_TERRITORY_RADIUS_KM;
};

/** How many rows the form showed (`territoryRows`), between 1 and 5. */
export function rowCount(form: FormData): number {
  const n = Number(form.get('territoryRows'));
  return Number.isInteger(n) ? Math.min(MAX_TERRITORIES, Math.max(1, n)) : 1;
}

/**
 * The rows as posted. A picked choice (`placeChoice<i>`, "code|label") wins over the text; a
 * code is kept only while the text still reads as its label.
 */
export function readTerritoryRows(form: FormData): TerritoryRow[] {
  const rows: TerritoryRow[] = [];
  for (let i = 0; i < rowCount(form); i += 1) {
    const row: TerritoryRow = { place: text(form, `place${i}`), radius: readRadius(text(form, `radius${i}`)) };
    const choice = text(form, `placeChoice${i}`, 200);
    const bar = choice.indexOf('|');
    const code = text(form, `placeCode${i}`);
    const label = text(form, `placeLabel${i}`);
    if (bar > 0 && isPlaceCode(choice.slice(0, bar))) {
      row.code = choice.slice(0, bar);
      row.label = row.place = choice.slice(bar + 1).slice(0, MAX_PLACE_TEXT);
    } else if (isPlaceCode(code) && label !== '' && label === row.place) {
      row.code = code;
      row.label = label;
    }
    rows.push(row);
  }
  return rows;
}

/** One more empty row, up to 5. */
export const addRow = (rows: readonly TerritoryRow[]): TerritoryRow[] =>
  rows.length >= MAX_TERRITORIES ? [...rows] : [...rows, emptyRow()];

/** Without row `index` (one row always stays). */
export const removeRow = (rows: readonly TerritoryRow[], index: number): TerritoryRow[] => {
  const kept = rows.filter((_, i) => i !== index);
  return kept.length > 0 ? kept : [emptyRow()];
};

/** What `POST /v1/members` takes for a resolved row: a commune with a radius or whole, a whole département or région. */
export function territoryBody(row: TerritoryRow): TerritoryBody | undefined {
  const match = row.code ? PLACE_CODE.exec(row.code) : null;
  if (!match) return undefined;
  const [, kind, code] = match;
  if (kind === 'departement') return { departementCode: code };
  if (kind === 'region') return { regionCode: code };
  return row.radius === 'whole' ? { communeCode: code } : { communeCode: code, radiusKm: row.radius };
}

/** Names compared as a person reads them: no accents, case, hyphens or apostrophes. */
export const foldPlaceName = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export type PlaceSuggestion = { code: string; kind: string; label: string; postcodes?: string[]; departement?: { code: string } };

/** "Mane (04300)", "Alpes-de-Haute-Provence (04)": enough to tell two places of the same name apart. */
export function placeLabel(p: PlaceSuggestion): string {
  if (p.kind === 'commune') {
    const detail = p.postcodes?.[0] ?? p.departement?.code;
    return detail ? `${p.label} (${detail})` : p.label;
  }
  if (p.kind === 'departement') return `${p.label} (${p.code.slice('departement:'.length)})`;
  return p.label;
}

export type Resolution =
  { kind: 'found'; code: string; label: string } | { kind: 'unknown' } | { kind: 'choose'; choices: { code: string; label: string }[] };

/**
 * What the typed text names among the suggestions: one place, none, or several to choose from.
 * Several with a single exact name ("Forcalquier" among "Forcalquier…" prefixes) is that one.
 */
export function resolvePlace(typed: string, found: readonly PlaceSuggestion[]): Resolution {
  if (found.length === 0) return { kind: 'unknown' };
  const pick = (p: PlaceSuggestion): Resolution => ({ kind: 'found', code: p.code, label: placeLabel(p) });
  if (found.length === 1) return pick(found[0]);
  const folded = foldPlaceName(typed);
  const exact = found.filter((p) => foldPlaceName(p.label) === folded || foldPlaceName(placeLabel(p)) === folded);
  if (exact.length === 1) return pick(exact[0]);
  return { kind: 'choose', choices: found.map((p) => ({ code: p.code, label: placeLabel(p) })) };
}
