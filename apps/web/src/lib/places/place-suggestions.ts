/*
 * GET /lieux: the suggestions the place fields offer as someone types (JavaScript only; the
 * forms resolve the typed text on submit without it). A bounded query, and the api's places
 * as {code, label, name}: `label` tells two places of the same name apart, `name` is the bare
 * name the project search (/projets?pres=) looks up again.
 */
import { placeLabel, type PlaceSuggestion } from '$lib/account/territory-rows';
import { PLACE_QUERY_MIN_LENGTH } from './place-field';

export { PLACE_QUERY_MIN_LENGTH };
/** The api refuses longer queries (PLACE_QUERY_MAX_LENGTH); the longest commune name is 45 characters. */
export const PLACE_QUERY_MAX_LENGTH = 80;
/** Suggestions shown: a short list a person reads at a glance. */
export const PLACE_SUGGESTIONS_SHOWN = 8;

export type PlaceQuery = { q: string; communesOnly: boolean };
export type PlaceOption = { code: string; label: string; name: string };

/** The query of `/lieux?q=…&communes=1`, or undefined when it is too short or too long to search. */
export function readPlaceQuery(params: URLSearchParams): PlaceQuery | undefined {
  const q = (params.get('q') ?? '').trim().replace(/\s+/g, ' ');
  if (q.length < PLACE_QUERY_MIN_LENGTH || q.length > PLACE_QUERY_MAX_LENGTH) return undefined;
  return { q, communesOnly: params.get('communes') === '1' };
}

/** The places to suggest, communes only when the field takes only a commune (a project's place). */
export function placeOptions(found: readonly PlaceSuggestion[], communesOnly: boolean): PlaceOption[] {
  return found
    .filter((p) => !communesOnly || p.kind === 'commune')
    .slice(0, PLACE_SUGGESTIONS_SHOWN)
    .map((p) => ({ code: p.code, label: placeLabel(p), name: p.label }));
}
