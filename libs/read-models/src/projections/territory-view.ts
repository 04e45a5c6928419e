import type { ResolvedLocation, ResolvedTerritory } from '@trame/domain';

/** The public shape of a place, copied field by field so nothing else in an event leaks. */
export type LocationView = {
  label: string;
  lat: number;
  lon: number;
  communeCode?: string;
  departementCode?: string;
  regionCode?: string;
};

export type TerritoryView = LocationView &
  ({ kind: 'radius'; radiusKm: number } | { kind: 'area'; level: 'commune' | 'departement' | 'region'; code: string });

export const locationView = (location: ResolvedLocation): LocationView => ({
  label: location.label,
  lat: location.lat,
  lon: location.lon,
  communeCode: location.communeCode,
  departementCode: location.departementCode,
  regionCode: location.regionCode,
});

export const territoryView = (territory: ResolvedTerritory): TerritoryView =>
  territory.kind === 'radius'
    ? { kind: 'radius', radiusKm: territory.radiusKm, ...locationView(territory) }
    : { kind: 'area', level: territory.level, code: territory.code, ...locationView(territory) };

/**
 * `<level>:<code>` of every whole area covered (`commune:69123`, `departement:69`,
 * `region:84`), so "who covers this place" is one `$in` query on the place's three codes.
 * Radius territories are matched by distance instead.
 */
export const areaKeys = (territories: readonly ResolvedTerritory[]): string[] => [
  ...new Set(territories.flatMap((t) => (t.kind === 'area' ? [`${t.level}:${t.code}`] : []))),
];

/** The keys to look up with `areaKeys: { $in: placeAreaKeys(location) }`. */
export const placeAreaKeys = (place: LocationView): string[] => [
  ...(place.communeCode ? [`commune:${place.communeCode}`] : []),
  ...(place.departementCode ? [`departement:${place.departementCode}`] : []),
  ...(place.regionCode ? [`region:${place.regionCode}`] : []),
];

/** Grid used to find projects near a point with one indexed `$in` query (no geo index needed). */
export const GEO_CELL_DEGREES = 0.5;

export const geoCell = (lat: number, lon: number): string => `${Math.floor(lat / GEO_CELL_DEGREES)}:${Math.floor(lon / GEO_CELL_DEGREES)}`;

/**
 * Cells of the grid that a circle can touch (its bounding box), for `geoCell: {$in}`.
 * Candidates are then filtered by exact distance.
 */
export const geoCellsAround = (lat: number, lon: number, radiusKm: number): string[] => {
  const dLat = radiusKm / 111.2;
  const cos = Math.max(Math.cos((Math.min(Math.abs(lat) + dLat, 89.9) * Math.PI) / 180), 1e-6);
  const dLon = Math.min(radiusKm / (111.32 * cos), 180);
  const cells: string[] = [];
  for (let i = Math.floor((lat - dLat) / GEO_CELL_DEGREES); i <= Math.floor((lat + dLat) / GEO_CELL_DEGREES); i++) {
    for (let j = Math.floor((lon - dLon) / GEO_CELL_DEGREES); j <= Math.floor((lon + dLon) / GEO_CELL_DEGREES); j++) {
      cells.push(`${i}:${j}`);
    }
  }
  return cells;
};
