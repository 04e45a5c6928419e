import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { WebSession } from './session';

/** The sign-in page, coming back to `path` afterwards. */
export const signInPath = (path: string): string => `/connexion?retour=${encodeURIComponent(path)}`;

/** The session of a page that needs one; without it, sign-in first and back here after. */
export function requireSession(event: Pick<RequestEvent, 'locals' | 'url'>): WebSession {
  const session = event.locals.session;
  if (!session) redirect(303, signInPath(event.url.pathname + event.url.search));
  return session;
}
