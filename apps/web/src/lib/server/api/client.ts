import createClient from 'openapi-fetch';
import { env } from '$env/dynamic/private';
import type { paths } from './openapi';

/** Where the api answers: `API_URL`, or the default address of `npm run start:api`. */
export const apiUrl = (): string => env.API_URL || 'http://127.0.0.1:3000';

/** A page waits this long for the api before saying it cannot show the data (slow rather than stuck). */
const API_TIMEOUT_MS = 8000;

/**
 * The typed api client, for server code only (`$lib/server`: SvelteKit refuses to ship it to
 * the browser). Types come from the api's OpenAPI document (`npm run openapi:types`).
 */
export function api() {
  return createClient<paths>({
    baseUrl: apiUrl(),
    fetch: (request: Request) => fetch(request, { signal: AbortSignal.timeout(API_TIMEOUT_MS) }),
  });
}

export type Schemas = import('./openapi').components['schemas'];
export type ProjectCard = Schemas['ProjectCardDto'];
export type ProjectListItem = Schemas['ProjectListItemDto'];
