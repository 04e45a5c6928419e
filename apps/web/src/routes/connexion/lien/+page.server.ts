import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { call } from '$lib/server/account/api-outcome';
import { linkPageData, useLinkToken } from '$lib/server/account/link-actions';
import type { Actions, PageServerLoad } from './$types';

/** Where the sign-in email's link lands: one button, whose POST exchanges the token (`POST /v1/auth/token`). */
export const load: PageServerLoad = (event) => {
  const data = linkPageData(event);
  if (!data.token) redirect(303, '/connexion');
  return data;
};

export const actions: Actions = {
  default: (event) => useLinkToken(event, (e, token) => call(() => api(e).POST('/v1/auth/token', { body: { token } }))),
};
