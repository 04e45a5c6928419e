/** A point in WGS84 degrees. */
export type GeoPoint = Readonly<{ lat: number; lon: number }>;

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

// Hoisted: under jest's vm context every global lookup (Math…) is an interceptor call.
const { asin, cos, min, sin, sqrt, PI } = Math;
const rad = (deg: number) => (deg * PI) / 180;

/** Great-circle distance in km (haversine): accurate to ~0.5 %, plenty for matching radii. */
export const distanceKm = (a: GeoPoint, b: GeoPoint): number => {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = sin(dLat / 2) ** 2 + cos(rad(a.lat)) * cos(rad(b.lat)) * sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * asin(min(1, sqrt(h)));
};
