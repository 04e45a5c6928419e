import { error, fail, redirect } from '@sveltejs/kit';
import { formText } from '$lib/account/form-text';
import { api } from '$lib/server/api/client';
import { forgetInterest, keepInterest, readInterest } from '$lib/server/account/account-cookies';
import { call, noticeOf } from '$lib/server/account/api-outcome';
import { INTEREST_MESSAGE_MAX } from '$lib/server/account/interest-cookie';
import { withRetour } from '$lib/server/account/retour';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Je suis intéressé·e": a word for the local referent, sent as a member's request for an
 * introduction. Not signed in, the word waits in a cookie while the person signs up or in,
 * and comes back here filled in.
 */
export const load: PageServerLoad = async ({ params, url, locals, cookies }) => {
  if (!UUID.test(params.id)) error(404, 'not found');
  const { data, response } = await api()
    .GET('/v1/projects/{id}', { params: { path: { id: params.id } } })
    .catch(() => error(503, 'api unavailable'));
  if (response.status === 404 || response.status === 400) error(404, 'not found');
  if (!data) error(503, 'api unavailable');
  const sent = url.searchParams.get('envoyee');
  const kept = readInterest(cookies);
  return {
    project: { id: data.id, title: data.title, active: data.status === 'active' },
    sentId: sent && UUID.test(sent) ? sent : undefined,
    message: kept?.projectId === params.id.toLowerCase() ? kept.message : '',
    signedIn: locals.session !== undefined,
    member: (locals.session?.memberIds.length ?? 0) > 0,
    max: INTEREST_MESSAGE_MAX,
  };
};

const messageOf = async (request: Request) => {
  const form = await request.formData();
  // Line breaks as the api stores them; the rest as typed.
  const message = formText(form, 'message', INTEREST_MESSAGE_MAX * 2, { trim: false }).replace(/\r\n?/g, '\n');
  return { message, intent: formText(form, 'intent', 20) };
};

export const actions: Actions = {
  /** Signed in: the request goes to the local referent. */
  send: async (event) => {
    const { params, locals, cookies, url } = event;
    const { message } = await messageOf(event.request);
    if (message.length > INTEREST_MESSAGE_MAX) return fail(400, { message, error: 'messageTooLong' as const });
    const memberId = locals.session?.memberIds[0];
    if (!locals.session) redirect(303, `/connexion?retour=${encodeURIComponent(url.pathname)}`);
    if (!memberId) return fail(403, { message, refusal: 'noMember' as const });
    const text = message.trim();
    const { answer, outcome } = await call(() =>
      api(event).POST('/v1/introductions', {
        body: { projectId: params.id, memberId, requestedBy: 'member', ...(text ? { message: text } : {}) },
      }),
    );
    if (outcome.kind === 'ok' && answer?.data) {
      forgetInterest(cookies, url);
      redirect(303, `${url.pathname}?envoyee=${answer.data.id}`);
    }
    if (outcome.kind === 'conflict' && outcome.status === 409) return fail(409, { message, refusal: 'already' as const });
    if (outcome.kind === 'conflict' && outcome.status === 403) return fail(403, { message, refusal: 'noMember' as const });
    if (outcome.kind === 'invalid') return fail(422, { message, refusal: 'notNow' as const });
    return fail(503, { message, notice: noticeOf(outcome) });
  },
  /** Not signed in: the word is kept, then sign-up or sign-in, and back here. */
  keep: async (event) => {
    const { params, cookies, url } = event;
    const { message, intent } = await messageOf(event.request);
    if (message.trim() !== '' && !keepInterest(cookies, url, { projectId: params.id, message })) {
      return fail(400, { message, error: 'messageTooLong' as const });
    }
    const back = url.pathname;
    redirect(303, withRetour(intent === 'signin' ? '/connexion' : '/inscription', back));
  },
};
