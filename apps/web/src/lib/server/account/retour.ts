import { safeReturnPath } from '$lib/server/return-path';

/** `retour` (the page to come back to) as a local path, or empty when there is none worth coming back to. */
export const retourOf = (value: FormDataEntryValue | string | null | undefined): string => {
  const path = safeReturnPath(typeof value === 'string' ? value : null);
  return path === '/' ? '' : path;
};

/** `path`, carrying `retour` along when there is one. */
export const withRetour = (path: string, retour: string): string =>
  retour ? `${path}${path.includes('?') ? '&' : '?'}retour=${encodeURIComponent(retour)}` : path;
