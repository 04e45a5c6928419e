import { fail, redirect } from '@sveltejs/kit';
import { emptyProjectForm } from '$lib/holder/project-form';
import { api } from '$lib/server/api/client';
import { type FormState, submitProjectForm } from '$lib/server/holder/project-form-submit';
import { requireSession } from '$lib/server/require-session';
import { SKILL_SUGGESTIONS } from '$lib/server/account/skill-suggestions';
import type { Actions, PageServerLoad } from './$types';

/** "Proposer un projet": signed-in members only; a visitor signs in and comes back here. */
export const load: PageServerLoad = (event) => {
  const session = requireSession(event);
  const form: FormState = { values: emptyProjectForm(), errors: [], placeChoices: [] };
  return { hasMember: session.memberIds.length > 0, form, skillSuggestions: SKILL_SUGGESTIONS };
};

export const actions: Actions = {
  default: async (event) => {
    const session = requireSession(event);
    // One address may hold several member accounts; the project is proposed as the first.
    const holderId = session.memberIds[0];
    if (!holderId) redirect(303, '/projets/nouveau');
    const result = await submitProjectForm(event, event.locals.t, (body) =>
      api(event).POST('/v1/projects', { body: { ...body, holderId } }),
    );
    if ('sent' in result) redirect(303, `/projets/${result.sent.id}?publie=1#contenu`);
    return result.status === 200 ? { form: result.state } : fail(result.status, { form: result.state });
  },
};
