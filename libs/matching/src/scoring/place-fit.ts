import { chordKm, KM_PER_DEGREE } from '../geo/haversine';
import {
  M_TERRITORIES,
  M_TERRITORY_COUNT,
  P_CODE,
  P_LAT,
  P_RADIUS,
  P_REMOTE,
  P_X,
  T_CODE,
  T_KIND,
  T_LAT,
  T_RADIUS,
  T_X,
  TERRITORY_SIZE,
  type MemberFacts,
  type ProjectFacts,
} from './facts-records';
import { PLACE_AREA, PLACE_RADIUS, PLACE_REMOTE, type PairScore } from './pair-score';
import { AREA_PROXIMITY, proximityAt, REMOTE_PROXIMITY } from './proximity';

const roundKm = (km: number) => Math.round(km * 10) / 10;

/**
 * Best place, a step of scoring (the proximity function itself: `proximity.ts`): for each
 * territory of the member, a circle places the project when the distance between centres
 * is at most the smaller radius (proximity of that distance); a whole area places it when
 * the project's place lies in it, however far its centre is (proximity AREA_PROXIMITY by
 * level). The highest proximity wins, then the shortest distance, then the first. A
 * remote-friendly project places everyone, at least at REMOTE_PROXIMITY ("beyond" when no
 * territory places it). Writes the place into `out`; false when nothing places the project.
 */
export const bestPlace = (
  p: Float64Array,
  pa: number,
  m: Float64Array,
  ma: number,
  project: ProjectFacts,
  member: MemberFacts,
  out: PairScore,
): boolean => {
  const lat = p[pa + P_LAT];
  const px = p[pa + P_X];
  const py = p[pa + P_X + 1];
  const pz = p[pa + P_X + 2];
  const remote = p[pa + P_REMOTE] === 1;
  const radius = p[pa + P_RADIUS];
  let placed = -1;
  let placedKind = PLACE_RADIUS;
  let placedDistance = 0;
  let placedLimit = 0;
  let placedProximity = -1;
  let nearest = -1;
  const count = m[ma + M_TERRITORY_COUNT];
  for (let i = 0, t = ma + m[ma + M_TERRITORIES]; i < count; i++, t += TERRITORY_SIZE) {
    const level = m[t + T_KIND];
    let limit = 0;
    if (!remote) {
      // Without remote work only a territory that places the member counts: rule the
      // others out before measuring (a great-circle distance is at least the latitude
      // difference; the margin is far above rounding).
      if (level === 0) {
        limit = Math.min(m[t + T_RADIUS], radius);
        if (Math.abs(m[t + T_LAT] - lat) * KM_PER_DEGREE > limit + 1e-6) continue;
      } else if (!sameArea(project, member, level, i, p[pa + P_CODE + level], m[t + T_CODE])) continue;
    }
    const raw = chordKm(px, py, pz, m[t + T_X], m[t + T_X + 1], m[t + T_X + 2]);
    let d = roundKm(raw);
    if (nearest < 0 || d < nearest) nearest = d;
    let proximity: number;
    let kind: number;
    if (level === 0) {
      limit = Math.min(m[t + T_RADIUS], radius);
      if (!(raw <= limit)) continue;
      proximity = proximityAt(d);
      kind = PLACE_RADIUS;
    } else {
      // A whole area matches when the project's place lies in it, however far its centre is:
      // the member said "anywhere in this area", so the project's radius is not applied here.
      if (!sameArea(project, member, level, i, p[pa + P_CODE + level], m[t + T_CODE])) continue;
      proximity = level === 1 ? AREA_PROXIMITY.commune : level === 2 ? AREA_PROXIMITY.departement : AREA_PROXIMITY.region;
      kind = PLACE_AREA;
      // The distance from the project to the area: 0, the place being inside (its centre says nothing).
      d = 0;
    }
    if (placed < 0 || proximity > placedProximity || (proximity === placedProximity && d < placedDistance)) {
      placed = i;
      placedKind = kind;
      placedDistance = d;
      placedLimit = limit;
      placedProximity = proximity;
    }
  }
  out.beyond = remote && placed < 0;
  if (remote) {
    if (placed < 0 || placedProximity < REMOTE_PROXIMITY) {
      out.placeKind = PLACE_REMOTE;
      out.territoryIndex = -1;
      out.distanceKm = placed >= 0 ? placedDistance : nearest < 0 ? null : nearest;
      out.radiusLimit = 0;
      out.proximity = REMOTE_PROXIMITY;
    } else {
      out.placeKind = placedKind;
      out.territoryIndex = placed;
      out.distanceKm = placedDistance;
      out.radiusLimit = placedLimit;
      out.proximity = placedProximity;
    }
  } else if (placed >= 0) {
    out.placeKind = placedKind;
    out.territoryIndex = placed;
    out.distanceKm = placedDistance;
    out.radiusLimit = placedLimit;
    out.proximity = placedProximity;
  } else return false;
  return true;
};

/** Whether the project's place lies in a member's area (codes compared by hash, then by text). */
const sameArea = (project: ProjectFacts, member: MemberFacts, level: number, territory: number, a: number, b: number): boolean =>
  a === b && project.codes[level] === member.areaCodes[territory];
