import { type AdminCodes, type FieldViolation, RADIUS_KM, type ResolvedLocation, type ResolvedTerritory } from '@trame/domain';
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { GeoPoint } from './geo';
import { readTerritoryData, type CommuneRow, type CommuneType, type TerritoryData } from './territory-data';
import {
  bilingual,
  fieldPath,
  resolveAll,
  TerritoryValidationError,
  type Resolution,
  type ResolutionNote,
  type Resolutions,
} from './territory-validation';

/** Where a commune's coordinates come from (rows without coordinates borrow them). */
export type CoordinatesSource = 'own' | 'parent' | 'arrondissements' | 'departement';

/**
 * One resolvable commune. A commune with several postcodes is one record (`postcodes`,
 * `postcode` being the lowest). A delegated commune (COMD) that shares its parent's code
 * is folded into the parent. COMD/ARM records carry their parent's département and
 * région. Paris, Lyon and Marseille (absent from the data, only their arrondissements
 * are listed) are rebuilt from their arrondissements.
 */
export type CommuneRecord = Readonly<{
  code: string;
  name: string;
  type: CommuneType;
  /** COMD/ARM: the commune they belong to. */
  parent?: string;
  postcode: string;
  postcodes: readonly string[];
  departement: string;
  region: string;
  lat: number;
  lon: number;
  population: number;
  coordinatesFrom: CoordinatesSource;
}>;

export type DepartementRecord = Readonly<{ code: string; name: string; region: string; lat: number; lon: number }>;
export type RegionRecord = Readonly<{ code: string; name: string; lat: number; lon: number }>;

export type AreaLevel = 'commune' | 'departement' | 'region';
export type AreaRef = Readonly<{ level: AreaLevel; code: string; name: string }>;

/** The areas around a place, from its codes; unknown codes are left out. */
export type Enclosing = Readonly<{
  commune?: CommuneRecord;
  /** For an arrondissement or a delegated commune: the commune it belongs to. */
  parentCommune?: CommuneRecord;
  departement?: DepartementRecord;
  region?: RegionRecord;
}>;

/** What people may send for a location (a project's place). Validated at runtime. */
export type LocationInput = Readonly<{ lat: number; lon: number; label?: string } | { postcode: string } | { communeCode: string }>;

/** What people may send for a territory (a member's or a referent's). Validated at runtime. */
export type TerritoryInput = Readonly<
  | { lat: number; lon: number; radiusKm: number; label?: string }
  | { postcode: string; radiusKm: number }
  | { communeCode: string; radiusKm: number }
  | { communeCode: string }
  | { departementCode: string }
  | { regionCode: string }
>;

export type TerritoryDirectoryOptions = Readonly<{
  /** A point farther than this from every commune centre gets no codes (abroad, at sea). */
  nearestCommuneMaxKm?: number;
}>;

/** Radius bounds of a territory, km (inclusive): the domain's rule, written once there. */
export { RADIUS_KM };
/** Large enough for the vast communes of Guyane, small enough to leave most of abroad out. */
export const NEAREST_COMMUNE_MAX_KM = 100;
export const MAX_LABEL_LENGTH = 200;

const POSTCODE = /^\d{5}$/;
const ARRONDISSEMENT_SUFFIX = /\s+\d+(er|e|ème)?\s+arrondissement$/i;

type Selector =
  | { kind: 'point'; lat: number; lon: number; label?: string }
  | { kind: 'postcode'; postcode: string; communes: readonly CommuneRecord[] }
  | { kind: 'commune'; commune: CommuneRecord }
  | { kind: 'departement'; departement: DepartementRecord }
  | { kind: 'region'; region: RegionRecord };
type SelectorKind = Selector['kind'];

const SELECTOR_KEYS: Record<SelectorKind, readonly string[]> = {
  point: ['lat', 'lon'],
  postcode: ['postcode'],
  commune: ['communeCode'],
  departement: ['departementCode'],
  region: ['regionCode'],
};
const SELECTOR_NAMES: Record<SelectorKind, string> = {
  point: 'lat/lon',
  postcode: 'postcode',
  commune: 'communeCode',
  departement: 'departementCode',
  region: 'regionCode',
};

const present = (value: unknown): boolean => value !== undefined && value !== null;
const show = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};
const byPopulation = (a: CommuneRecord, b: CommuneRecord) =>
  b.population - a.population || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Folds CSV rows into one draft per commune code before coordinates and codes are settled. */
type Draft = { row: CommuneRow; postcodes: string[]; children: Draft[]; rebuilt: boolean };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const TYPE_RANK: Record<CommuneType, number> = { COM: 0, ARM: 1, COMD: 2 };

/**
 * French communes, départements and régions, loaded once (see `loadTerritoryDirectory`)
 * and queried in memory: resolves what people type (coordinates, postcode, INSEE code)
 * into the `ResolvedLocation` / `ResolvedTerritory` stored in events, and answers
 * enclosing-area and nearest-commune questions. Immutable after construction.
 */
export class TerritoryDirectory {
  readonly communeCount: number;
  readonly departementCount: number;
  readonly regionCount: number;
  readonly postcodeCount: number;

  private readonly byCode = new Map<string, CommuneRecord>();
  private readonly byPostcode = new Map<string, readonly CommuneRecord[]>();
  private readonly departementsByCode = new Map<string, DepartementRecord>();
  private readonly regionsByCode = new Map<string, RegionRecord>();
  /** One entry per place on the ground: communes, with arrondissements instead of their city. */
  private readonly partition: readonly CommuneRecord[];
  /** Partition entries with a real position (not a département-centre fallback). */
  private readonly located: readonly CommuneRecord[];
  private readonly geoIndex: KDBush;
  private readonly nearestMaxKm: number;

  constructor(data: TerritoryData, options: TerritoryDirectoryOptions = {}) {
    this.nearestMaxKm = options.nearestCommuneMaxKm ?? NEAREST_COMMUNE_MAX_KM;
    for (const r of data.regions) this.regionsByCode.set(r.code, { code: r.code, name: r.name, lat: r.lat, lon: r.lon });
    for (const d of data.departements) {
      if (!this.regionsByCode.has(d.region)) throw new Error(`département ${d.code}: unknown région ${d.region}`);
      this.departementsByCode.set(d.code, { code: d.code, name: d.name, region: d.region, lat: d.lat, lon: d.lon });
    }

    const drafts = new Map<string, Draft>();
    for (const row of data.communes) {
      const draft = drafts.get(row.code);
      if (!draft) {
        drafts.set(row.code, { row, postcodes: [row.postcode], children: [], rebuilt: false });
        continue;
      }
      if (!draft.postcodes.includes(row.postcode)) draft.postcodes.push(row.postcode);
      // A COMD sharing its parent's code is the same place under its former name: the COM wins.
      if (TYPE_RANK[row.type] < TYPE_RANK[draft.row.type]) draft.row = row;
      else if (draft.row.lat === undefined && row.lat !== undefined && row.type === draft.row.type) draft.row = row;
    }
    for (const draft of [...drafts.values()]) {
      const { parent, code } = draft.row;
      if (!parent || parent === code) continue;
      let parentDraft = drafts.get(parent);
      if (!parentDraft) {
        // Paris, Lyon and Marseille are listed only by arrondissement: rebuild the city.
        parentDraft = { row: { ...draft.row, code: parent, type: 'COM', parent: '' }, postcodes: [], children: [], rebuilt: true };
        drafts.set(parent, parentDraft);
      }
      parentDraft.children.push(draft);
    }

    // Parents first (COM rows have none), so a child finds its parent's record built.
    const build = (code: string, draft: Draft, depth = 0): CommuneRecord => {
      const done = this.byCode.get(code);
      if (done) return done;
      if (depth > 3) throw new Error(`commune ${code}: its parents form a cycle`);
      const parentCode = draft.row.parent;
      const parent = parentCode && parentCode !== code ? build(parentCode, drafts.get(parentCode)!, depth + 1) : undefined;
      const departement = this.departementsByCode.get(parent ? parent.departement : draft.row.departement);
      if (!departement) throw new Error(`commune ${code}: unknown département ${JSON.stringify(draft.row.departement)}`);
      const record = draft.rebuilt ? this.rebuildCity(code, draft, departement) : this.toRecord(code, draft, parent, departement);
      this.byCode.set(code, record);
      // A rebuilt city is reached by its arrondissements' postcodes, not in their stead.
      if (!draft.rebuilt) {
        for (const postcode of draft.postcodes) {
          const list = this.byPostcode.get(postcode) as CommuneRecord[] | undefined;
          if (list) list.push(record);
          else this.byPostcode.set(postcode, [record]);
        }
      }
      return record;
    };
    for (const [code, draft] of drafts) build(code, draft);
    for (const list of this.byPostcode.values()) if (list.length > 1) (list as CommuneRecord[]).sort(byPopulation);

    const armParents = new Set<string>();
    for (const r of this.byCode.values()) if (r.type === 'ARM' && r.parent) armParents.add(r.parent);
    const partition: CommuneRecord[] = [];
    const located: CommuneRecord[] = [];
    for (const r of this.byCode.values()) {
      if (r.type === 'COMD' || armParents.has(r.code)) continue;
      partition.push(r);
      // A commune placed at its département's centre would capture every point near that centre.
      if (r.coordinatesFrom !== 'departement') located.push(r);
    }
    partition.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.partition = partition;
    this.located = located;
    this.geoIndex = new KDBush(Math.max(1, located.length));
    for (const r of located) this.geoIndex.add(r.lon, r.lat);
    if (located.length === 0) this.geoIndex.add(0, 0);
    this.geoIndex.finish();

    this.communeCount = this.partition.length;
    this.departementCount = this.departementsByCode.size;
    this.regionCount = this.regionsByCode.size;
    this.postcodeCount = this.byPostcode.size;
  }

  private toRecord(code: string, draft: Draft, parent: CommuneRecord | undefined, departement: DepartementRecord): CommuneRecord {
    const { row } = draft;
    const own = row.lat !== undefined && row.lon !== undefined;
    const from = own ? undefined : parent && parent.coordinatesFrom !== 'departement' ? parent : departement;
    const coordinatesFrom: CoordinatesSource = own ? 'own' : from === parent ? 'parent' : 'departement';
    const postcodes = draft.postcodes.sort();
    const record: Mutable<CommuneRecord> = {
      code,
      name: row.name,
      type: row.type,
      postcode: postcodes[0],
      postcodes,
      departement: departement.code,
      region: departement.region,
      lat: from ? from.lat : row.lat!,
      lon: from ? from.lon : row.lon!,
      population: row.population,
      coordinatesFrom,
    };
    if (parent) record.parent = parent.code;
    return record;
  }

  /** A city known only through its arrondissements: population-weighted centre, summed population. */
  private rebuildCity(code: string, draft: Draft, departement: DepartementRecord): CommuneRecord {
    const children = draft.children.map((c) => c.row);
    const withPosition = children.filter((c) => c.lat !== undefined && c.lon !== undefined);
    const population = children.reduce((sum, c) => sum + c.population, 0);
    const weight = withPosition.reduce((sum, c) => sum + Math.max(1, c.population), 0);
    const mean = (key: 'lat' | 'lon') => withPosition.reduce((sum, c) => sum + c[key]! * Math.max(1, c.population), 0) / weight;
    const name = children.map((c) => c.name.replace(ARRONDISSEMENT_SUFFIX, '')).find((n, i) => n !== children[i].name) ?? code;
    const postcodes = [...new Set(draft.children.flatMap((c) => c.postcodes))].sort();
    const positioned = withPosition.length > 0;
    return {
      code,
      name,
      type: 'COM',
      postcode: postcodes[0],
      postcodes,
      departement: departement.code,
      region: departement.region,
      lat: positioned ? mean('lat') : departement.lat,
      lon: positioned ? mean('lon') : departement.lon,
      population,
      coordinatesFrom: positioned ? 'arrondissements' : 'departement',
    };
  }

  // ── lookups ────────────────────────────────────────────────────────────────────────

  /**
   * Every place a point can fall in, once: communes, with the arrondissements of Paris,
   * Lyon and Marseille instead of the cities, no delegated communes. Sorted by code.
   */
  communes(): readonly CommuneRecord[] {
    return this.partition;
  }

  /** Every commune record, cities rebuilt from arrondissements and delegated communes included (for name search). */
  communeRecords(): readonly CommuneRecord[] {
    return [...this.byCode.values()];
  }

  departements(): readonly DepartementRecord[] {
    return [...this.departementsByCode.values()];
  }

  regions(): readonly RegionRecord[] {
    return [...this.regionsByCode.values()];
  }

  /** By INSEE code (`04088`, `2A004`, `75111`, also `75056` Paris); case-insensitive. */
  commune(code: string): CommuneRecord | undefined {
    return this.byCode.get(code.trim().toUpperCase());
  }

  departement(code: string): DepartementRecord | undefined {
    return this.departementsByCode.get(code.trim().toUpperCase());
  }

  region(code: string): RegionRecord | undefined {
    return this.regionsByCode.get(code.trim());
  }

  /** Communes using this postcode, most populous first (empty when unknown). */
  communesByPostcode(postcode: string): readonly CommuneRecord[] {
    return this.byPostcode.get(postcode.trim()) ?? [];
  }

  departementOf(communeCode: string): DepartementRecord | undefined {
    const commune = this.commune(communeCode);
    return commune && this.departementsByCode.get(commune.departement);
  }

  regionOf(departementCode: string): RegionRecord | undefined {
    const departement = this.departement(departementCode);
    return departement && this.regionsByCode.get(departement.region);
  }

  /** The areas enclosing the given codes; the most specific known code decides the rest. */
  enclosing(codes: AdminCodes): Enclosing {
    const commune = codes.communeCode ? this.commune(codes.communeCode) : undefined;
    const parentCommune = commune?.parent ? this.commune(commune.parent) : undefined;
    const departement = commune
      ? this.departementsByCode.get(commune.departement)
      : codes.departementCode
        ? this.departement(codes.departementCode)
        : undefined;
    const region = departement ? this.regionsByCode.get(departement.region) : codes.regionCode ? this.region(codes.regionCode) : undefined;
    return {
      ...(commune ? { commune } : {}),
      ...(parentCommune ? { parentCommune } : {}),
      ...(departement ? { departement } : {}),
      ...(region ? { region } : {}),
    };
  }

  /**
   * The areas around the given codes, most specific first: commune, its parent commune
   * (arrondissement → city), département, région. For referent lookup and escalation.
   */
  areaChain(codes: AdminCodes): readonly AreaRef[] {
    const e = this.enclosing(codes);
    const chain: AreaRef[] = [];
    if (e.commune) chain.push({ level: 'commune', code: e.commune.code, name: e.commune.name });
    if (e.parentCommune) chain.push({ level: 'commune', code: e.parentCommune.code, name: e.parentCommune.name });
    if (e.departement) chain.push({ level: 'departement', code: e.departement.code, name: e.departement.name });
    if (e.region) chain.push({ level: 'region', code: e.region.code, name: e.region.name });
    return chain;
  }

  /** The commune whose centre is nearest, unless none lies within `maxKm`. */
  nearestCommune(point: GeoPoint, maxKm: number = this.nearestMaxKm): CommuneRecord | undefined {
    const [id] = around(this.geoIndex, point.lon, point.lat, 1, maxKm);
    return id === undefined ? undefined : this.located[id];
  }

  /** Communes whose centre lies within `radiusKm` of the point, nearest first. */
  communesWithin(point: GeoPoint, radiusKm: number): readonly CommuneRecord[] {
    return around(this.geoIndex, point.lon, point.lat, Infinity, radiusKm)
      .map((id) => this.located[id])
      .filter((r): r is CommuneRecord => r !== undefined);
  }

  // ── resolution ─────────────────────────────────────────────────────────────────────

  /**
   * `{lat, lon, label?}` | `{postcode}` | `{communeCode}` → the location to store. `field`
   * is the path used in violations and notes (e.g. `location`). Throws
   * TerritoryValidationError listing every problem of this input.
   */
  resolveLocation(input: unknown, field: string): Resolution<ResolvedLocation> {
    const violations: FieldViolation[] = [];
    const selector = this.readSelector(input, field, ['point', 'postcode', 'commune'], violations);
    if (present((input as Record<string, unknown> | null)?.radiusKm)) {
      violations.push({
        field: fieldPath(field, 'radiusKm'),
        message: bilingual('pas de rayon pour un lieu', 'a location takes no radiusKm'),
      });
    }
    if (!selector || violations.length > 0) throw new TerritoryValidationError(violations);
    return this.locate(selector as Exclude<Selector, { kind: 'departement' | 'region' }>, field);
  }

  /**
   * A circle (`{lat, lon, radiusKm, label?}`, `{postcode, radiusKm}`, `{communeCode,
   * radiusKm}` → kind 'radius') or a whole area (`{communeCode}`, `{departementCode}`,
   * `{regionCode}` → kind 'area') → the territory to store. Throws
   * TerritoryValidationError listing every problem of this input.
   */
  resolveTerritory(input: unknown, field: string): Resolution<ResolvedTerritory> {
    const violations: FieldViolation[] = [];
    const selector = this.readSelector(input, field, ['point', 'postcode', 'commune', 'departement', 'region'], violations);
    const radiusKm = (input as Record<string, unknown> | null)?.radiusKm;
    const radiusField = fieldPath(field, 'radiusKm');
    const hasRadius = present(radiusKm);
    if (hasRadius) {
      if (typeof radiusKm !== 'number' || !Number.isFinite(radiusKm) || radiusKm < RADIUS_KM.min || radiusKm > RADIUS_KM.max) {
        violations.push({
          field: radiusField,
          message: bilingual(
            `rayon entre ${RADIUS_KM.min} et ${RADIUS_KM.max} km attendu`,
            `radiusKm must be a number from ${RADIUS_KM.min} to ${RADIUS_KM.max}: ${show(radiusKm)}`,
          ),
        });
      }
      if (selector?.kind === 'departement' || selector?.kind === 'region') {
        violations.push({
          field: radiusField,
          message: bilingual('pas de rayon autour d’un département ou d’une région', 'no radiusKm with a département or a région'),
        });
      }
    } else if (selector?.kind === 'point' || selector?.kind === 'postcode') {
      violations.push({ field: radiusField, message: bilingual('rayon requis', 'radiusKm is required') });
    }
    if (!selector || violations.length > 0) throw new TerritoryValidationError(violations);

    if (selector.kind === 'departement') {
      const d = selector.departement;
      return {
        value: {
          kind: 'area',
          level: 'departement',
          code: d.code,
          lat: d.lat,
          lon: d.lon,
          label: d.name,
          departementCode: d.code,
          regionCode: d.region,
        },
        notes: [],
      };
    }
    if (selector.kind === 'region') {
      const r = selector.region;
      return {
        value: { kind: 'area', level: 'region', code: r.code, lat: r.lat, lon: r.lon, label: r.name, regionCode: r.code },
        notes: [],
      };
    }
    const { value, notes } = this.locate(selector, field);
    if (selector.kind === 'commune' && !hasRadius) {
      return { value: { kind: 'area', level: 'commune', code: selector.commune.code, ...value }, notes };
    }
    return { value: { kind: 'radius', ...value, radiusKm: radiusKm as number }, notes };
  }

  /** `resolveAll` over locations: fields `field[0]`, `field[1]`…; one error for all. */
  resolveLocations(inputs: readonly unknown[], field: string): Resolutions<ResolvedLocation> {
    return resolveAll(inputs, field, (input, at) => this.resolveLocation(input, at));
  }

  /** `resolveAll` over territories: fields `field[0]`, `field[1]`…; one error for all. */
  resolveTerritories(inputs: readonly unknown[], field: string): Resolutions<ResolvedTerritory> {
    return resolveAll(inputs, field, (input, at) => this.resolveTerritory(input, at));
  }

  private locate(selector: Exclude<Selector, { kind: 'departement' | 'region' }>, field: string): Resolution<ResolvedLocation> {
    const notes: ResolutionNote[] = [];
    if (selector.kind === 'point') {
      const { lat, lon } = selector;
      const commune = this.nearestCommune({ lat, lon });
      if (!commune) {
        notes.push({
          field,
          message: bilingual(
            `aucune commune à moins de ${this.nearestMaxKm} km : lieu gardé sans code`,
            `no commune within ${this.nearestMaxKm} km: place kept without codes`,
          ),
        });
        return { value: { lat, lon, label: selector.label ?? `${lat.toFixed(4)}, ${lon.toFixed(4)}` }, notes };
      }
      return { value: { lat, lon, label: selector.label ?? commune.name, ...this.codesOf(commune) }, notes };
    }
    let commune: CommuneRecord;
    if (selector.kind === 'postcode') {
      commune = selector.communes[0];
      if (selector.communes.length > 1) {
        const n = selector.communes.length;
        notes.push({
          field: fieldPath(field, 'postcode'),
          message: bilingual(
            `le code postal ${selector.postcode} est partagé par ${n} communes ; ${commune.name} retenue (la plus peuplée)`,
            `postcode ${selector.postcode} is shared by ${n} communes; using ${commune.name} (most populous)`,
          ),
        });
      }
    } else {
      commune = selector.commune;
    }
    if (commune.coordinatesFrom === 'departement') {
      notes.push({
        field,
        message: bilingual(
          `position de ${commune.name} inconnue : centre du département utilisé`,
          `${commune.name} has no known position: using the centre of its département`,
        ),
      });
    }
    return { value: { lat: commune.lat, lon: commune.lon, label: commune.name, ...this.codesOf(commune) }, notes };
  }

  private codesOf(commune: CommuneRecord): AdminCodes {
    return { communeCode: commune.code, departementCode: commune.departement, regionCode: commune.region };
  }

  /** Reads which kind of place the input names and checks it; problems go to `violations`. */
  private readSelector(
    input: unknown,
    field: string,
    allowed: readonly SelectorKind[],
    violations: FieldViolation[],
  ): Selector | undefined {
    const forms = allowed.map((k) => `{${SELECTOR_KEYS[k].join(', ')}}`).join(', ');
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      violations.push({ field, message: bilingual(`lieu attendu parmi ${forms}`, `expected one of ${forms}`) });
      return undefined;
    }
    const data = input as Record<string, unknown>;
    const given = (Object.keys(SELECTOR_KEYS) as SelectorKind[]).filter((k) => SELECTOR_KEYS[k].some((key) => present(data[key])));
    const refused = given.filter((k) => !allowed.includes(k));
    if (given.length === 0 || refused.length > 0) {
      violations.push({ field, message: bilingual(`lieu attendu parmi ${forms}`, `expected one of ${forms}`) });
      return undefined;
    }
    if (given.length > 1) {
      const names = given.map((k) => SELECTOR_NAMES[k]).join(', ');
      violations.push({ field, message: bilingual(`un seul lieu attendu, reçu : ${names}`, `exactly one place expected, got: ${names}`) });
      return undefined;
    }
    const kind = given[0];
    const codeField = (key: string, what: { fr: string; en: string }, example: string) => {
      const value = data[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim().toUpperCase();
      violations.push({
        field: fieldPath(field, key),
        message: bilingual(
          `${what.fr} attendu sous forme de texte (ex. "${example}")`,
          `${what.en} must be a string (e.g. "${example}"): ${show(value)}`,
        ),
      });
      return undefined;
    };
    const unknown = (key: string, fr: string, en: string, value: string) =>
      violations.push({ field: fieldPath(field, key), message: bilingual(`${fr} inconnu`, `unknown ${en}: ${value}`) });

    switch (kind) {
      case 'point': {
        const lat = data.lat;
        const lon = data.lon;
        let ok = true;
        if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
          ok = false;
          violations.push({
            field: fieldPath(field, 'lat'),
            message: bilingual('latitude entre -90 et 90 attendue', `lat must be a number from -90 to 90: ${show(lat)}`),
          });
        }
        if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
          ok = false;
          violations.push({
            field: fieldPath(field, 'lon'),
            message: bilingual('longitude entre -180 et 180 attendue', `lon must be a number from -180 to 180: ${show(lon)}`),
          });
        }
        let label: string | undefined;
        if (present(data.label)) {
          if (typeof data.label !== 'string' || data.label.trim().length > MAX_LABEL_LENGTH) {
            ok = false;
            violations.push({
              field: fieldPath(field, 'label'),
              message: bilingual(
                `texte de ${MAX_LABEL_LENGTH} caractères au plus attendu`,
                `label must be a string of at most ${MAX_LABEL_LENGTH} characters`,
              ),
            });
          } else if (data.label.trim() !== '') {
            label = data.label.trim();
          }
        }
        return ok ? { kind, lat: lat as number, lon: lon as number, ...(label !== undefined ? { label } : {}) } : undefined;
      }
      case 'postcode': {
        const postcode = codeField('postcode', { fr: 'code postal', en: 'postcode' }, '04300');
        if (postcode === undefined) return undefined;
        const communes = POSTCODE.test(postcode) ? this.communesByPostcode(postcode) : [];
        if (communes.length === 0) return void unknown('postcode', 'code postal', 'postcode', postcode);
        return { kind, postcode, communes };
      }
      case 'commune': {
        const code = codeField('communeCode', { fr: 'code commune', en: 'communeCode' }, '04088');
        if (code === undefined) return undefined;
        const commune = this.commune(code);
        if (!commune) return void unknown('communeCode', 'code commune', 'commune code', code);
        return { kind, commune };
      }
      case 'departement': {
        const code = codeField('departementCode', { fr: 'code de département', en: 'departementCode' }, '04');
        if (code === undefined) return undefined;
        const departement = this.departement(code);
        if (!departement) return void unknown('departementCode', 'code de département', 'département code', code);
        return { kind, departement };
      }
      case 'region': {
        const code = codeField('regionCode', { fr: 'code de région', en: 'regionCode' }, '93');
        if (code === undefined) return undefined;
        const region = this.region(code);
        if (!region) return void unknown('regionCode', 'code de région', 'région code', code);
        return { kind, region };
      }
    }
  }
}

/** Reads the CSVs of `dataDir` (default: the copy shipped with this library) into a directory. */
export const loadTerritoryDirectory = (dataDir?: string, options?: TerritoryDirectoryOptions): TerritoryDirectory =>
  new TerritoryDirectory(readTerritoryData(dataDir), options);
