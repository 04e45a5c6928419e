import type { AdminCodes } from '@trame/domain';
import { haversineKm } from '../geo/haversine';
import type { ReferentView } from '../model/entities';
import { compareIds } from '../ranking/ranking';

export type ReferentLevel = 'commune' | 'departement' | 'region';

/** The referent of a place, or 'admin' when nobody covers it. */
export type ReferentAssignment = Readonly<{ level: ReferentLevel; referentId: string; firstName: string }> | Readonly<{ level: 'admin' }>;

/** A place to resolve: its codes, and coordinates when known (for circle territories). */
export type Place = Readonly<{ lat?: number; lon?: number } & AdminCodes>;

export const LEVELS: readonly ReferentLevel[] = ['commune', 'departement', 'region'];
const SPECIFICITY: Record<ReferentLevel, number> = { commune: 0, departement: 1, region: 2 };
const CODE_OF = { commune: 'communeCode', departement: 'departementCode', region: 'regionCode' } as const;

/**
 * The most specific level at which a referent covers a place, if any. A circle territory
 * counts as commune level when the place is inside it (a circle is drawn around a town,
 * so it is as local as a commune). A referent with themes covers only places of projects
 * sharing one of them, when the project's themes are given.
 */
export const coverageLevel = (referent: ReferentView, place: Place, themeKeys?: ReadonlySet<string>): ReferentLevel | undefined => {
  if (themeKeys && referent.themes.length > 0 && !referent.themes.some((t) => themeKeys.has(t.key))) return undefined;
  let best: ReferentLevel | undefined;
  for (const t of referent.territories) {
    let level: ReferentLevel | undefined;
    if (t.kind === 'radius') {
      if (place.lat !== undefined && place.lon !== undefined && haversineKm(place.lat, place.lon, t.lat, t.lon) <= t.radiusKm) {
        level = 'commune';
      }
    } else if (place[CODE_OF[t.level]] !== undefined && place[CODE_OF[t.level]] === t.code) {
      level = t.level;
    }
    if (level && (!best || SPECIFICITY[level] < SPECIFICITY[best])) best = level;
  }
  return best;
};

const appointedMs = (r: ReferentView): number => {
  const t = Date.parse(r.appointedAt);
  return Number.isNaN(t) ? Infinity : t;
};

const compareAppointment = (a: ReferentView, b: ReferentView): number => {
  const ta = appointedMs(a);
  const tb = appointedMs(b);
  return ta !== tb ? (ta < tb ? -1 : 1) : compareIds(a.id, b.id);
};

/**
 * The best referent per level among candidates, most specific first; ties go to the
 * earliest appointed, then the smallest id. The last element is always `{level: 'admin'}`.
 */
export const referentChain = (candidates: Iterable<ReferentView>, place: Place, themeKeys?: ReadonlySet<string>): ReferentAssignment[] => {
  const best = new Map<ReferentLevel, ReferentView>();
  for (const r of candidates) {
    const level = coverageLevel(r, place, themeKeys);
    if (!level) continue;
    const current = best.get(level);
    if (!current || compareAppointment(r, current) < 0) best.set(level, r);
  }
  const chain: ReferentAssignment[] = [];
  for (const level of LEVELS) {
    const r = best.get(level);
    if (r) chain.push({ level, referentId: r.id, firstName: r.firstName });
  }
  chain.push({ level: 'admin' });
  return chain;
};
