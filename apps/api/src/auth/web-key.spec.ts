import { LinkSigner } from '../../../../../libs/mail/src/link-signer';
import { webClientKey } from '../../../../api/src/auth/client-ip';
import { webKeyFromSecret } from './web-key-derivation';

describe('webKeyFromSecret', () => {
  it('derives from LINK_SECRET the very key the api checks (else per-IP limits would count the web server)', () => {
    const secret = 'a-link-secret-of-at-least-32-characters!';
    const apiSide = webClientKey(new LinkSigner(Buffer.from(secret, 'utf8'), 'http://localhost'));
    expect(webKeyFromSecret(secret)).toBe(apiSide);
    expect(webKeyFromSecret(`${secret}x`)).not.toBe(apiSide);
  });
});
