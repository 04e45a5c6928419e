import { expect } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@trame/config';
import { LinkSigner } from '@trame/mail';
import { nonCanonicalTwin, tamperSignificant } from '../../../../libs/mail/src/testing/token-tampering';
import { SessionTokens } from './session-tokens';
import type { Principal } from './principal';

const config = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: '/tmp/unused', LINK_SECRET: 'a'.repeat(40), ...env });
const tokensFor = (secret: string, env: Record<string, string> = {}) =>
  new SessionTokens(new LinkSigner(Buffer.from(secret), 'http://trame.test'), config(env));

const principal: Principal = { subject: 's1', memberIds: ['m1', 'm2'], referentIds: ['r1'], admin: true };

describe('SessionTokens', () => {
  it('gives back the principal a token was issued for, with an id of its own per session (what sign-out revokes)', () => {
    const tokens = tokensFor('a'.repeat(40));
    const first = tokens.verify(tokens.issue(principal));
    const second = tokens.verify(tokens.issue(principal));
    expect(first).toEqual({ ...principal, sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/), sessionExpiresAt: expect.any(Number) });
    expect(second?.sessionId).not.toBe(first?.sessionId);
  });

  it('refuses a token without an id (it could not be signed out)', () => {
    const signer = new LinkSigner(Buffer.from('a'.repeat(40)), 'http://trame.test');
    const jwt = new JwtService({ secret: signer.subKey('session-jwt'), signOptions: { algorithm: 'HS256' } });
    const claims = { sub: 's1', mid: ['m1'], rid: [], adm: false };
    const withoutId = jwt.sign(claims, { expiresIn: 60, issuer: 'trame', audience: 'trame-api' });
    const withId = jwt.sign(claims, { expiresIn: 60, issuer: 'trame', audience: 'trame-api', jwtid: 'x' });
    expect(tokensFor('a'.repeat(40)).verify(withoutId)).toBeNull();
    expect(tokensFor('a'.repeat(40)).verify(withId)).toMatchObject({ subject: 's1', sessionId: 'x' });
  });

  it('rejects a token signed with another secret, or altered', () => {
    const token = tokensFor('b'.repeat(40)).issue(principal);
    expect(tokensFor('a'.repeat(40)).verify(token)).toBeNull();
    const [header, payload, signature] = tokensFor('a'.repeat(40))
      .issue({ ...principal, admin: false })
      .split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), adm: true })).toString(
      'base64url',
    );
    expect(tokensFor('a'.repeat(40)).verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(tokensFor('a'.repeat(40)).verify('not-a-token')).toBeNull();
  });

  it('rejects another spelling of the same signature, header or payload, and a tampered signature', () => {
    const tokens = tokensFor('a'.repeat(40));
    for (let i = 0; i < 16; i += 1) {
      const token = tokens.issue({ ...principal, subject: `s${i}` });
      const [header, payload, signature] = token.split('.');
      expect(tokens.verify(token)).not.toBeNull();
      expect(tokens.verify(`${header}.${payload}.${nonCanonicalTwin(signature)}`)).toBeNull();
      expect(tokens.verify(`${header}.${payload}.${tamperSignificant(signature)}`)).toBeNull();
      if (header.length % 4 > 1) expect(tokens.verify(`${nonCanonicalTwin(header)}.${payload}.${signature}`)).toBeNull();
      if (payload.length % 4 > 1) expect(tokens.verify(`${header}.${nonCanonicalTwin(payload)}.${signature}`)).toBeNull();
    }
  });

  it('rejects an expired token', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    try {
      const tokens = tokensFor('a'.repeat(40), { SESSION_TTL_SECONDS: '60' });
      const token = tokens.issue(principal);
      jest.setSystemTime(new Date('2026-01-01T00:00:59Z'));
      expect(tokens.verify(token)).not.toBeNull();
      jest.setSystemTime(new Date('2026-01-01T00:01:01Z'));
      expect(tokens.verify(token)).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});
