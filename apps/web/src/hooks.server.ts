import type { Handle, HandleServerError } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from '$lib/i18n/locale';
import { messagesFor } from '$lib/i18n/messages';

/** The visitor's language (the cookie the language switch sets, else French) and the page's `lang`. */
export const handle: Handle = async ({ event, resolve }) => {
  const chosen = event.cookies.get(LOCALE_COOKIE);
  const locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;
  event.locals.locale = locale;
  event.locals.t = messagesFor(locale);
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
  // The same address answers in either language, depending on the cookie.
  response.headers.append('Vary', 'Cookie');
  return response;
};

/** A page that does not exist is not an error worth a log line; anything else is. */
export const handleError: HandleServerError = ({ error, status, event }) => {
  if (status !== 404) console.error(`[web] ${event.request.method} ${event.url.pathname}:`, error);
};
