import { expect } from '@jest/globals';
import type { Redis } from 'ioredis';
import { SessionRevocations } from './session-revocations';
import type { Principal } from './principal';

/** A Redis stand-in: a map of keys to expiry times, and a connection status to switch. */
function fakeRedis() {
  const keys = new Map<string, number>();
  const redis = {
    status: 'ready',
    set: (key: string, _value: string, _px: 'PX', ms: number) => {
      keys.set(key, Date.now() + ms);
      return Promise.resolve('OK');
    },
    exists: (key: string) => Promise.resolve((keys.get(key) ?? 0) > Date.now() ? 1 : 0),
  };
  return { redis, keys };
}

const session = (sessionId: string, inSeconds: number): Principal => ({
  subject: 's',
  memberIds: ['m'],
  referentIds: [],
  admin: false,
  sessionId,
  sessionExpiresAt: Math.floor(Date.now() / 1000) + inSeconds,
});

const CONFIG = { QUEUE_PREFIX: 'p', WEB_SESSION_TTL_SECONDS: 300 };

describe('SessionRevocations', () => {
  it('lists a signed-out session in Redis until the token would expire; other sessions are not listed', async () => {
    const { redis, keys } = fakeRedis();
    const revocations = new SessionRevocations(redis as unknown as Redis, CONFIG);
    await revocations.revoke(session('a', 600));
    expect([...keys.keys()]).toEqual(['p:session:revoked:a']);
    const ttlMs = keys.get('p:session:revoked:a')! - Date.now();
    expect(ttlMs).toBeGreaterThan(590_000);
    expect(ttlMs).toBeLessThanOrEqual(600_000);
    expect(await revocations.isRevoked('a')).toBe(true);
    expect(await revocations.isRevoked('b')).toBe(false);
  });

  it('lists a session at least as long as a renewal of it could live (renewals keep its id)', async () => {
    const { redis, keys } = fakeRedis();
    await new SessionRevocations(redis as unknown as Redis, CONFIG).revoke(session('short', 60));
    const ttlMs = keys.get('p:session:revoked:short')! - Date.now();
    expect(ttlMs).toBeGreaterThan(290_000);
    expect(ttlMs).toBeLessThanOrEqual(300_000);
  });

  it('sees what another instance revoked, through Redis', async () => {
    const { redis } = fakeRedis();
    await new SessionRevocations(redis as unknown as Redis, CONFIG).revoke(session('a', 600));
    expect(await new SessionRevocations(redis as unknown as Redis, CONFIG).isRevoked('a')).toBe(true);
  });

  it('while Redis is away: its own sign-outs stay out, the rest is not refused; a sign-out is a 503 then', async () => {
    const { redis } = fakeRedis();
    const revocations = new SessionRevocations(redis as unknown as Redis, CONFIG);
    await revocations.revoke(session('a', 600));
    redis.status = 'reconnecting';
    expect(await revocations.isRevoked('a')).toBe(true);
    expect(await revocations.isRevoked('b')).toBe(false);
    await expect(revocations.revoke(session('c', 600))).rejects.toMatchObject({ status: 503 });
  });

  it('does nothing for a session without an id or already expired', async () => {
    const { redis, keys } = fakeRedis();
    const revocations = new SessionRevocations(redis as unknown as Redis, CONFIG);
    await revocations.revoke({ subject: 's', memberIds: [], referentIds: [], admin: true });
    await revocations.revoke(session('old', -5));
    expect(keys.size).toBe(0);
  });
});
