import { env } from '$env/dynamic/private';

/**
 * The site's public address for absolute links (OpenGraph previews): `PUBLIC_URL`, which
 * follows `PORT` when unset, as the api's configuration does.
 */
export function publicUrl(requestUrl: URL): string {
  const configured = env.PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  return env.PORT ? `http://localhost:${env.PORT}` : requestUrl.origin;
}
