import { api } from '$lib/server/api/client';
import type { PageServerLoad } from './$types';

const RECENT = 6;

/** The home page: the few newest active projects (the list is newest first). */
export const load: PageServerLoad = async () => {
  try {
    const { data } = await api().GET('/v1/projects', { params: { query: { limit: RECENT } } });
    return { recent: data ? data.items.slice(0, RECENT) : null };
  } catch {
    // The api is away or slow: the page still says what Trame is and where to go.
    return { recent: null };
  }
};
