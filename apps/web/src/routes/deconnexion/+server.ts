import { redirect, type RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { forgetInterest, forgetPending } from '$lib/server/account/account-cookies';
import { forgetSession } from '$lib/server/session';

/**
 * Sign-out, a form button in the header (a POST: a link would let another site sign people
 * out). The api revokes the session first, so a copied cookie is worthless afterwards.
 */
export const POST: RequestHandler = async (event) => {
  if (event.locals.session) {
    try {
      await api(event).POST('/v1/auth/sign-out');
    } catch {
      // The api is away: the cookie still goes, and the session ends with its lifetime.
    }
  }
  forgetSession(event.cookies, event.url);
  // Nothing of this person stays on a shared computer: the address of a pending sign-in, a message typed.
  forgetPending(event.cookies, event.url);
  forgetInterest(event.cookies, event.url);
  redirect(303, '/');
};
