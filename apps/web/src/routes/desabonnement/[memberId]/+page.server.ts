import { fail } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A signed token as the api writes them (base64url); anything else is not worth a call. */
const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * The visible unsubscribe link of every email: a page with one button (mail scanners follow
 * links, so opening it changes nothing). No session needed: the signed token in the address
 * authorises it, and the api checks it. Mail providers' one-click POSTs go to the api itself.
 */
export const load: PageServerLoad = ({ params, url, setHeaders }) => {
  // The token is in the address: keep it out of caches and referrers.
  setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin', 'X-Robots-Tag': 'noindex' });
  const token = url.searchParams.get('token') ?? '';
  return { valid: UUID.test(params.memberId) && TOKEN.test(token), token };
};

export const actions: Actions = {
  default: async (event) => {
    const posted = (await event.request.formData()).get('token');
    const token = typeof posted === 'string' ? posted : '';
    const memberId = event.params.memberId;
    if (!UUID.test(memberId) || !TOKEN.test(token)) return fail(403, { invalid: true });
    try {
      const { response } = await api(event).POST('/v1/members/{id}/unsubscribe', {
        params: { path: { id: memberId }, query: { token } },
        body: { 'List-Unsubscribe': 'One-Click' },
      });
      if (response.status === 403 || response.status === 404) return fail(403, { invalid: true });
      if (!response.ok) return fail(502, { failed: true });
    } catch {
      return fail(502, { failed: true });
    }
    return { done: true };
  },
};
