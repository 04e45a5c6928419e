import { randomBytes } from 'node:crypto';
import { CANONICAL_TOKEN_32_PATTERN, canonicalTokenEquals, isCanonicalBase64url } from './signed-token';
import { nonCanonicalTwin, tamperSignificant } from './testing/token-tampering';

// Tokens ending in each of the four canonical last characters' families, A included (the flaky case).
const tokens = Array.from({ length: 64 }, (_, i) => {
  const bytes = randomBytes(32);
  bytes[31] = (bytes[31] & 0xf0) | (i & 0x0f);
  return bytes.toString('base64url');
});

describe('canonical signed tokens', () => {
  it('a twin decodes to the same bytes but is another spelling, refused', () => {
    for (const token of tokens) {
      const twin = nonCanonicalTwin(token);
      expect(twin).not.toBe(token);
      expect(Buffer.from(twin, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
      expect(isCanonicalBase64url(token)).toBe(true);
      expect(isCanonicalBase64url(twin)).toBe(false);
      expect(canonicalTokenEquals(token, token)).toBe(true);
      expect(canonicalTokenEquals(twin, token)).toBe(false);
      expect(CANONICAL_TOKEN_32_PATTERN.test(token)).toBe(true);
      expect(CANONICAL_TOKEN_32_PATTERN.test(twin)).toBe(false);
    }
  });

  it('a significant tamper changes the bytes', () => {
    for (const token of tokens) {
      expect(Buffer.from(tamperSignificant(token), 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(false);
      expect(canonicalTokenEquals(tamperSignificant(token), token)).toBe(false);
    }
  });

  it('refuses what is not a token of the same length', () => {
    const token = tokens[0];
    const near = [token.slice(0, 42), `${token}A`, `${token.slice(0, 42)}=`, `${token.slice(0, 42)}+`];
    for (const bad of [undefined, null, 42, [token], '', ...near]) {
      expect(canonicalTokenEquals(bad, token)).toBe(false);
    }
  });
});
