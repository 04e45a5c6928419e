import createClient from 'openapi-fetch';
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { webKey } from '../web-key';
import type { paths } from './openapi';

/** Where the api answers: `API_URL`, or the default address of `npm run start:api`. */
export const apiUrl = (): string => env.API_URL || 'http://127.0.0.1:3000';

/** A page waits this long for the api before saying it cannot show the data (slow rather than stuck). */
const API_TIMEOUT_MS = 8000;

/** What a call carries for the person: their session, and their IP with the key that lets the api trust it. */
function headersFor(event: Pick<RequestEvent, 'getClientAddress' | 'locals'> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!event) return headers;
  const token = event.locals.session?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const key = webKey();
  if (key) {
    headers['x-trame-web-key'] = key;
    try {
      headers['x-trame-client-ip'] = event.getClientAddress();
    } catch {
      // No address (a prerender, a test): the api counts the web server's.
    }
  }
  return headers;
}

/**
 * The typed api client, for server code only (`$lib/server`: SvelteKit refuses to ship it to
 * the browser). Types come from the api's OpenAPI document (`npm run openapi:types`). Given
 * the request, calls carry the person's session and IP.
 */
export function api(event?: Pick<RequestEvent, 'getClientAddress' | 'locals'>) {
  return createClient<paths>({
    baseUrl: apiUrl(),
    headers: headersFor(event),
    fetch: (request: Request) => fetch(request, { signal: AbortSignal.timeout(API_TIMEOUT_MS) }),
  });
}

export type Schemas = import('./openapi').components['schemas'];
export type ProjectCard = Schemas['ProjectCardDto'];
export type ProjectListItem = Schemas['ProjectListItemDto'];
export type Session = Schemas['SessionDto'];
