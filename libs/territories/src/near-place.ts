import type { PlaceSearch, PlaceSuggestion } from './place-search';

/**
 * What `near=` may be: `lat,lon`; a place code from the place suggestions
 * (`commune:04088`, `departement:04`, `region:93`); or a postcode (`04300`).
 */
export const NEAR_FORMAT =
  /^(-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?|\d{5}|commune:(\d{5}|2[AB]\d{3})|departement:(\d{2}|2[AB]|97\d)|region:\d{2})$/i;

/**
 * Where a search is centred: around a point (coordinates, a commune or a postcode of one
 * commune; `radiusKm` applies), or a whole département or région (every project in it,
 * nearest its centre first).
 */
export type NearPlace =
  | Readonly<{ kind: 'point'; lat: number; lon: number; place?: PlaceSuggestion }>
  | Readonly<{ kind: 'area'; level: 'departement' | 'region'; code: string; lat: number; lon: number; place: PlaceSuggestion }>;

export type NearResolution =
  | Readonly<{ ok: true; near: NearPlace }>
  /** `candidates` is empty when nothing is known by that code; several for a shared postcode. */
  | Readonly<{ ok: false; candidates: readonly PlaceSuggestion[] }>;

/** Reads a `near=` value already matching `NEAR_FORMAT`. */
export const resolveNear = (value: string, places: PlaceSearch): NearResolution => {
  const text = value.trim();
  if (text.includes(',')) {
    const [lat, lon] = text.split(',').map(Number) as [number, number];
    return { ok: true, near: { kind: 'point', lat, lon } };
  }
  if (/^\d{5}$/.test(text)) {
    const communes = places.postcode(text);
    if (communes.length !== 1) return { ok: false, candidates: communes };
    const [place] = communes;
    return { ok: true, near: { kind: 'point', lat: place.lat, lon: place.lon, place } };
  }
  const place = places.place(text);
  if (!place) return { ok: false, candidates: [] };
  if (place.kind === 'commune') return { ok: true, near: { kind: 'point', lat: place.lat, lon: place.lon, place } };
  const code = place.code.slice(place.code.indexOf(':') + 1);
  return { ok: true, near: { kind: 'area', level: place.kind, code, lat: place.lat, lon: place.lon, place } };
};
