import { needsRenewal, readSession, RENEW_AFTER_SECONDS } from './session';

const token = (claims: Record<string, unknown>) =>
  ['header', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'signature'].join('.');
const now = Math.floor(Date.now() / 1000);

describe('readSession', () => {
  it('reads who is signed in from the token the api issued', () => {
    const session = readSession(token({ sub: 'h', mid: ['m1'], rid: ['r1', 7], adm: true, iat: now, exp: now + 60 }));
    expect(session).toMatchObject({ memberIds: ['m1'], referentIds: ['r1'], admin: true, issuedAt: now, expiresAt: now + 60 });
  });

  it('has no session for an expired token, a malformed one, or none', () => {
    expect(readSession(token({ mid: [], rid: [], iat: now - 100, exp: now - 1 }))).toBeUndefined();
    expect(readSession('not-a-token')).toBeUndefined();
    expect(readSession('a.%%%.c')).toBeUndefined();
    expect(readSession(token({ mid: [], rid: [] }))).toBeUndefined();
    expect(readSession(undefined)).toBeUndefined();
  });
});

describe('needsRenewal', () => {
  it('renews a session once it is a day old, not before (at most one renewal a day)', () => {
    const session = readSession(token({ mid: ['m'], rid: [], iat: now, exp: now + 30 * 86400 }))!;
    expect(needsRenewal(session, (now + RENEW_AFTER_SECONDS - 60) * 1000)).toBe(false);
    expect(needsRenewal(session, (now + RENEW_AFTER_SECONDS) * 1000)).toBe(true);
  });
});
