import { error, redirect, type RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { currentMemberId } from '$lib/server/me/current-member';

/** "Download my data": the api's export of everything Trame holds about the member, as a JSON file. */
export const GET: RequestHandler = async (event) => {
  const memberId = currentMemberId(event);
  if (!memberId) redirect(303, '/moi');
  const { data } = await api(event)
    .GET('/v1/members/{id}/export', { params: { path: { id: memberId } } })
    .catch(() => ({ data: undefined }));
  if (!data) error(503, event.locals.t.me.data.failed);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="trame-mes-donnees-${data.exportedAt.slice(0, 10)}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
