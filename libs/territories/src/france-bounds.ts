import type { GeoPoint } from './geo';
import { readTerritoryData, type TerritoryData } from './territory-data';

export type BoundingBox = Readonly<{ minLat: number; maxLat: number; minLon: number; maxLon: number }>;

/**
 * Commune centres lie inside their borders: the box of a département's centres is widened
 * by this much (about 28 km north–south) so its border communes, coast and islands fall inside.
 */
export const BOUNDS_MARGIN_DEGREES = 0.25;

/** The département a commune row belongs to (delegated communes leave the column empty). */
const departementOf = (code: string, departement: string) => departement || (code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2));

/**
 * One box per département, metropolitan and overseas alike, from the reference data: the
 * extent of its communes' centres and its own centre, widened by `margin`.
 */
export const departementBounds = (data: TerritoryData, margin = BOUNDS_MARGIN_DEGREES): ReadonlyMap<string, BoundingBox> => {
  const boxes = new Map<string, { minLat: number; maxLat: number; minLon: number; maxLon: number }>();
  const add = (code: string, lat: number, lon: number) => {
    const box = boxes.get(code);
    if (!box) boxes.set(code, { minLat: lat, maxLat: lat, minLon: lon, maxLon: lon });
    else
      Object.assign(box, {
        minLat: Math.min(box.minLat, lat),
        maxLat: Math.max(box.maxLat, lat),
        minLon: Math.min(box.minLon, lon),
        maxLon: Math.max(box.maxLon, lon),
      });
  };
  for (const d of data.departements) add(d.code, d.lat, d.lon);
  for (const c of data.communes) if (c.lat !== undefined && c.lon !== undefined) add(departementOf(c.code, c.departement), c.lat, c.lon);
  return new Map(
    [...boxes].map(([code, b]) => [
      code,
      { minLat: b.minLat - margin, maxLat: b.maxLat + margin, minLon: b.minLon - margin, maxLon: b.maxLon + margin },
    ]),
  );
};

export const isWithinAny = (boxes: Iterable<BoundingBox>, { lat, lon }: GeoPoint): boolean => {
  for (const b of boxes) if (lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon) return true;
  return false;
};

let shipped: readonly BoundingBox[] | undefined;

/**
 * Whether a point lies in France (a département's box, overseas included), from the data
 * shipped in `data/`, read once on first use. For checking input where no
 * `TerritoryDirectory` instance is at hand (request validation).
 */
export const isInFrance = (point: GeoPoint): boolean => {
  shipped ??= [...departementBounds(readTerritoryData()).values()];
  return isWithinAny(shipped, point);
};
