import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { currentMemberId } from '$lib/server/me/current-member';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * My space: a greeting, the projects that fit me (best first, reasons in words, each a click
 * from its page, each with "pas pour moi"), and links to the rest of my space.
 */
export const load: PageServerLoad = async (event) => {
  const memberId = currentMemberId(event);
  // A referent or an admin without a member profile: their space is what awaits them.
  const session = event.locals.session;
  if (!memberId && session && (session.referentIds.length > 0 || session.admin)) redirect(303, '/moi/a-traiter');
  const reviewer = Boolean(session && (session.referentIds.length > 0 || session.admin));
  if (!memberId) return { member: null, recommendations: null, dismissed: false, reviewer };
  // A project just dismissed stays hidden while the matcher catches up (it is gone for good after).
  const dismissedId = event.url.searchParams.get('ecarte') ?? '';
  try {
    const client = api(event);
    const [profile, recommendations, introductions, projects] = await Promise.all([
      client.GET('/v1/members/{id}', { params: { path: { id: memberId } } }),
      client.GET('/v1/members/{id}/recommendations', { params: { path: { id: memberId } } }),
      // What awaits an answer from me, and my own projects: the first things to see here.
      client.GET('/v1/members/{id}/introductions', { params: { path: { id: memberId } } }).catch(() => ({ data: undefined })),
      client.GET('/v1/members/{id}/projects', { params: { path: { id: memberId } } }).catch(() => ({ data: undefined })),
    ]);
    if (!profile.data) return { member: null, recommendations: null, dismissed: false, reviewer, unavailable: true };
    const { firstName, notify, confirmed } = profile.data;
    const matches = recommendations.data?.projects.filter((p) => p.projectId !== dismissedId);
    // The commune of each project, from its card (the recommendation itself carries no place).
    const communes = await Promise.all(
      (matches ?? []).map((p) =>
        client
          .GET('/v1/projects/{id}', { params: { path: { id: p.projectId } } })
          .then(({ data }) => data?.location.label)
          .catch(() => undefined),
      ),
    );
    return {
      member: { firstName, notify, confirmed },
      recommendations: matches ? matches.map((p, i) => ({ ...p, commune: communes[i] })) : null,
      // Asked of me (not by me), waiting for my yes or no.
      awaiting: (introductions.data?.items ?? [])
        .filter((i) => i.status === 'awaiting-consent' && !i.requestedByYou)
        .map((i) => ({ id: i.id, title: i.project.title, otherFirstName: i.otherParty.firstName })),
      myProjects: (projects.data?.items ?? []).map((p) => ({ id: p.id, title: p.title, status: p.status })),
      dismissed: UUID.test(dismissedId),
      reviewer,
    };
  } catch {
    return { member: null, recommendations: null, dismissed: false, reviewer, unavailable: true };
  }
};

export const actions: Actions = {
  /** "Pas pour moi": the project is never suggested to this member again. */
  dismiss: async (event) => {
    const memberId = currentMemberId(event);
    const posted = (await event.request.formData()).get('projectId');
    const projectId = typeof posted === 'string' ? posted : '';
    if (!memberId || !UUID.test(projectId)) return fail(400, { dismissFailed: true });
    try {
      const { response } = await api(event).POST('/v1/members/{id}/recommendations/{projectId}/dismiss', {
        params: { path: { id: memberId, projectId } },
      });
      if (!response.ok) return fail(response.status === 404 ? 404 : 502, { dismissFailed: true });
    } catch {
      return fail(502, { dismissFailed: true });
    }
    redirect(303, `/moi?ecarte=${projectId}#recommandations`);
  },
};
