import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { holds, type HolderView, loadHolderView } from '$lib/server/holder/holder-view';
import { readIntroductionRequest, readPauseReason } from '$lib/holder/holder-actions';
import { publicUrl } from '$lib/server/public-url';
import { requireSession } from '$lib/server/require-session';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Just after publishing, the project may take a moment to reach the read side: wait a little for it. */
const FRESH_RETRIES = 5;
const FRESH_WAIT_MS = 300;

async function fetchProject(id: string, fresh: boolean) {
  for (let attempt = 0; ; attempt++) {
    const answer = await api().GET('/v1/projects/{id}', { params: { path: { id } } });
    if (answer.response.status !== 404 || !fresh || attempt >= FRESH_RETRIES) return answer;
    await new Promise((resolve) => setTimeout(resolve, FRESH_WAIT_MS));
  }
}

/** A project's public page; anything that is not a published project is the 404 page. Its holder also sees partners and introductions. */
export const load: PageServerLoad = async (event) => {
  const { params, url } = event;
  if (!UUID.test(params.id)) error(404, 'not found');
  // Waiting for a project just published is for its holder (signed in): not a way to hold a request open.
  const { data, response } = await fetchProject(params.id, url.searchParams.has('publie') && event.locals.session !== undefined)
    // The api away or slow: the error page asks to try again in a few minutes.
    .catch(() => error(503, 'api unavailable'));
  if (response.status === 404 || response.status === 400) error(404, 'not found');
  if (!data) error(503, 'api unavailable');
  // The api may name the local referent (first name only); until it does, the network's team accompanies.
  const referentFirstName = (data as { referent?: { firstName?: unknown } }).referent?.firstName;
  const base = publicUrl(url);
  const holder: HolderView | undefined = holds(event, data.holderId) ? await loadHolderView(event, data.id) : undefined;
  return {
    project: data,
    referentFirstName: typeof referentFirstName === 'string' ? referentFirstName : undefined,
    canonical: `${base}/projets/${data.id}`,
    image: `${base}/og-image.png`,
    interestedHref: `/projets/${data.id}/interesse`,
    holder,
    published: url.searchParams.has('publie'),
    edited: url.searchParams.has('modifie'),
    closedNow: url.searchParams.has('clos'),
    asked: askedFrom(url, holder),
  };
};

/**
 * The request just sent (after the redirect that follows it): whom it was for, named from the
 * project's own introductions (the address carries an id, never a name someone could write in).
 */
function askedFrom(url: URL, holder: HolderView | undefined): { memberId: string; firstName: string } | undefined {
  const memberId = url.searchParams.get('demande') ?? '';
  if (!UUID.test(memberId) || !holder) return undefined;
  const firstName =
    holder.partners?.find((p) => p.memberId === memberId)?.firstName ??
    holder.introductions?.find((i) => i.member.id === memberId)?.member.firstName;
  return firstName ? { memberId, firstName } : undefined;
}

/** The holder's own actions on the page; the api checks again that the session holds the project. */
export const actions: Actions = {
  introduce: async (event) => {
    requireSession(event);
    const request = readIntroductionRequest(await event.request.formData(), event.locals.t);
    if ('error' in request) return fail(400, { ask: request });
    const { data, response } = await api(event)
      .POST('/v1/introductions', {
        body: { projectId: event.params.id, memberId: request.memberId, requestedBy: 'holder', message: request.message || undefined },
      })
      .catch(() => ({ data: undefined, response: undefined }));
    // Post/redirect/get: the address is the project's again, and reloading sends nothing twice.
    if (data) {
      redirect(303, `/projets/${event.params.id}?demande=${encodeURIComponent(request.memberId)}#partenaires`);
    }
    const v = event.locals.t.holder.view;
    const status = response?.status ?? 503;
    const message = status === 409 ? v.askAlready : status === 422 ? v.askRefused : status === 429 ? v.askTooMany : v.askFailed;
    return fail(status === 503 ? 503 : 400, { ask: { ...request, error: message } });
  },
  pause: async (event) => {
    requireSession(event);
    const pause = readPauseReason(await event.request.formData(), event.locals.t);
    if ('error' in pause) return fail(400, { pause });
    return lifecycle(event, () =>
      api(event).POST('/v1/projects/{id}/pause', {
        params: { path: { id: event.params.id } },
        body: { reason: pause.reason || undefined },
      }),
    );
  },
  resume: async (event) => {
    requireSession(event);
    return lifecycle(event, () => api(event).POST('/v1/projects/{id}/resume', { params: { path: { id: event.params.id } } }));
  },
};

async function lifecycle(event: Parameters<Actions[string]>[0], send: () => Promise<{ response: Response }>) {
  const answer = await send().catch(() => undefined);
  const status = answer?.response.status;
  const v = event.locals.t.holder.view;
  if (status !== undefined && status < 300) redirect(303, `/projets/${event.params.id}#gerer`);
  return fail(status === 409 ? 409 : 503, { lifecycleError: status === 409 ? v.actionConflict : v.actionFailed });
}
