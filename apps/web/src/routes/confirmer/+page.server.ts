import { api } from '$lib/server/api/client';
import { call } from '$lib/server/account/api-outcome';
import { codePageData, exchangeCode, resend, signInCode } from '$lib/server/account/code-actions';
import { linkPageData, useLinkToken } from '$lib/server/account/link-actions';
import type { Actions, PageServerLoad } from './$types';

/**
 * Confirming the address after sign-up: `?token=` is where the confirmation email's link
 * lands (one button); without it, the address and the email's code, and "send it again".
 */
export const load: PageServerLoad = (event) => ({ ...linkPageData(event), ...codePageData(event) });

export const actions: Actions = {
  link: (event) => useLinkToken(event, (e, token) => call(() => api(e).POST('/v1/members/confirm', { body: { token } }))),
  code: (event) =>
    exchangeCode(event, async (e, body) => {
      const confirmed = await call(() => api(e).POST('/v1/members/confirm', { body }));
      // An address that already had a profile was sent a sign-in email instead (the sign-up page cannot tell): its code works too.
      if (confirmed.outcome.kind !== 'refused') return { outcome: confirmed.outcome, session: confirmed.answer?.data };
      return signInCode(e, body);
    }),
  resend: (event) =>
    resend(event, async (e, email) => (await call(() => api(e).POST('/v1/members/confirm/resend', { body: { email } }))).outcome),
};
