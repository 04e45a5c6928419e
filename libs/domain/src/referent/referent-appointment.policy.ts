import type { FieldViolation } from '../shared/errors';
import type { ResolvedTerritory } from '../shared/places';

/*
 * The same address cannot be appointed twice for places that overlap: one person would
 * then receive every request of that place twice, under two accounts. An appointment that
 * does not overlap (another département, a circle far away) is allowed; a retired
 * appointment no longer counts, so a retired referent's address may be appointed again.
 */

export type ActiveAppointment = Readonly<{ referentId: string; territories: readonly ResolvedTerritory[] }>;

type Level = 'commune' | 'departement' | 'region';

const CODE_FIELD = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;

/** The code of the `level` area the territory lies in (an area: itself or what encloses it; a circle: its centre's). */
const codeAt = (t: ResolvedTerritory, level: Level): string | undefined =>
  t.kind === 'area' && t.level === level ? t.code : t[CODE_FIELD[level]];

const { asin, cos, min, sin, sqrt, PI } = Math;
const rad = (deg: number) => (deg * PI) / 180;
const distanceKm = (a: ResolvedTerritory, b: ResolvedTerritory): number => {
  const h = sin(rad(b.lat - a.lat) / 2) ** 2 + cos(rad(a.lat)) * cos(rad(b.lat)) * sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371.0088 * asin(min(1, sqrt(h)));
};

/**
 * Whether two territories share ground. Areas nest (commune ⊂ département ⊂ région) and
 * two areas overlap when one contains the other. Circles overlap when their centres are
 * closer than the sum of their radii. A circle and an area overlap when the circle's
 * centre is in the area or the area's centre is in the circle: areas are known by their
 * codes and a centre, not their outline, so a circle that only grazes an area's edge does
 * not count.
 */
export function territoriesOverlap(a: ResolvedTerritory, b: ResolvedTerritory): boolean {
  if (a.kind === 'area' && b.kind === 'area') return codeAt(b, a.level) === a.code || codeAt(a, b.level) === b.code;
  if (a.kind === 'radius' && b.kind === 'radius') {
    const d = distanceKm(a, b);
    return d === 0 || d < a.radiusKm + b.radiusKm;
  }
  const [circle, area] = a.kind === 'radius' ? [a, b] : [b, a];
  if (circle.kind !== 'radius' || area.kind !== 'area') return false;
  return codeAt(circle, area.level) === area.code || distanceKm(circle, area) < circle.radiusKm;
}

/**
 * Each territory of a new appointment that overlaps a territory of one of the address's
 * active appointments, named by its field (`territories[i]`): an empty list means the
 * appointment may go ahead.
 */
export function overlappingAppointments(
  territories: readonly ResolvedTerritory[],
  activeAppointmentsOfAddress: readonly ActiveAppointment[],
): FieldViolation[] {
  const conflicts: FieldViolation[] = [];
  territories.forEach((territory, i) => {
    const clash = activeAppointmentsOfAddress.find((appointment) => appointment.territories.some((t) => territoriesOverlap(territory, t)));
    if (!clash) return;
    const other = clash.territories.find((t) => territoriesOverlap(territory, t));
    conflicts.push({
      field: `territories[${i}]`,
      message:
        `cette adresse est déjà référente (${clash.referentId}) pour un territoire qui chevauche celui-ci (${other?.label ?? ''}) / ` +
        `this address is already a referent (${clash.referentId}) for a territory overlapping this one (${other?.label ?? ''})`,
    });
  });
  return conflicts;
}
