/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;
/** Length of one degree of latitude, km. */
export const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km (kept local so the engine does not depend on libs/territories). */
export const haversineKm = (lat1: number, lon1: number, lat2: number, lon2: number): number => {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
};

/** A point as a unit vector (x, y, z): what `chordKm` measures between (computed once per place). */
export const unitVector = (lat: number, lon: number): [number, number, number] => {
  const phi = rad(lat);
  const lambda = rad(lon);
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
};

// Below this half chord (≈ 1,270 km), the arcsine's series to x^13 is exact to 1e-14.
const SERIES_LIMIT = 0.1;

/**
 * Great-circle distance in km between two unit vectors, through the chord between them:
 * the same distance as `haversineKm` to about 1e-11 km, with no trigonometric call for
 * distances under ~1,270 km (the matcher measures millions of pairs).
 */
export const chordKm = (x1: number, y1: number, z1: number, x2: number, y2: number, z2: number): number => {
  const dx = x1 - x2;
  const dy = y1 - y2;
  const dz = z1 - z2;
  const x = Math.min(1, Math.sqrt(dx * dx + dy * dy + dz * dz) / 2);
  if (x >= SERIES_LIMIT) return 2 * EARTH_RADIUS_KM * Math.asin(x);
  const x2s = x * x;
  // asin(x) = x + x³/6 + 3x⁵/40 + 5x⁷/112 + 35x⁹/1152 + 63x¹¹/2816 + 231x¹³/13312 + …
  const series = 1 + x2s * (1 / 6 + x2s * (3 / 40 + x2s * (5 / 112 + x2s * (35 / 1152 + x2s * (63 / 2816 + x2s * (231 / 13312))))));
  return 2 * EARTH_RADIUS_KM * x * series;
};
