/*
 * The explore page's filters, read from its address (a GET form: the URL is the state, so
 * a filtered list can be bookmarked, shared and paged without JavaScript). Parameter names
 * are the French words a person sees in the address bar.
 */

import { PROJECT_KINDS as KINDS, PROJECT_STAGES as STAGES } from '$vocabulary';

export { KINDS, STAGES };
export const RADII_KM = [10, 20, 30, 50, 100] as const;
export const DEFAULT_RADIUS_KM = 30;
export const PER_PAGE = 20;
const MAX_PAGE = 1000;
const MAX_TEXT = 80;
/** A place code as `GET /v1/places` gives them. */
const PLACE_CODE = /^(commune|departement|region):[0-9A-Za-z]{1,6}$/;

export type Kind = (typeof KINDS)[number];
export type Stage = (typeof STAGES)[number];

export type ExploreFilters = {
  theme?: string;
  kind?: Kind;
  stage?: Stage;
  remote: boolean;
  /** What the person typed in "près de". */
  near?: string;
  /** The place picked (a code), once the typed text named one. */
  place?: string;
  radiusKm: number;
  page: number;
};

export type ParsedFilters = { filters: ExploreFilters; invalid: string[] };

const includes = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

/** Reads the filters; a value that is not valid is left out and named in `invalid` (the page says so). */
export function parseExploreFilters(params: URLSearchParams): ParsedFilters {
  const invalid: string[] = [];
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    if (!value) return undefined;
    if (value.length > MAX_TEXT) {
      invalid.push(name);
      return undefined;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, list: readonly T[]): T | undefined => {
    const value = params.get(name);
    if (value === null || value === '') return undefined;
    if (includes(list, value)) return value;
    invalid.push(name);
    return undefined;
  };

  const radiusText = params.get('rayon');
  const radius = Number(radiusText);
  const radiusKm = (RADII_KM as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS_KM;
  if (radiusText && radiusKm !== radius) invalid.push('rayon');

  const pageText = params.get('page');
  const page = Number(pageText);
  const validPage = Number.isInteger(page) && page >= 1 && page <= MAX_PAGE;
  if (pageText && !validPage) invalid.push('page');

  const placeText = params.get('lieu');
  const place = placeText && PLACE_CODE.test(placeText) ? placeText : undefined;
  if (placeText && !place) invalid.push('lieu');

  return {
    filters: {
      theme: text('theme'),
      kind: oneOf('type', KINDS),
      stage: oneOf('avancement', STAGES),
      remote: params.get('distance') === 'oui',
      near: text('pres'),
      place,
      radiusKm,
      page: validPage ? page : 1,
    },
    invalid,
  };
}

/** The address of the same list with some filters changed (pagination, a place picked). */
export function exploreHref(filters: ExploreFilters, change: Partial<ExploreFilters> = {}): string {
  const f = { ...filters, ...change };
  const params = new URLSearchParams();
  if (f.theme) params.set('theme', f.theme);
  if (f.kind) params.set('type', f.kind);
  if (f.stage) params.set('avancement', f.stage);
  if (f.remote) params.set('distance', 'oui');
  if (f.near) params.set('pres', f.near);
  if (f.place) params.set('lieu', f.place);
  if (f.near || f.place) params.set('rayon', String(f.radiusKm));
  if (f.page > 1) params.set('page', String(f.page));
  const query = params.toString();
  return query ? `/projets?${query}` : '/projets';
}
