import { KM_PER_DEGREE } from './haversine';

/** Cell size in degrees: ~28 km north-south, ~18–20 km east-west over mainland France. */
export const DEFAULT_CELL_DEGREES = 0.25;

const EPSILON_DEGREES = 1e-7;

type Box = { rowMin: number; rowMax: number; colMin: number; colMax: number };

/** Multiset of ids per cell, so one id may be filed several times (e.g. two circles in one cell). */
class CellIndex<Id> {
  // Cells by number (row × columns + column): cheaper to hash than "row:column" strings.
  readonly cells = new Map<number, Map<Id, number>>();

  add(key: number, id: Id): void {
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = new Map<Id, number>()));
    cell.set(id, (cell.get(id) ?? 0) + 1);
  }

  remove(key: number, id: Id): void {
    const cell = this.cells.get(key);
    const count = cell?.get(id);
    if (!cell || count === undefined) return;
    if (count > 1) cell.set(id, count - 1);
    else {
      cell.delete(id);
      if (cell.size === 0) this.cells.delete(key);
    }
  }
}

/** Cell arithmetic shared by both grids (rows of latitude, columns of longitude wrapping at ±180°). */
class Cells {
  readonly columns: number;

  constructor(readonly degrees: number) {
    this.columns = Math.round(360 / degrees);
  }

  keyOf(lat: number, lon: number): number {
    return this.cell(Math.floor(lat / this.degrees), this.wrap(Math.floor(lon / this.degrees)));
  }

  private cell(row: number, col: number): number {
    return row * this.columns + col;
  }

  /** Rows and (unwrapped) columns of the bounding box of a circle. */
  box(lat: number, lon: number, radiusKm: number): Box {
    const s = this.degrees;
    const r = Math.max(0, radiusKm);
    // A hair of padding so that points on a cell border at distance ≈ radius are not lost to rounding.
    const dLat = r / KM_PER_DEGREE + EPSILON_DEGREES;
    const rowMin = Math.floor(Math.max(-90, lat - dLat) / s);
    const rowMax = Math.floor(Math.min(90, lat + dLat) / s);
    const cos = Math.cos((Math.min(90, Math.abs(lat) + dLat) * Math.PI) / 180);
    const dLon = cos < 1e-9 ? 360 : r / (KM_PER_DEGREE * cos) + EPSILON_DEGREES;
    if (dLon >= 180) return { rowMin, rowMax, colMin: 0, colMax: this.columns - 1 };
    return { rowMin, rowMax, colMin: Math.floor((lon - dLon) / s), colMax: Math.floor((lon + dLon) / s) };
  }

  boxSize(b: Box): number {
    return (b.rowMax - b.rowMin + 1) * Math.min(this.columns, b.colMax - b.colMin + 1);
  }

  keysOf(b: Box): number[] {
    const out = new Set<number>();
    for (let row = b.rowMin; row <= b.rowMax; row++) {
      for (let col = b.colMin; col <= b.colMax; col++) out.add(this.cell(row, this.wrap(col)));
    }
    return [...out];
  }

  inBox(key: number, b: Box): boolean {
    const row = Math.floor(key / this.columns);
    const col = key - row * this.columns;
    if (row < b.rowMin || row > b.rowMax) return false;
    const width = b.colMax - b.colMin;
    return width >= this.columns - 1 || (col - this.wrap(b.colMin) + this.columns) % this.columns <= width;
  }

  private wrap(col: number): number {
    return ((col % this.columns) + this.columns) % this.columns;
  }
}

/**
 * Points on a uniform lat/lon grid. Incremental add and remove are O(1), which a static
 * k-d tree would not give us. `near` returns a superset (every id in a cell touching the
 * circle's bounding box); callers filter by exact distance.
 */
export class GeoGrid<Id = string> {
  private readonly index = new CellIndex<Id>();
  private readonly grid: Cells;

  constructor(cellDegrees = DEFAULT_CELL_DEGREES) {
    this.grid = new Cells(cellDegrees);
  }

  add(id: Id, lat: number, lon: number): void {
    this.index.add(this.grid.keyOf(lat, lon), id);
  }

  remove(id: Id, lat: number, lon: number): void {
    this.index.remove(this.grid.keyOf(lat, lon), id);
  }

  near(lat: number, lon: number, radiusKm: number, into: Set<Id> = new Set()): Set<Id> {
    this.visitNear(lat, lon, radiusKm, (id) => into.add(id));
    return into;
  }

  /** Calls `visit` for each id `near` would return (an id filed in several cells, once per cell). */
  visitNear(lat: number, lon: number, radiusKm: number, visit: (id: Id) => void): void {
    const box = this.grid.box(lat, lon, radiusKm);
    const { cells } = this.index;
    if (this.grid.boxSize(box) > cells.size) {
      // A huge circle over a sparse grid: walk the occupied cells instead of the box.
      for (const [key, cell] of cells) if (this.grid.inBox(key, box)) for (const id of cell.keys()) visit(id);
    } else {
      for (const key of this.grid.keysOf(box)) {
        const cell = cells.get(key);
        if (cell) for (const id of cell.keys()) visit(id);
      }
    }
  }
}

/**
 * Circles filed under every cell their bounding box touches, to answer "which circles may
 * contain this point" with one cell lookup (used for referents, who are few).
 */
export class CircleGrid {
  private readonly index = new CellIndex<string>();
  private readonly grid: Cells;

  constructor(cellDegrees = DEFAULT_CELL_DEGREES) {
    this.grid = new Cells(cellDegrees);
  }

  add(id: string, lat: number, lon: number, radiusKm: number): void {
    for (const key of this.grid.keysOf(this.grid.box(lat, lon, radiusKm))) this.index.add(key, id);
  }

  remove(id: string, lat: number, lon: number, radiusKm: number): void {
    for (const key of this.grid.keysOf(this.grid.box(lat, lon, radiusKm))) this.index.remove(key, id);
  }

  at(lat: number, lon: number): string[] {
    return [...(this.index.cells.get(this.grid.keyOf(lat, lon))?.keys() ?? [])];
  }
}
