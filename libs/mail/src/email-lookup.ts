import { createHmac } from 'node:crypto';
import type { LinkSigner } from './link-signer';

/** How an address is compared everywhere (sealing, sign-in, ADMIN_EMAILS): trimmed, lowercased. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * The sign-in blind index value of an address: HMAC-SHA256 under a key derived from the
 * link secret, hex. Without the secret, a leaked index cannot be matched against a list
 * of addresses; with it, the api finds an address's accounts and the notifier recognises
 * an ADMIN_EMAILS entry, both from this one function.
 */
export const emailLookupHash = (signer: LinkSigner, email: string): string =>
  createHmac('sha256', signer.subKey('email-lookup')).update(normaliseEmail(email), 'utf8').digest('hex');
