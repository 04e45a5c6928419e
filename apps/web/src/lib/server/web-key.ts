import { env } from '$env/dynamic/private';
import { webKeyFromSecret } from './web-key-derivation';

/**
 * The key proving to the api that the web server forwarded the person's IP
 * (`X-Trame-Web-Key`): `TRAME_WEB_KEY` as `npm start` hands it over, else derived from
 * `LINK_SECRET` as the api derives it (apps/api/src/auth/client-ip.ts, checked by a test).
 * Without either, the api counts every visitor under the web server's own address.
 */
export function webKey(): string | undefined {
  if (env.TRAME_WEB_KEY) return env.TRAME_WEB_KEY;
  const secret = env.LINK_SECRET?.trim();
  return secret ? webKeyFromSecret(secret) : undefined;
}
