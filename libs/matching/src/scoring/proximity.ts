/**
 * The proximity function, one for every form of territory (docs/matching-engine.md, "The
 * score"): 1 at the place itself, 0.5 at HALF_PROXIMITY_KM, always decreasing.
 *
 *   proximity(d) = HALF_PROXIMITY_KM / (HALF_PROXIMITY_KM + d), d in km (rounded to 0.1)
 *
 * What d is, by form: a circle's distance from its centre to the project's place; for a
 * whole area holding the project's place (where in it the member lives is unknown), the
 * typical distance inside such an area (`AREA_DISTANCE_KM`); for a remote-friendly project
 * none of the member's territories places, REMOTE_DISTANCE_KM.
 */
export const HALF_PROXIMITY_KM = 25;

export const proximityAt = (km: number): number => HALF_PROXIMITY_KM / (HALF_PROXIMITY_KM + km);

/** Typical distance inside an area, by level (commune, département, région). */
export const AREA_DISTANCE_KM = { commune: 5, departement: 25, region: 75 } as const;

/** The distance a remote-friendly project counts for a member beyond their territories ("projet ouvert à distance"). */
export const REMOTE_DISTANCE_KM = 100;

/** Proximity of a whole area holding the project's place: 0.8333, 0.5, 0.25. */
export const AREA_PROXIMITY = {
  commune: proximityAt(AREA_DISTANCE_KM.commune),
  departement: proximityAt(AREA_DISTANCE_KM.departement),
  region: proximityAt(AREA_DISTANCE_KM.region),
} as const;

/** Proximity of a remote-friendly project for a member beyond their territories: 0.2 (a floor for the others). */
export const REMOTE_PROXIMITY = proximityAt(REMOTE_DISTANCE_KM);
