import { fail, redirect } from '@sveltejs/kit';
import { formText } from '$lib/account/form-text';
import { afterConfirm, EMAIL_CHANGED_PATH } from '$lib/me/email-change';
import { call, noticeOf, sessionOf } from '$lib/server/account/api-outcome';
import { linkPageData } from '$lib/server/account/link-actions';
import { api } from '$lib/server/api/client';
import { keepSession } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Where the "change my email" link lands: GET shows one button and changes nothing (mail
 * scanners open links before people do), its POST uses the single-use token. No session
 * needed: the email may be read on another device. `?fait=1` is the page once it is done.
 */
export const load: PageServerLoad = (event) => ({ ...linkPageData(event), done: event.url.searchParams.get('fait') === '1' });

export const actions: Actions = {
  default: async (event) => {
    const token = formText(await event.request.formData(), 'token', 300);
    if (!TOKEN.test(token)) return fail(400, { refused: 'invalid' as const });
    const { answer, outcome } = await call(() => api(event).POST('/v1/members/email/confirm', { body: { token } }));
    const result = afterConfirm(outcome.kind, outcome.kind === 'conflict' ? outcome.status : undefined);
    const session = sessionOf(answer?.data);
    if (result === 'done' && session) {
      // Signed in with the new address: sessions of the old one end at their next renewal.
      keepSession(event.cookies, event.url, session.accessToken, session.expiresIn);
      redirect(303, EMAIL_CHANGED_PATH);
    }
    if (result === 'notice') return fail(503, { notice: noticeOf(outcome) });
    return fail(400, { refused: result === 'done' ? ('invalid' as const) : result });
  },
};
