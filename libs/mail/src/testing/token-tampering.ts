/*
 * Test helpers for signed tokens. A test that "tampers" with a token must change a
 * character that carries data: the last character of 32 bytes in base64url only carries
 * 4 data bits, and flipping it may only change the padding bits decoding ignores.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The token with its first character (always 6 data bits) replaced: other bytes, surely. */
export const tamperSignificant = (token: string): string => `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;

/**
 * Another spelling of the same bytes: the last character with a padding bit set. Only for
 * tokens whose length leaves padding bits (43 characters for 32 bytes).
 */
export function nonCanonicalTwin(token: string): string {
  if (token.length % 4 === 0 || token.length % 4 === 1) throw new Error('no padding bits in this length');
  const last = ALPHABET.indexOf(token[token.length - 1]);
  if (last < 0) throw new Error('not base64url');
  return `${token.slice(0, -1)}${ALPHABET[last | 1]}`;
}
