import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { PLACE_SUGGESTIONS_SHOWN, placeOptions, readPlaceQuery } from '$lib/places/place-suggestions';
import type { RequestHandler } from './$types';

/** Places barely change: a browser may reuse an answer for a while, a shared cache too. */
const CACHED = { 'cache-control': 'public, max-age=300' };

/**
 * GET /lieux?q=man[&communes=1] → [{code, label, name}]: what the place fields suggest while
 * someone types (JavaScript enhancement only). A query too short or too long gets an empty
 * list rather than an error: the widget then just shows nothing.
 */
export const GET: RequestHandler = async (event) => {
  const query = readPlaceQuery(event.url.searchParams);
  if (!query) return json([], { headers: CACHED });
  // Communes only: ask for more, since départements and régions come first for short names.
  const limit = query.communesOnly ? 20 : PLACE_SUGGESTIONS_SHOWN;
  try {
    const { data } = await api(event).GET('/v1/places', { params: { query: { q: query.q, limit } } });
    if (!data) return json([], { status: 502, headers: { 'cache-control': 'no-store' } });
    return json(placeOptions(data.items, query.communesOnly), { headers: CACHED });
  } catch {
    // The api is away or slow: no suggestions; the form still resolves the text on submit.
    return json([], { status: 503, headers: { 'cache-control': 'no-store' } });
  }
};
