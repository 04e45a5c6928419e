import { api } from '$lib/server/api/client';
import { requireSession } from '$lib/server/require-session';
import type { PageServerLoad } from './$types';

/** "Mes projets": the projects the person holds, every status, newest first. */
export const load: PageServerLoad = async (event) => {
  const session = requireSession(event);
  if (session.memberIds.length === 0) return { hasMember: false, projects: [] };
  try {
    const answers = await Promise.all(
      session.memberIds.map((id) => api(event).GET('/v1/members/{id}/projects', { params: { path: { id } } })),
    );
    if (answers.some((a) => !a.data)) return { hasMember: true, projects: null };
    const projects = answers.flatMap((a) => a.data?.items ?? []).sort((a, b) => b.proposedAt.localeCompare(a.proposedAt));
    return { hasMember: true, projects };
  } catch {
    return { hasMember: true, projects: null };
  }
};
