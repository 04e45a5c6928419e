import { api, type Schemas } from '$lib/server/api/client';
import { exploreHref, parseExploreFilters, PER_PAGE } from '$lib/explore-filters';
import type { PageServerLoad } from './$types';

type Place = Schemas['PlaceSuggestionDto'];

/**
 * Explore: the filters come from the address (a GET form). "Près de" takes typed text; with
 * several matching places the page lists them to choose from (each a link), so it works
 * without JavaScript.
 */
export const load: PageServerLoad = async ({ url }) => {
  try {
    return await explore(url);
  } catch {
    // The api is away or slow: the form stays usable and the page says it cannot list now.
    const { filters, invalid } = parseExploreFilters(url.searchParams);
    return { filters, invalid, placeChoices: [], placeUnknown: false, result: null, place: undefined, pages: null };
  }
};

async function explore(url: URL) {
  const { filters, invalid } = parseExploreFilters(url.searchParams);
  const client = api();

  let placeChoices: { label: string; href: string }[] = [];
  let placeUnknown = false;
  if (filters.near) {
    const { data } = await client.GET('/v1/places', { params: { query: { q: filters.near, limit: 8 } } });
    const found = data?.items ?? [];
    // A place picked earlier stays while the typed text still names it; new text is searched anew.
    const stillNamed = found.some((p) => p.code === filters.place);
    if (!stillNamed) filters.place = found.length === 1 ? found[0].code : undefined;
    if (found.length === 0) placeUnknown = true;
    else if (!filters.place)
      placeChoices = found.map((p) => ({ label: placeLabel(p), href: exploreHref(filters, { place: p.code, page: 1 }) }));
  }
  if (placeChoices.length > 0) return { filters, invalid, placeChoices, placeUnknown, result: null, place: undefined, pages: null };

  const { data } = await client.GET('/v1/projects', {
    params: {
      query: {
        theme: filters.theme,
        kind: filters.kind,
        stage: filters.stage,
        remoteFriendly: filters.remote ? true : undefined,
        near: filters.place,
        radiusKm: filters.place ? filters.radiusKm : undefined,
        page: filters.page,
        perPage: PER_PAGE,
      },
    },
  });
  // The api refused (a place code it no longer knows) or is away: the page says it cannot list.
  if (!data) return { filters, invalid, placeChoices, placeUnknown, result: null, place: undefined, pages: null };
  const place = data.place;
  const pageCount = Math.max(1, Math.ceil(data.total / data.perPage));
  return {
    filters,
    invalid,
    placeChoices,
    placeUnknown,
    place: place ? { label: placeLabel(place), kind: place.kind } : undefined,
    result: { items: data.items, total: data.total },
    pages: {
      current: data.page,
      count: pageCount,
      previous: data.page > 1 ? exploreHref(filters, { page: data.page - 1 }) : undefined,
      next: data.page < pageCount ? exploreHref(filters, { page: data.page + 1 }) : undefined,
    },
  };
}

/** "Mane (04300)", "Alpes-de-Haute-Provence (04)": enough to tell two places of the same name apart. */
function placeLabel(p: Place): string {
  if (p.kind === 'commune') {
    const detail = p.postcodes?.[0] ?? p.departement?.code;
    return detail ? `${p.label} (${detail})` : p.label;
  }
  return p.label;
}
