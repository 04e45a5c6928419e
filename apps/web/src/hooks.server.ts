import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from '$lib/i18n/locale';
import { messagesFor } from '$lib/i18n/messages';
import { api } from '$lib/server/api/client';
import { gzipped } from '$lib/server/compress';
import { forgetSession, keepSession, needsRenewal, readSession, SESSION_COOKIE } from '$lib/server/session';

/**
 * The signed-in person, from the session cookie. A session used after a day is renewed (the
 * cookie slides: "stay signed in on this phone"); one the api refuses is forgotten.
 */
async function sessionOf(event: RequestEvent): Promise<void> {
  const session = readSession(event.cookies.get(SESSION_COOKIE));
  event.locals.session = session;
  if (!session) {
    if (event.cookies.get(SESSION_COOKIE)) forgetSession(event.cookies, event.url);
    return;
  }
  if (!needsRenewal(session) || event.request.method !== 'GET') return;
  try {
    const { data, response } = await api(event).POST('/v1/auth/refresh');
    if (data) {
      keepSession(event.cookies, event.url, data.accessToken, data.expiresIn);
      event.locals.session = readSession(data.accessToken);
    } else if (response.status === 401) {
      forgetSession(event.cookies, event.url);
      event.locals.session = undefined;
    }
  } catch {
    // The api is away: the page goes on with the session as it is, renewed on a later visit.
  }
}

/** The visitor's language (the cookie the language switch sets, else French), the session, and the page's `lang`. */
export const handle: Handle = async ({ event, resolve }) => {
  const chosen = event.cookies.get(LOCALE_COOKIE);
  const locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;
  event.locals.locale = locale;
  event.locals.t = messagesFor(locale);
  await sessionOf(event);
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
  // The same address answers in either language and for either person, depending on the cookies.
  response.headers.append('Vary', 'Cookie');
  // A page with anything of one person (a session, a pending sign-in's address, a typed
  // message, a link's token) is never kept by a cache; only what every visitor sees may be.
  if (isPersonal(event)) response.headers.set('Cache-Control', 'private, no-store');
  // Never inside another site's frame (clickjacking the buttons that decide things).
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('Content-Security-Policy', "frame-ancestors 'none'");
  return gzipped(event.request, response);
};

/** Whether the answer holds anything of one person: then no cache may keep it. */
function isPersonal(event: RequestEvent): boolean {
  if (event.locals.session || event.url.searchParams.has('token')) return true;
  return event.cookies.getAll().some((c) => c.name.startsWith('trame_'));
}

/** A page that does not exist is not an error worth a log line; anything else is. */
export const handleError: HandleServerError = ({ error, status, event }) => {
  if (status !== 404) console.error(`[web] ${event.request.method} ${event.url.pathname}:`, error);
};
