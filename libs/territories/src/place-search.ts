import type { CommuneRecord, DepartementRecord, RegionRecord, TerritoryDirectory } from './territory-directory';

export type PlaceKind = 'commune' | 'departement' | 'region';

/**
 * A place as suggested to people and as `near=` takes it back. `code` is `<kind>:<official
 * code>` (`commune:04088`, `departement:04`, `region:93`): a bare 5-digit code would be
 * ambiguous (`13001` is Aix-en-Provence's INSEE code and a postcode of Marseille).
 */
export type PlaceSuggestion = Readonly<{
  code: string;
  kind: PlaceKind;
  label: string;
  /** Communes: their postcodes, lowest first. */
  postcodes?: readonly string[];
  /** Communes: the département they are in. */
  departement?: Readonly<{ code: string; name: string }>;
  lat: number;
  lon: number;
}>;

export const PLACE_SEARCH_LIMIT = { default: 10, max: 20 } as const;
export const PLACE_QUERY_MAX_LENGTH = 80;

const ARTICLES = new Set(['l', 'le', 'la', 'les']);
const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** The same without expanding abbreviations: someone typing "st" may be on the way to "Strasbourg". */
const foldPlaceName = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * What people type and what the data says, brought to one form: no accents, no case,
 * ligatures spelled out, hyphens, apostrophes and other punctuation as spaces, "St"/"Ste"
 * as "saint"/"sainte". `L'Isle-sur-la-Sorgue` and `l isle sur la sorgue` meet.
 */
export const normalisePlaceName = (text: string): string =>
  foldPlaceName(text)
    .split(' ')
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join(' ');

/** The same name without a leading article: `isle sur la sorgue` finds `L'Isle-sur-la-Sorgue`. */
const withoutArticle = (key: string): string | undefined => {
  const space = key.indexOf(' ');
  return space > 0 && ARTICLES.has(key.slice(0, space)) ? key.slice(space + 1) : undefined;
};

type Entry = Readonly<{ place: PlaceSuggestion; key: string; rank: number; population: number }>;
/** Regions before départements before communes at the same grade of match (an area before a place in it). */
const KIND_RANK: Record<PlaceKind, number> = { region: 0, departement: 1, commune: 2 };

const DIGITS = /^\d+$/;
const DEPARTEMENT_CODE = /^(\d{2}|2[ab]|97\d)$/i;
const POSTCODE = /^\d{5}$/;

/**
 * Place suggestions over the offline territories, built once (about 37k names) and queried
 * in memory: a sorted array of normalised names searched by binary search for a prefix,
 * so a request costs a few comparisons plus the matches, never a scan of every commune.
 * Ranking: exact names before prefixes; then régions, départements, communes; communes by
 * population, largest first; then by code (stable).
 */
export class PlaceSearch {
  /** [normalised name, entry], sorted by name. */
  private readonly names: (readonly [string, Entry])[] = [];
  /** [postcode, commune entry], sorted by postcode. */
  private readonly postcodes: (readonly [string, Entry])[] = [];
  private readonly byCode = new Map<string, Entry>();

  constructor(private readonly directory: TerritoryDirectory) {
    const departements = new Map(directory.departements().map((d) => [d.code, d]));
    for (const r of directory.regions()) this.add(regionPlace(r), r.name, 0);
    for (const d of departements.values()) this.add(departementPlace(d), d.name, 0);
    for (const c of directory.communeRecords()) {
      const entry = this.add(communePlace(c, departements.get(c.departement)), c.name, c.population);
      for (const postcode of c.postcodes) this.postcodes.push([postcode, entry]);
    }
    const byKey = (a: readonly [string, Entry], b: readonly [string, Entry]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    this.names.sort(byKey);
    this.postcodes.sort(byKey);
  }

  private add(place: PlaceSuggestion, name: string, population: number): Entry {
    const key = normalisePlaceName(name);
    const entry: Entry = { place, key, rank: KIND_RANK[place.kind], population };
    this.names.push([key, entry]);
    const short = withoutArticle(key);
    if (short) this.names.push([short, entry]);
    this.byCode.set(place.code, entry);
    return entry;
  }

  /** A place by the code this search gives (`commune:04088`, `departement:04`, `region:93`). */
  place(code: string): PlaceSuggestion | undefined {
    const [prefix, official] = code.split(':');
    if (official === undefined) return undefined;
    const kind = prefix.toLowerCase();
    return this.byCode.get(`${kind}:${kind === 'region' ? official : official.toUpperCase()}`)?.place;
  }

  /** The communes using a postcode, most populous first (empty when unknown). */
  postcode(postcode: string): PlaceSuggestion[] {
    return POSTCODE.test(postcode)
      ? this.directory.communesByPostcode(postcode).map((c) => this.byCode.get(`commune:${c.code}`)!.place)
      : [];
  }

  /** Up to `limit` places for what someone typed: a name (any accents, case, hyphens), a postcode or a département number. */
  search(query: string, limit: number = PLACE_SEARCH_LIMIT.default): PlaceSuggestion[] {
    const text = query.trim();
    const found = new Map<Entry, number>();
    /** Lower grade first: 0 exact code, 1 exact name, 2 prefix. */
    const note = (entry: Entry, grade: number) => {
      const seen = found.get(entry);
      if (seen === undefined || grade < seen) found.set(entry, grade);
    };
    if (DEPARTEMENT_CODE.test(text)) {
      const d = this.byCode.get(`departement:${text.toUpperCase()}`);
      if (d) note(d, 0);
    }
    if (DIGITS.test(text) && text.length >= 2) {
      for (const entry of this.prefixRange(this.postcodes, text)) note(entry[1], entry[0] === text ? 1 : 2);
    }
    const keys = [normalisePlaceName(text), foldPlaceName(text)];
    if (keys[0].length > 0 && !DIGITS.test(text)) {
      for (const candidate of new Set([...keys, ...keys.map(withoutArticle)])) {
        if (candidate) for (const [name, entry] of this.prefixRange(this.names, candidate)) note(entry, name === candidate ? 1 : 2);
      }
    }
    return [...found]
      .sort(([a, ga], [b, gb]) => ga - gb || a.rank - b.rank || b.population - a.population || compare(a.place.code, b.place.code))
      .slice(0, limit)
      .map(([entry]) => entry.place);
  }

  /** The rows whose key starts with `prefix` (binary search for the first, then while they match). */
  private *prefixRange<T>(rows: readonly (readonly [string, T])[], prefix: string): Generator<readonly [string, T]> {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid][0] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < rows.length && rows[i][0].startsWith(prefix); i++) yield rows[i];
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const regionPlace = (r: RegionRecord): PlaceSuggestion => ({
  code: `region:${r.code}`,
  kind: 'region',
  label: r.name,
  lat: r.lat,
  lon: r.lon,
});

const departementPlace = (d: DepartementRecord): PlaceSuggestion => ({
  code: `departement:${d.code}`,
  kind: 'departement',
  label: d.name,
  lat: d.lat,
  lon: d.lon,
});

const communePlace = (c: CommuneRecord, d: DepartementRecord | undefined): PlaceSuggestion => ({
  code: `commune:${c.code}`,
  kind: 'commune',
  label: c.name,
  postcodes: c.postcodes,
  ...(d ? { departement: { code: d.code, name: d.name } } : {}),
  lat: c.lat,
  lon: c.lon,
});
