import { api } from '$lib/server/api/client';
import { currentMemberId } from '$lib/server/me/current-member';
import type { PageServerLoad } from './$types';

/** My introductions: on either side, newest first, with where each stands; each links to its page. */
export const load: PageServerLoad = async (event) => {
  const memberId = currentMemberId(event);
  if (!memberId) return { member: false as const };
  const { data } = await api(event)
    .GET('/v1/members/{id}/introductions', { params: { path: { id: memberId } } })
    .catch(() => ({ data: undefined }));
  if (!data) return { member: true as const, unavailable: true, items: [] };
  const items = [...data.items].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return { member: true as const, items };
};
