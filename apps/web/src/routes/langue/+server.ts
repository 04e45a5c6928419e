import { redirect, type RequestHandler } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n/locale';
import { safeReturnPath } from '$lib/server/return-path';

const ONE_YEAR_S = 365 * 24 * 3600;

/**
 * The language switch: a plain link (works without JavaScript) `/langue?vers=en&retour=/projets`,
 * which keeps the choice in a cookie and goes back to the page.
 */
export const GET: RequestHandler = ({ url, cookies }) => {
  const wanted = url.searchParams.get('vers');
  if (isLocale(wanted)) {
    cookies.set(LOCALE_COOKIE, wanted, {
      path: '/',
      maxAge: ONE_YEAR_S,
      sameSite: 'lax',
      httpOnly: true,
      secure: url.protocol === 'https:',
    });
  }
  redirect(303, safeReturnPath(url.searchParams.get('retour')));
};
