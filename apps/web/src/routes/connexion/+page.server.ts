import { fail, redirect } from '@sveltejs/kit';
import { formText } from '$lib/account/form-text';
import { EMAIL_MAX, isEmail } from '$lib/account/sign-in-fields';
import { api } from '$lib/server/api/client';
import { keepPending, readPending } from '$lib/server/account/account-cookies';
import { call, noticeOf } from '$lib/server/account/api-outcome';
import { retourOf, withRetour } from '$lib/server/account/retour';
import type { Actions, PageServerLoad } from './$types';

/** Sign-in, step 1: the address. Already signed in, the page goes where the person was going. */
export const load: PageServerLoad = ({ locals, url, cookies }) => {
  const retour = retourOf(url.searchParams.get('retour'));
  if (locals.session) redirect(303, retour || '/moi');
  return { retour, email: readPending(cookies)?.email ?? '' };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = formText(form, 'email', EMAIL_MAX + 10);
    const retour = retourOf(form.get('retour'));
    if (!isEmail(email)) return fail(400, { email, errors: { email: 'emailInvalid' as const } });
    const { outcome } = await call(() => api(event).POST('/v1/auth/link', { body: { email } }));
    if (outcome.kind === 'invalid') return fail(400, { email, errors: { email: 'emailInvalid' as const } });
    if (outcome.kind !== 'ok') return fail(503, { email, errors: {}, notice: noticeOf(outcome) });
    keepPending(event.cookies, event.url, { email, retour: retour || undefined });
    redirect(303, withRetour('/connexion/code', retour));
  },
};
