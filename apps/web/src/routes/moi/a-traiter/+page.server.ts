import { api } from '$lib/server/api/client';
import { requireSession } from '$lib/server/require-session';
import type { InboxItem } from '$lib/introductions/introduction-types';
import type { PageServerLoad } from './$types';

/**
 * What awaits a referent or an admin: the introductions waiting for their decision, oldest
 * first, each a link to its decision page. An admin also sees those waiting for the
 * network's team (no referent covers the place, or escalated to them).
 */
export const load: PageServerLoad = async (event) => {
  const session = requireSession(event);
  if (session.referentIds.length === 0 && !session.admin) return { allowed: false as const };
  const client = api(event);
  try {
    const [referents, team] = await Promise.all([
      Promise.all(
        session.referentIds.map((id) =>
          client.GET('/v1/referents/{id}/inbox', { params: { path: { id } } }).then(({ data }) => data?.items ?? []),
        ),
      ),
      session.admin ? client.GET('/v1/referents/admin/inbox').then(({ data }) => data?.items ?? []) : Promise.resolve([]),
    ]);
    const oldestFirst = (a: InboxItem, b: InboxItem) => a.requestedAt.localeCompare(b.requestedAt);
    return {
      allowed: true as const,
      referent: referents.flat().sort(oldestFirst),
      team: team.sort(oldestFirst),
      admin: session.admin,
      now: new Date().toISOString(),
    };
  } catch {
    return { allowed: true as const, unavailable: true, referent: [], team: [], admin: session.admin, now: new Date().toISOString() };
  }
};
