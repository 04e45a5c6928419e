import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formText } from '$lib/account/form-text';
import { checkCodeForm, EMAIL_MAX, isEmail, normaliseCode } from '$lib/account/sign-in-fields';
import { api } from '$lib/server/api/client';
import { keepPending, readPending } from './account-cookies';
import { call, noticeOf, type Outcome, sessionOf } from './api-outcome';
import { completeSignIn } from './complete-sign-in';
import { retourOf } from './retour';

/*
 * The "check your inbox" forms: the address and the email's 6-digit code, and "send it
 * again". Shared by sign-in (/connexion/code) and confirmation (/confirmer): only the api
 * calls differ.
 */

type Exchange = (event: RequestEvent, body: { email: string; code: string }) => Promise<{ outcome: Outcome; session?: unknown }>;

const fields = async (event: RequestEvent) => {
  const form = await event.request.formData();
  return { email: formText(form, 'email', EMAIL_MAX + 10), code: formText(form, 'code', 20), retour: retourOf(form.get('retour')) };
};

/** The page's data: the address kept while the email travelled, and where to go afterwards. */
export function codePageData(event: RequestEvent) {
  const pending = readPending(event.cookies);
  return { email: pending?.email ?? '', retour: retourOf(event.url.searchParams.get('retour')) || pending?.retour || '' };
}

/** Signs in with the code; a wrong one is said next to the field, a wait above the form. */
export async function exchangeCode(event: RequestEvent, exchange: Exchange) {
  const { email, code: typed, retour } = await fields(event);
  const code = normaliseCode(typed);
  const errors = checkCodeForm(email, code);
  if (Object.keys(errors).length > 0) return fail(400, { email, code: typed, errors });
  const { outcome, session: answered } = await exchange(event, { email, code });
  const session = sessionOf(answered);
  if (outcome.kind === 'ok' && session) redirect(303, await completeSignIn(event, session, retour));
  if (outcome.kind === 'refused' || outcome.kind === 'invalid')
    return fail(400, { email, code: typed, errors: { code: 'codeWrong' as const } });
  return fail(503, { email, code: typed, errors: {}, notice: noticeOf(outcome) });
}

/** "Send the email again": the same answer whatever the address (the api's). */
export async function resend(event: RequestEvent, send: (event: RequestEvent, email: string) => Promise<Outcome>) {
  const { email, retour } = await fields(event);
  if (!isEmail(email)) return fail(400, { email, errors: { email: 'emailInvalid' as const } });
  const outcome = await send(event, email);
  if (outcome.kind !== 'ok') return fail(503, { email, errors: {}, notice: noticeOf(outcome) });
  keepPending(event.cookies, event.url, { email, retour: retour || readPending(event.cookies)?.retour });
  return { email, errors: {}, notice: { kind: 'resent' as const } };
}

/** `POST /v1/auth/code`. */
export const signInCode: Exchange = async (event, body) => {
  const { answer, outcome } = await call(() => api(event).POST('/v1/auth/code', { body }));
  return { outcome, session: answer?.data };
};

/** `POST /v1/auth/link`. */
export const sendSignInLink = async (event: RequestEvent, email: string): Promise<Outcome> =>
  (await call(() => api(event).POST('/v1/auth/link', { body: { email } }))).outcome;
