import { LinkSigner } from '@trame/mail';
import { webKeyFromSecret } from '../../../web/src/lib/server/web-key-derivation';
import { webClientKey } from './client-ip';

describe('the web server’s key, derived on both sides', () => {
  it('derives from LINK_SECRET the very key the api checks (else per-IP limits would count the web server)', () => {
    const secret = 'a-link-secret-of-at-least-32-characters!';
    const apiSide = webClientKey(new LinkSigner(Buffer.from(secret, 'utf8'), 'http://localhost'));
    expect(webKeyFromSecret(secret)).toBe(apiSide);
    expect(webKeyFromSecret(`${secret}x`)).not.toBe(apiSide);
  });
});
