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
