import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
  locale: locals.locale,
  signedIn: locals.session !== undefined,
  // Where the language switch comes back to: this very page, with its filters.
  path: url.pathname + url.search,
});
