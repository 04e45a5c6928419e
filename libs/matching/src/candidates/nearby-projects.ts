import { haversineKm } from '../geo/haversine';
import type { ProjectView } from '../model/entities';
import type { NearbyProject } from '../model/match-types';
import { compareIds } from '../ranking/ranking';
import type { CandidateIndex } from './candidate-index';

/**
 * A project as `GET /v1/projects?near=` lists it, or undefined when it does not qualify:
 * active, with the theme (normalised key) if one is asked, within the radius.
 */
export const nearbyProject = (
  p: ProjectView,
  query: Readonly<{ lat: number; lon: number; radiusKm: number }>,
  themeKey: string | undefined,
): NearbyProject | undefined => {
  if (p.status !== 'active') return undefined;
  if (themeKey !== undefined && !p.themes.some((t) => t.key === themeKey)) return undefined;
  const d = haversineKm(query.lat, query.lon, p.location.lat, p.location.lon);
  if (d > query.radiusKm) return undefined;
  return {
    projectId: p.id,
    title: p.title,
    kind: p.kind,
    stage: p.stage,
    themes: p.themes.map((t) => t.raw),
    distanceKm: Math.round(d * 10) / 10,
  };
};

export const compareNearby = (a: NearbyProject, b: NearbyProject): number =>
  a.distanceKm - b.distanceKm || compareIds(a.projectId, b.projectId);

/**
 * Active projects whose place is within `radiusKm` of a point, nearest first, from the
 * index: the smaller of the projects near the point and the projects with the theme.
 */
export const projectsNear = (
  index: CandidateIndex,
  query: Readonly<{ lat: number; lon: number; radiusKm: number; limit?: number }>,
  themeKey: string | undefined,
): NearbyProject[] => {
  const out: NearbyProject[] = [];
  let candidates: ReadonlySet<number> = index.projectGeo.near(query.lat, query.lon, query.radiusKm);
  if (themeKey !== undefined) {
    const withTheme = index.projectTheme.get(themeKey) ?? new Set<number>();
    if (withTheme.size < candidates.size) candidates = withTheme;
  }
  for (const idx of candidates) {
    const p = index.projectOf[idx];
    const near = p && nearbyProject(p, query, themeKey);
    if (near) out.push(near);
  }
  return out.sort(compareNearby).slice(0, query.limit ?? out.length);
};
