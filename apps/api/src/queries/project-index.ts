import type { ProjectKind, ProjectStage } from '@trame/domain';
import { haversineKm } from '@trame/matching';
import type { ProjectCard, ReadModelDocument } from '@trame/read-models';
import { prepare } from './prepared-json';

/** A card as the api shows it: storage fields stripped, `id` added. */
export type PublicCard = Omit<ProjectCard, 'geoCell'> & { id: string };

/** Strips storage fields: what leaves the api is the public document only. */
export const publicCard = ({ _id, _position, geoCell: _geoCell, ...card }: ReadModelDocument<ProjectCard>): PublicCard => ({
  id: _id,
  ...card,
});

/** Where a list is centred: a circle, or every project of a département or région (nearest its centre first). */
export type ListCentre =
  | Readonly<{ kind: 'circle'; lat: number; lon: number; radiusKm: number }>
  | Readonly<{ kind: 'area'; level: 'departement' | 'region'; code: string; lat: number; lon: number }>;

export type ListQuery = Readonly<{
  centre?: ListCentre;
  /** Already normalised (the matcher's term key). */
  themeKey?: string;
  kind?: ProjectKind;
  stage?: ProjectStage;
  remoteFriendly?: boolean;
  /** Items skipped, then at most `take` items. */
  skip: number;
  take: number;
}>;

export type ListItem = PublicCard & { distanceKm?: number };
export type ListPage = { items: ListItem[]; total: number };

type Entry = Readonly<{
  id: string;
  card: PublicCard;
  /** `card` as JSON, without its closing brace (a distance may follow). */
  json: string;
  lat: number;
  lon: number;
  cell: number;
  themeKeys: ReadonlySet<string>;
  departementCode?: string;
  regionCode?: string;
  proposedAt: string;
}>;

/**
 * Grid of the index, degrees: fine enough that a 10 km circle reads a dozen cells, not the
 * whole half-degree cells of the read model's `geoCell` (a city's cell holds thousands).
 */
const CELL_DEGREES = 0.1;
/** A little under the 111.195 km of a degree (of latitude; of longitude at the equator): the box then holds the whole circle. */
const KM_PER_DEGREE = 111.0;
const cellRow = (lat: number) => Math.floor(lat / CELL_DEGREES);
const cellColumn = (lon: number) => Math.floor(lon / CELL_DEGREES);
/** One number per cell (rows and columns offset to stay positive): no string built per lookup. */
const cellKey = (row: number, column: number) => (row + 1000) * 10_000 + (column + 2000);
/** The key of the grid of every active project (per-theme grids use the theme's key). */
const ALL = '\u0000all';

const compareIds = (a: Entry, b: Entry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byNewest = (a: Entry, b: Entry) => (a.proposedAt < b.proposedAt ? 1 : a.proposedAt > b.proposedAt ? -1 : compareIds(a, b));

const addTo = <K>(map: Map<K, Set<Entry>>, key: K | undefined, entry: Entry) => {
  if (key === undefined) return;
  const set = map.get(key);
  if (set) set.add(entry);
  else map.set(key, new Set([entry]));
};
const removeFrom = <K>(map: Map<K, Set<Entry>>, key: K | undefined, entry: Entry) => {
  if (key === undefined) return;
  const set = map.get(key);
  set?.delete(entry);
  if (set?.size === 0) map.delete(key);
};

/** Well above the error of measuring to a cell's edge or corner instead of its true nearest or farthest point (≤ 0.1 km at 200 km). */
const MARGIN_KM = 1;
const clamp = (x: number, min: number, max: number) => (x < min ? min : x > max ? max : x);

type NearCell = { entries: ReadonlySet<Entry>; minKm: number; maxKm: number };

/** The non-empty cells of the circle's box that the circle reaches, nearest first, with their nearest and farthest distances. */
function cellsNear(grid: ReadonlyMap<number, Set<Entry>>, lat: number, lon: number, radiusKm: number, dLat: number, dLon: number) {
  const cells: NearCell[] = [];
  for (let row = cellRow(lat - dLat); row <= cellRow(lat + dLat); row++) {
    const south = row * CELL_DEGREES;
    const north = south + CELL_DEGREES;
    for (let column = cellColumn(lon - dLon); column <= cellColumn(lon + dLon); column++) {
      const entries = grid.get(cellKey(row, column));
      if (!entries) continue;
      const west = column * CELL_DEGREES;
      const east = west + CELL_DEGREES;
      const minKm = haversineKm(lat, lon, clamp(lat, south, north), clamp(lon, west, east));
      if (minKm - MARGIN_KM > radiusKm) continue;
      const maxKm = haversineKm(lat, lon, lat - south > north - lat ? south : north, lon - west > east - lon ? west : east);
      cells.push({ entries, minKm, maxKm });
    }
  }
  return cells.sort((a, b) => a.minKm - b.minKm);
}

/**
 * The `limit` nearest seen so far, nearest first (ties by id, as the store's order was): a
 * page needs only its first `skip + take`, so a dense area's thousands of matches are
 * counted, not sorted.
 */
class Nearest {
  readonly distances: number[] = [];
  readonly entries: Entry[] = [];
  total = 0;

  constructor(private readonly limit: number) {}

  /** The farthest distance that could still enter the list (Infinity until it is full). */
  get worst(): number {
    return this.distances.length < this.limit ? Infinity : (this.distances[this.limit - 1] ?? Infinity);
  }

  offer(distanceKm: number, entry: Entry): void {
    this.total++;
    const { distances, entries, limit } = this;
    const n = distances.length;
    if (limit === 0) return;
    if (n === limit) {
      const last = distances[n - 1];
      if (distanceKm > last || (distanceKm === last && entry.id > entries[n - 1].id)) return;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = distances[mid];
      if (d < distanceKm || (d === distanceKm && entries[mid].id < entry.id)) lo = mid + 1;
      else hi = mid;
    }
    distances.splice(lo, 0, distanceKm);
    entries.splice(lo, 0, entry);
    if (n === limit) {
      distances.pop();
      entries.pop();
    }
  }
}

/**
 * The active projects in memory, indexed for `GET /v1/projects`: a grid of 0.1° cells, for
 * every project and per theme, for "near a point"; sets per département and région; and the
 * newest-first order worked out once per change rather than per request. Paused and closed
 * projects are left out. Answers are those the store's queries gave before, in the same order.
 */
export class ProjectIndex {
  private readonly byId = new Map<string, Entry>();
  /** Per theme key (and `ALL`): cell → the entries in it. */
  private readonly grids = new Map<string, Map<number, Set<Entry>>>();
  private readonly byTheme = new Map<string, Set<Entry>>();
  private readonly byDepartement = new Map<string, Set<Entry>>();
  private readonly byRegion = new Map<string, Set<Entry>>();
  /** Newest first, per theme key (`ALL` for all): rebuilt lazily after a change. */
  private readonly newest = new Map<string, readonly Entry[]>();

  constructor(private readonly themeKey: (theme: string) => string) {}

  get size(): number {
    return this.byId.size;
  }

  /** Takes a card as the store has it now (any status): indexed when active, dropped otherwise. */
  put(doc: ReadModelDocument<ProjectCard>): void {
    this.remove(doc._id);
    if (doc.status !== 'active') return;
    const { lat, lon } = doc.location;
    const card = publicCard(doc);
    const json = JSON.stringify(card);
    const entry: Entry = {
      id: doc._id,
      card,
      json: json.slice(0, -1),
      lat,
      lon,
      cell: cellKey(cellRow(lat), cellColumn(lon)),
      themeKeys: new Set(doc.themes.map(this.themeKey)),
      departementCode: doc.location.departementCode,
      regionCode: doc.location.regionCode,
      proposedAt: doc.proposedAt,
    };
    this.byId.set(entry.id, entry);
    for (const key of [ALL, ...entry.themeKeys]) {
      let grid = this.grids.get(key);
      if (!grid) this.grids.set(key, (grid = new Map<number, Set<Entry>>()));
      addTo(grid, entry.cell, entry);
    }
    for (const key of entry.themeKeys) addTo(this.byTheme, key, entry);
    addTo(this.byDepartement, entry.departementCode, entry);
    addTo(this.byRegion, entry.regionCode, entry);
    this.newest.clear();
  }

  remove(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    for (const key of [ALL, ...entry.themeKeys]) {
      const grid = this.grids.get(key);
      if (grid) removeFrom(grid, entry.cell, entry);
      if (grid?.size === 0) this.grids.delete(key);
    }
    for (const key of entry.themeKeys) removeFrom(this.byTheme, key, entry);
    removeFrom(this.byDepartement, entry.departementCode, entry);
    removeFrom(this.byRegion, entry.regionCode, entry);
    this.newest.clear();
  }

  clear(): void {
    for (const map of [this.byId, this.grids, this.byTheme, this.byDepartement, this.byRegion, this.newest]) map.clear();
  }

  query(q: ListQuery): ListPage {
    const { kind, stage, remoteFriendly, themeKey } = q;
    const keep = (e: Entry) =>
      (kind === undefined || e.card.kind === kind) &&
      (stage === undefined || e.card.stage === stage) &&
      (remoteFriendly === undefined || e.card.remoteFriendly === remoteFriendly);
    if (!q.centre) {
      const matches = this.newestFirst(themeKey).filter(keep);
      const page = matches.slice(q.skip, q.skip + q.take);
      const items = prepare(
        page.map((e) => e.card),
        page.map((e) => `${e.json}}`),
      );
      return { items, total: matches.length };
    }
    const { centre } = q;
    const nearest = new Nearest(q.skip + q.take);
    if (centre.kind === 'circle') {
      const { lat, lon, radiusKm } = centre;
      // The circle's bounding box, in cells: at the box's poleward edge a degree of longitude is shortest.
      const dLat = radiusKm / KM_PER_DEGREE;
      const cos = Math.max(Math.cos((Math.min(Math.abs(lat) + dLat, 89.9) * Math.PI) / 180), 1e-6);
      const dLon = Math.min(radiusKm / (KM_PER_DEGREE * cos), 180);
      const grid = this.grids.get(themeKey ?? ALL);
      const filtered = kind !== undefined || stage !== undefined || remoteFriendly !== undefined;
      for (const cell of grid ? cellsNear(grid, lat, lon, radiusKm, dLat, dLon) : []) {
        // A cell wholly inside the circle and too far to reach the page is counted, not measured.
        if (cell.maxKm + MARGIN_KM <= radiusKm && cell.minKm - MARGIN_KM > nearest.worst) {
          if (!filtered) nearest.total += cell.entries.size;
          else for (const e of cell.entries) if (keep(e)) nearest.total++;
          continue;
        }
        for (const e of cell.entries) {
          if (!keep(e)) continue;
          const distanceKm = haversineKm(lat, lon, e.lat, e.lon);
          if (distanceKm <= radiusKm) nearest.offer(distanceKm, e);
        }
      }
    } else {
      const area = (centre.level === 'departement' ? this.byDepartement : this.byRegion).get(centre.code);
      for (const e of area ?? []) {
        if (keep(e) && (themeKey === undefined || e.themeKeys.has(themeKey)))
          nearest.offer(haversineKm(centre.lat, centre.lon, e.lat, e.lon), e);
      }
    }
    const items: ListItem[] = [];
    const texts: string[] = [];
    for (let i = q.skip; i < nearest.entries.length; i++) {
      const { card, json } = nearest.entries[i];
      const distanceKm = Math.round(nearest.distances[i] * 10) / 10;
      items.push({ ...card, distanceKm });
      texts.push(`${json},"distanceKm":${JSON.stringify(distanceKm)}}`);
    }
    return { items: prepare(items, texts), total: nearest.total };
  }

  private newestFirst(themeKey: string | undefined): readonly Entry[] {
    const key = themeKey ?? ALL;
    let list = this.newest.get(key);
    if (!list) {
      const source = themeKey === undefined ? this.byId.values() : (this.byTheme.get(themeKey)?.values() ?? []);
      list = [...source].sort(byNewest);
      this.newest.set(key, list);
    }
    return list;
  }
}
