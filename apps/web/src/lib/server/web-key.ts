import { createHmac } from 'node:crypto';
import { env } from '$env/dynamic/private';

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

export const webKeyFromSecret = (secret: string): string =>
  createHmac('sha256', Buffer.from(secret, 'utf8')).update('trame-subkey:web-client-ip').digest().toString('base64url');
