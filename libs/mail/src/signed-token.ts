import { timingSafeEqual } from 'node:crypto';

/*
 * Every signed token and link is compared in its canonical encoding. Base64url of 32 bytes
 * takes 43 characters whose last one carries 2 padding bits that decoding ignores: four
 * spellings decode to the same bytes. Comparing decoded bytes would accept all four (so a
 * "tampered" token may still verify); comparing the canonical text accepts exactly one.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** True if `token` is base64url without padding, spelled exactly as encoding its bytes gives. */
export function isCanonicalBase64url(token: string): boolean {
  return BASE64URL.test(token) && Buffer.from(token, 'base64url').toString('base64url') === token;
}

/**
 * Constant-time check that `given` is exactly the canonical token `expected` (itself a
 * base64url encoding): anything else (not a string, another length, a non-canonical
 * spelling of the same bytes) is false.
 */
export function canonicalTokenEquals(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length || !isCanonicalBase64url(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'ascii'), Buffer.from(expected, 'ascii'));
}

/**
 * A 32-byte token in canonical base64url: 42 free characters, then one whose two low bits
 * (padding) are zero. Shape checks use it so a non-canonical spelling is refused before any lookup.
 */
export const CANONICAL_TOKEN_32_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
