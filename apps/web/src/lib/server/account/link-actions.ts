import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formText } from '$lib/account/form-text';
import { noticeOf, type Outcome, sessionOf } from './api-outcome';
import { completeSignIn } from './complete-sign-in';

/*
 * The pages an emailed link opens (/connexion/lien, /confirmer): GET shows one button and
 * changes nothing (mail scanners open links before people do), its POST uses the single-use
 * token. The token stays out of any Referer.
 */

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

export function linkPageData(event: RequestEvent) {
  // The token is in the address: no referrer to other sites. Not `no-referrer`: with it the browser
  // sends `Origin: null` on the page's own form post, which SvelteKit refuses as cross-site.
  event.setHeaders({ 'referrer-policy': 'same-origin' });
  const token = event.url.searchParams.get('token') ?? '';
  return { token: TOKEN.test(token) ? token : '' };
}

type Exchange = (event: RequestEvent, token: string) => Promise<{ answer?: { data?: unknown }; outcome: Outcome }>;

/** Uses the token once; a used or expired link says so, a wait says how long. */
export async function useLinkToken(event: RequestEvent, exchange: Exchange) {
  // No Referer header here: the page's load, which runs after a refusal too, sets it (a header is set once per request).
  const form = await event.request.formData();
  const token = formText(form, 'token', 300);
  if (!TOKEN.test(token)) return fail(400, { invalid: true as const });
  const { answer, outcome } = await exchange(event, token);
  const session = sessionOf(answer?.data);
  if (outcome.kind === 'ok' && session) redirect(303, await completeSignIn(event, session, null));
  if (outcome.kind === 'refused' || outcome.kind === 'invalid') return fail(400, { invalid: true as const });
  return fail(503, { notice: noticeOf(outcome) });
}
