import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { signInPath } from '$lib/server/require-session';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest note the api takes (the domain's rule: INTRODUCTION_RULES.note.max). */
const NOTE_MAX = 1000;

/** The signed link's two parameters, from the address (the forms' actions carry them too). */
type Link = Readonly<{ as: string; token: string }>;

const linkOf = (params: URLSearchParams): Link | undefined => {
  const as = params.get('as');
  const token = params.get('token');
  return typeof as === 'string' && typeof token === 'string' && as !== '' && token !== '' ? { as, token } : undefined;
};

/** The token travels in the address: keep the page out of caches, referrers and search engines. */
const PRIVATE_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex' };

/**
 * The decision page an introduction email opens, and the page of an introduction for each
 * of its parties: with the email's signed link (no session needed) or with a session. A GET
 * never acts (mail scanners follow links): every action is a form that POSTs.
 */
export const load: PageServerLoad = async (event) => {
  const { params, url, locals, setHeaders } = event;
  if (!UUID.test(params.id)) error(404, 'not found');
  setHeaders(PRIVATE_HEADERS);
  const link = linkOf(url.searchParams);
  if (!link && !locals.session) redirect(303, signInPath(url.pathname));
  const { data, response } = await api(event)
    .GET('/v1/introductions/{id}/details', {
      params: { path: { id: params.id }, query: link ? { as: link.as, token: link.token } : {} },
    })
    .catch(() => error(503, 'api unavailable'));
  if (response.status === 404 || response.status === 400) error(404, 'not found');
  if (response.status === 401) redirect(303, signInPath(url.pathname));
  if (response.status === 403) {
    return {
      problem: link ? ('bad-link' as const) : ('not-yours' as const),
      signedIn: !!locals.session,
      signInHref: signInPath(url.pathname),
    };
  }
  if (!data) error(503, 'api unavailable');
  return {
    introduction: data,
    link,
    signedIn: !!locals.session,
    signInHref: signInPath(url.pathname),
    now: new Date().toISOString(),
    noteMax: NOTE_MAX,
  };
};

type Action = 'approve' | 'decline' | 'accept' | 'refuse' | 'withdraw' | 'resend';

/** One action: the link from the form's hidden fields if any, else the session; the outcome for the page. */
async function act(event: RequestEvent, action: Action) {
  const { params, locals } = event;
  if (!UUID.test(params.id)) error(404, 'not found');
  const form = await event.request.formData();
  const link = action === 'withdraw' || action === 'resend' ? undefined : linkOf(event.url.searchParams);
  if (!link && !locals.session) redirect(303, signInPath(event.url.pathname));
  const typed = form.get('note');
  const note = action === 'approve' || action === 'decline' ? (typeof typed === 'string' ? typed : '') : undefined;
  if (note !== undefined && note.length > NOTE_MAX) return fail(422, { action, note, problem: 'note-too-long' as const });
  const path = { id: params.id };
  const query = link ? { as: link.as, token: link.token } : {};
  const client = api(event);
  try {
    const { response } =
      action === 'approve' || action === 'decline'
        ? await client.POST(`/v1/introductions/{id}/${action}`, {
            params: { path, query },
            body: note && note.trim() !== '' ? { note } : {},
          })
        : action === 'accept' || action === 'refuse'
          ? await client.POST(`/v1/introductions/{id}/${action}`, { params: { path, query } })
          : await client.POST(`/v1/introductions/{id}/${action}`, { params: { path } });
    if (response.ok) return { done: action };
    if (response.status === 422) return fail(422, { action, note, problem: 'note-too-long' as const });
    if (response.status === 409)
      return fail(409, { action, note, problem: action === 'resend' ? ('too-soon' as const) : ('conflict' as const) });
    if (response.status === 401) redirect(303, signInPath(event.url.pathname));
    if (response.status === 403) return fail(403, { action, note, problem: 'forbidden' as const });
    return fail(503, { action, note, problem: 'failed' as const });
  } catch (e) {
    // redirect() throws on purpose; anything else is the api away.
    if (e && typeof e === 'object' && 'status' in e && 'location' in e) throw e;
    return fail(503, { action, note, problem: 'failed' as const });
  }
}

export const actions: Actions = {
  approve: (event) => act(event, 'approve'),
  decline: (event) => act(event, 'decline'),
  accept: (event) => act(event, 'accept'),
  refuse: (event) => act(event, 'refuse'),
  withdraw: (event) => act(event, 'withdraw'),
  resend: (event) => act(event, 'resend'),
};
