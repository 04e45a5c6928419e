import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formText } from '$lib/account/form-text';
import { EMAIL_MAX } from '$lib/account/sign-in-fields';
import { afterConfirm, afterRequest, checkNewEmail, EMAIL_CHANGED_PATH, readCode } from '$lib/me/email-change';
import { call, noticeOf, sessionOf } from '$lib/server/account/api-outcome';
import { api } from '$lib/server/api/client';
import { currentMemberId } from '$lib/server/me/current-member';
import { keepSession } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const memberOf = (event: RequestEvent): string => {
  const memberId = currentMemberId(event);
  if (!memberId) redirect(303, '/moi');
  return memberId;
};

async function currentEmail(event: RequestEvent, memberId: string): Promise<string> {
  const { data } = await api(event)
    .GET('/v1/members/{id}', { params: { path: { id: memberId } } })
    .catch(() => error(503, 'api unavailable'));
  if (!data) error(503, 'profile unavailable');
  return data.email;
}

/**
 * Change my email: the current address and a field for the new one; once sent, "follow the
 * link" and the email's code as a second way (the email may be read on another device).
 */
export const load: PageServerLoad = async (event) => ({ current: await currentEmail(event, memberOf(event)) });

export const actions: Actions = {
  demander: async (event) => {
    const memberId = memberOf(event);
    const email = formText(await event.request.formData(), 'email', EMAIL_MAX + 10);
    const checked = checkNewEmail(email, await currentEmail(event, memberId));
    if (checked) return fail(400, { email, emailError: checked });
    const { outcome } = await call(() =>
      api(event).POST('/v1/members/{id}/email', { params: { path: { id: memberId } }, body: { email } }),
    );
    const next = afterRequest(outcome.kind);
    if (next === 'sent') return { sent: email };
    if (next === 'emailInvalid') return fail(400, { email, emailError: next });
    return fail(503, { email, notice: noticeOf(outcome) });
  },
  code: async (event) => {
    memberOf(event);
    const form = await event.request.formData();
    const email = formText(form, 'email', EMAIL_MAX + 10);
    const typed = formText(form, 'code', 20);
    const read = readCode(typed);
    if ('error' in read) return fail(400, { sent: email, code: typed, codeError: read.error });
    const { answer, outcome } = await call(() => api(event).POST('/v1/members/email/confirm', { body: { email, code: read.code } }));
    const result = afterConfirm(outcome.kind, outcome.kind === 'conflict' ? outcome.status : undefined);
    const session = sessionOf(answer?.data);
    if (result === 'done' && session) {
      // The session of the new address: sessions of the old one end at their next renewal.
      keepSession(event.cookies, event.url, session.accessToken, session.expiresIn);
      redirect(303, EMAIL_CHANGED_PATH);
    }
    if (result === 'invalid') return fail(400, { sent: email, code: typed, codeError: 'codeRefused' as const });
    if (result === 'replaced' || result === 'taken') return fail(409, { refused: result });
    return fail(503, { sent: email, code: typed, notice: noticeOf(outcome) });
  },
};
