import { LinkSigner } from './link-signer';
import { SIGN_IN_TOKEN_PATTERN, signInToken, signInTokenHash } from './sign-in-email';
import { nonCanonicalTwin } from './testing/token-tampering';

describe('sign-in tokens', () => {
  const signer = new LinkSigner(Buffer.from('s'.repeat(40)), 'https://trame.example');

  it('are canonical, and another spelling of the same bytes fails the shape check (refused before any lookup)', () => {
    for (let i = 0; i < 32; i += 1) {
      const token = signInToken(signer, `request-${i}`);
      expect(SIGN_IN_TOKEN_PATTERN.test(token)).toBe(true);
      const twin = nonCanonicalTwin(token);
      expect(Buffer.from(twin, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
      expect(SIGN_IN_TOKEN_PATTERN.test(twin)).toBe(false);
      // And the store is keyed by the text, so a twin could never find the pending link either.
      expect(signInTokenHash(twin)).not.toBe(signInTokenHash(token));
    }
  });
});
