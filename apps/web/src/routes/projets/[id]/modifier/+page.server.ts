import { error, fail, redirect } from '@sveltejs/kit';
import { projectFormFrom } from '$lib/holder/project-form';
import { api } from '$lib/server/api/client';
import { holds } from '$lib/server/holder/holder-view';
import { type FormState, submitProjectForm } from '$lib/server/holder/project-form-submit';
import { requireSession } from '$lib/server/require-session';
import { SKILL_SUGGESTIONS } from '$lib/server/account/skill-suggestions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The project, for its holder only (anyone else: the page does not exist for them). */
async function heldProject(event: RequestEvent) {
  requireSession(event);
  if (!UUID.test(event.params.id)) error(404, 'not found');
  const { data } = await api(event)
    .GET('/v1/projects/{id}', { params: { path: { id: event.params.id } } })
    .catch(() => error(503, 'api unavailable'));
  if (!data || !holds(event, data.holderId)) error(404, 'not found');
  return data;
}

/** "Modifier le projet": the same form as "Proposer", filled with the project as it is. */
export const load: PageServerLoad = async (event) => {
  const project = await heldProject(event);
  const form: FormState = { values: projectFormFrom(project), errors: [], placeChoices: [] };
  return { project: { id: project.id, title: project.title, status: project.status }, form, skillSuggestions: SKILL_SUGGESTIONS };
};

export const actions: Actions = {
  default: async (event) => {
    const project = await heldProject(event);
    if (project.status === 'closed') redirect(303, `/projets/${project.id}`);
    const result = await submitProjectForm(event, event.locals.t, (body) =>
      api(event).PATCH('/v1/projects/{id}', { params: { path: { id: project.id } }, body }),
    );
    if ('sent' in result) redirect(303, `/projets/${project.id}?modifie=1#contenu`);
    return result.status === 200 ? { form: result.state } : fail(result.status, { form: result.state });
  },
};
