import type { RequestEvent } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n/locale';
import { api } from '$lib/server/api/client';
import { keepSession, readSession } from '$lib/server/session';
import { forgetPending, readInterest, readPending } from './account-cookies';
import { destinationAfterSignIn } from './after-sign-in';

const ONE_YEAR_S = 365 * 24 * 3600;

import type { NewSessionAnswer as NewSession } from './api-outcome';

/**
 * A link or a code was accepted: the session goes into its cookie, the person's language
 * (their member profile's) becomes the site's unless they chose one, and the page to go to
 * next is returned: `retour`, the one kept while the email travelled, a pending "je suis
 * intéressé·e", or their space.
 */
export async function completeSignIn(event: RequestEvent, session: NewSession, retour: string | null): Promise<string> {
  const { cookies, url } = event;
  keepSession(cookies, url, session.accessToken, session.expiresIn);
  event.locals.session = readSession(session.accessToken);
  const pending = readPending(cookies);
  forgetPending(cookies, url);
  if (!isLocale(cookies.get(LOCALE_COOKIE)) && session.memberIds[0]) await adoptMemberLocale(event, session.memberIds[0]);
  return destinationAfterSignIn(retour || pending?.retour, readInterest(cookies)?.projectId, session);
}

async function adoptMemberLocale(event: RequestEvent, memberId: string): Promise<void> {
  try {
    const { data } = await api(event).GET('/v1/members/{id}', { params: { path: { id: memberId } } });
    if (data && isLocale(data.locale)) {
      event.cookies.set(LOCALE_COOKIE, data.locale, {
        path: '/',
        maxAge: ONE_YEAR_S,
        sameSite: 'lax',
        httpOnly: true,
        secure: event.url.protocol === 'https:',
      });
    }
  } catch {
    // The api is slow: the site stays in the current language, the switch is one click away.
  }
}
