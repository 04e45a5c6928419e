import { createHmac } from 'node:crypto';

/** The web key as the api derives it from `LINK_SECRET` (LinkSigner.subKey('web-client-ip'), base64url). */
export const webKeyFromSecret = (secret: string): string =>
  createHmac('sha256', Buffer.from(secret, 'utf8')).update('trame-subkey:web-client-ip').digest().toString('base64url');
