import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api/client';
import { publicUrl } from '$lib/server/public-url';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A project's public page; anything that is not a published project is the 404 page. */
export const load: PageServerLoad = async ({ params, url }) => {
  if (!UUID.test(params.id)) error(404, 'not found');
  const { data, response } = await api()
    .GET('/v1/projects/{id}', { params: { path: { id: params.id } } })
    // The api away or slow: the error page asks to try again in a few minutes.
    .catch(() => error(503, 'api unavailable'));
  if (response.status === 404 || response.status === 400) error(404, 'not found');
  if (!data) error(503, 'api unavailable');
  // The api may name the local referent (first name only); until it does, the network's team accompanies.
  const referentFirstName = (data as { referent?: { firstName?: unknown } }).referent?.firstName;
  const base = publicUrl(url);
  return {
    project: data,
    referentFirstName: typeof referentFirstName === 'string' ? referentFirstName : undefined,
    canonical: `${base}/projets/${data.id}`,
    image: `${base}/og-image.png`,
    interestedHref: `/connexion?next=${encodeURIComponent(`/projets/${data.id}`)}`,
  };
};
