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
