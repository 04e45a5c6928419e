import { error, fail, redirect } from '@sveltejs/kit';
import { readClose } from '$lib/holder/holder-actions';
import { api } from '$lib/server/api/client';
import { holds } from '$lib/server/holder/holder-view';
import { requireSession } from '$lib/server/require-session';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function heldProject(event: RequestEvent) {
  requireSession(event);
  if (!UUID.test(event.params.id)) error(404, 'not found');
  const { data } = await api(event)
    .GET('/v1/projects/{id}', { params: { path: { id: event.params.id } } })
    .catch(() => error(503, 'api unavailable'));
  if (!data || !holds(event, data.holderId)) error(404, 'not found');
  return data;
}

/** Closing a project for good: a page that says what will happen, then asks for a reason. */
export const load: PageServerLoad = async (event) => {
  const project = await heldProject(event);
  return { project: { id: project.id, title: project.title, status: project.status } };
};

export const actions: Actions = {
  default: async (event) => {
    const project = await heldProject(event);
    const close = readClose(await event.request.formData(), event.locals.t);
    if (close.errors.length > 0) return fail(400, { close });
    const answer = await api(event)
      .POST('/v1/projects/{id}/close', {
        params: { path: { id: project.id } },
        body: { reason: close.reason as 'team-complete' | 'abandoned' | 'other', note: close.note || undefined },
      })
      .catch(() => undefined);
    if (answer?.response.ok || answer?.response.status === 409) redirect(303, `/projets/${project.id}?clos=1#contenu`);
    return fail(503, { close: { ...close, failed: true } });
  },
};
