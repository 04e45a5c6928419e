import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { currentMemberId } from '$lib/server/me/current-member';
import { forgetSession } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

/** Delete my account: a page that says what will happen, then one button (no modal: it works without JavaScript). */
export const load: PageServerLoad = (event) => {
  if (!currentMemberId(event)) redirect(303, '/moi');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const memberId = currentMemberId(event);
    if (!memberId) redirect(303, '/moi');
    try {
      const { response } = await api(event).DELETE('/v1/members/{id}', { params: { path: { id: memberId } } });
      // 409: already erased (the api finished the deletion anyway): the person is gone either way.
      if (!response.ok && response.status !== 409) return fail(502, { failed: true });
    } catch {
      return fail(502, { failed: true });
    }
    // The api revoked the member's sessions with the erasure; the cookie goes too.
    forgetSession(event.cookies, event.url);
    redirect(303, '/au-revoir');
  },
};
