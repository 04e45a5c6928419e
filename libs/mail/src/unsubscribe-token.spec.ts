import { nonCanonicalTwin } from './testing/token-tampering';
import { signUnsubscribeToken, unsubscribePageUrl, unsubscribeUrl, verifyUnsubscribeToken } from './unsubscribe-token';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const MEMBER = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

describe('unsubscribe tokens', () => {
  it('verify for the member they were signed for, with the same secret only', () => {
    const token = signUnsubscribeToken(SECRET, MEMBER);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(SECRET, MEMBER, token)).toBe(true);
    expect(verifyUnsubscribeToken(SECRET, OTHER, token)).toBe(false);
    expect(verifyUnsubscribeToken(`${SECRET}x`, MEMBER, token)).toBe(false);
  });

  it('reject tampered, truncated and malformed tokens', () => {
    const token = signUnsubscribeToken(SECRET, MEMBER);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const bad of [flipped, token.slice(0, 42), `${token}A`, '', undefined, null, 42, ['x'], `${token.slice(0, 42)}=`]) {
      expect(verifyUnsubscribeToken(SECRET, MEMBER, bad)).toBe(false);
    }
  });

  it('refuse another spelling of the same bytes (padding bits set in the last character)', () => {
    for (let i = 0; i < 32; i += 1) {
      const member = `22222222-2222-4222-8222-2222222222${String(i).padStart(2, '0')}`;
      const token = signUnsubscribeToken(SECRET, member);
      expect(verifyUnsubscribeToken(SECRET, member, token)).toBe(true);
      expect(verifyUnsubscribeToken(SECRET, member, nonCanonicalTwin(token))).toBe(false);
    }
  });

  it('are a plain HMAC-SHA256 over the purpose and member id (so any process with the secret agrees)', () => {
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const expected = createHmac('sha256', SECRET).update(`unsubscribe:${MEMBER}`).digest('base64url');
    expect(signUnsubscribeToken(SECRET, MEMBER)).toBe(expected);
  });

  it('build the web page of the visible link under PUBLIC_URL', () => {
    expect(unsubscribePageUrl('https://trame.example/', MEMBER, 'tok-_')).toBe(`https://trame.example/desabonnement/${MEMBER}?token=tok-_`);
  });

  it('build the link under PUBLIC_URL', () => {
    expect(unsubscribeUrl('https://trame.example/', MEMBER, 'tok-_')).toBe(
      `https://trame.example/v1/members/${MEMBER}/unsubscribe?token=tok-_`,
    );
  });
});
