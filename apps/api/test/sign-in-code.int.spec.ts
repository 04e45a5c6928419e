import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { LinkSigner, signInCode, signInCodeHash, signInToken } from '@trame/mail';
import { QUEUES, REDIS, type SignInEmailJob } from '@trame/messaging';
import { waitUntil } from '@trame/testing';
import { AccountDirectory } from '../src/auth/account-directory';
import { CLIENT_IP_HEADER, WEB_KEY_HEADER, webClientKey } from '../src/auth/client-ip';
import { SignInService } from '../src/auth/sign-in.service';
import { createApiTestApp, type ApiTestApp } from './api-test-app';
import { bodyOf, type ErrorBody, type SessionBody } from './typed-reads';

/*
 * Signing in with the 6-digit code of the sign-in email (POST /v1/auth/code), and signing
 * out (POST /v1/auth/sign-out). No notifier here: the code and the token are derived from
 * the queued job, as the notifier derives them for the email (the email itself:
 * libs/mail/src/sign-in-email.spec.ts and sign-in.int.spec.ts).
 */

const WRONG = {
  statusCode: 401,
  error: 'Unauthorized',
  message: [expect.stringMatching(/^Ce code ne permet pas de se connecter.* \/ This code does not sign you in/)],
};
const TOO_MANY = {
  statusCode: 429,
  error: 'Too Many Requests',
  message: ['trop de requêtes, réessayez plus tard / too many requests, please retry later'],
};

/** Another code than `code` (same shape), for wrong guesses. */
const otherThan = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
const address = (name: string) => `${name}.${randomUUID().slice(0, 8)}@example.org`;

/** Asks for a sign-in (HTTP) and returns the code and token of that request, as the email would give them. */
async function requestSignIn(t: ApiTestApp, email: string): Promise<{ code: string; token: string }> {
  const signIn = t.app.get(SignInService);
  const queue = t.app.get<Queue<SignInEmailJob>>(getQueueToken(QUEUES.signIn));
  await signIn.idle();
  const before = new Set((await queue.getJobs(['waiting', 'active', 'completed', 'delayed'])).map((j) => j.id));
  await t.http().post('/v1/auth/link').send({ email }).expect(202);
  await signIn.idle();
  const job = (await queue.getJobs(['waiting'])).find((j) => !before.has(j.id));
  if (!job) throw new Error(`no sign-in job for ${email}`);
  const signer = t.app.get(LinkSigner);
  return { code: signInCode(signer, job.data.requestId), token: signInToken(signer, job.data.requestId) };
}

describe('sign-in with the 6-digit code', () => {
  let t: ApiTestApp;
  let redis: Redis;
  beforeAll(async () => {
    // Limits out of the way here (they have their own tests below).
    t = await createApiTestApp({ SIGN_IN_RATE_LIMIT_PER_ADDRESS: '1000', SIGN_IN_CODE_LIMIT_PER_ADDRESS: '1000' });
    redis = t.app.get<Redis>(REDIS);
  });
  afterAll(() => t.close());

  const code = (email: string, value: unknown) => t.http().post('/v1/auth/code').send({ email, code: value });
  const token = (value: string) => t.http().post('/v1/auth/token').send({ token: value });

  it('gives the same session as the link; once: the code again, or the link of that email, is then a 401', async () => {
    const email = address('camille');
    const memberId = await t.registerMember({ email });
    const { code: c, token: tk } = await requestSignIn(t, email);

    // The address in another case, and the code as printed ("042 917").
    const res = await code(email.toUpperCase(), `${c.slice(0, 3)} ${c.slice(3)}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      memberIds: [memberId],
      referentIds: [],
      admin: false,
    });
    const auth = `Bearer ${bodyOf<SessionBody>(res).accessToken}`;
    await t
      .http()
      .put(`/v1/members/${memberId}/skills`)
      .set('Authorization', auth)
      .send({ skills: ['apiculture'] })
      .expect(200);

    expect(bodyOf<ErrorBody>(await code(email, c).expect(401))).toEqual(WRONG);
    await token(tk).expect(401);
  });

  it('using the link consumes the code of the same email', async () => {
    const email = address('yann');
    await t.registerMember({ email });
    const { code: c, token: tk } = await requestSignIn(t, email);
    await token(tk).expect(200);
    expect(bodyOf<ErrorBody>(await code(email, c).expect(401))).toEqual(WRONG);
  });

  it('one 401 for a wrong code, an unknown address, an erased member; nothing in Redis holds the code or the address', async () => {
    const email = address('lea');
    const memberId = await t.registerMember({ email });
    const { code: c } = await requestSignIn(t, email);

    const wrong = bodyOf<ErrorBody>(await code(email, otherThan(c)).expect(401));
    const unknown = bodyOf<ErrorBody>(await code(address('personne'), c).expect(401));
    expect(wrong).toEqual(WRONG);
    expect(unknown).toEqual(wrong);

    // Redis keeps a keyed hash of the code, bound to the address's lookup hash: neither in clear.
    const { QUEUE_PREFIX } = t.app.get<TrameConfig>(TRAME_CONFIG);
    const lookupHash = t.app.get(AccountDirectory).lookupHash(email);
    const codes = await redis.hgetall(`${QUEUE_PREFIX}:sign-in:codes:${lookupHash}`);
    expect(Object.keys(codes)).toContain(signInCodeHash(t.app.get(LinkSigner), lookupHash, c));
    const everything: string[] = [];
    // What sign-in keeps (the queue's own keys, under sign-in: too, hold ids and times only).
    for (const key of await redis.keys(`${QUEUE_PREFIX}:sign-in:codes:*`)) everything.push(key, JSON.stringify(await redis.hgetall(key)));
    for (const key of await redis.keys(`${QUEUE_PREFIX}:sign-in:token:*`)) everything.push(key, (await redis.get(key)) ?? '');
    expect(everything.length).toBeGreaterThanOrEqual(4);
    expect(everything.join('\n')).not.toContain(email);
    expect(everything.join('\n')).not.toMatch(new RegExp(`(^|[^0-9a-f])${c}($|[^0-9a-f])`));

    // Erased since the request: its code signs in as nothing.
    await t.http().delete(`/v1/members/${memberId}`).set('Authorization', t.asMember(memberId)).expect(204);
    expect(bodyOf<ErrorBody>(await code(email, c).expect(401))).toEqual(WRONG);
  });

  it('five wrong codes end the pending codes of the address (the right one too); its link still works', async () => {
    const email = address('noe');
    await t.registerMember({ email });
    const first = await requestSignIn(t, email);
    // A second request does not buy more guesses: wrong codes count per address.
    const second = await requestSignIn(t, email);
    for (let i = 1; i <= 4; i++) await code(email, otherThan(first.code, i * 7919)).expect(401);
    // Four wrong so far: the right code of either email still works.
    await code(email, first.code).expect(200);
    await code(email, otherThan(second.code, 13)).expect(401); // the fifth
    expect(bodyOf<ErrorBody>(await code(email, second.code).expect(401))).toEqual(WRONG);
    // The link cannot be guessed, and someone typing codes must not cut it.
    await token(second.token).expect(200);
    // A new request starts again.
    const third = await requestSignIn(t, email);
    await code(email, third.code).expect(200);
  });

  it('refuses malformed input with a 400 naming each field, before any lookup', async () => {
    const missing = bodyOf<ErrorBody>(await t.http().post('/v1/auth/code').send({}).expect(400));
    expect(missing.message).toEqual(['email: champ obligatoire / required field', 'code: champ obligatoire / required field']);
    const bad = bodyOf<ErrorBody>(await t.http().post('/v1/auth/code').send({ email: 'pas-une-adresse', code: '12345' }).expect(400));
    expect(bad.message).toEqual([
      'email: doit être une adresse e-mail valide / must be a valid email address',
      'code: doit être un code de 6 chiffres / must be a 6-digit code',
    ]);
    for (const value of ['1234567', 'abcdef', '12345 ', 123456, '１２３４５６', '123456'.repeat(3)]) {
      const res = bodyOf<ErrorBody>(await code(address('x'), value).expect(400));
      expect(res.message).toEqual([expect.stringMatching(/^code: /)]);
    }
    const extra = bodyOf<ErrorBody>(
      await t
        .http()
        .post('/v1/auth/code')
        .send({ email: address('x'), code: '123456', token: 'x' })
        .expect(400),
    );
    expect(extra.message).toEqual(['token: champ inconnu / unknown field']);
  });
});

describe('sign-in code expiry (SIGN_IN_LINK_TTL_SECONDS=1)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({ SIGN_IN_LINK_TTL_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('an expired code is the same 401 as a wrong one', async () => {
    const email = address('ines');
    await t.registerMember({ email });
    const { code: c } = await requestSignIn(t, email);
    const { QUEUE_PREFIX } = t.app.get<TrameConfig>(TRAME_CONFIG);
    const key = `${QUEUE_PREFIX}:sign-in:codes:${t.app.get(AccountDirectory).lookupHash(email)}`;
    const redis = t.app.get<Redis>(REDIS);
    await waitUntil(
      () => redis.exists(key),
      (n) => n === 0,
      'the code to expire',
      { timeoutMs: 5000, intervalMs: 100 },
    );
    const res = await t.http().post('/v1/auth/code').send({ email, code: c }).expect(401);
    expect(bodyOf<ErrorBody>(res)).toEqual(WRONG);
  });
});

describe('sign-in code rate limits: a shared connection is not locked out, one address is', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    // Defaults, but for the per-address limit of link requests (each person here asks once).
    t = await createApiTestApp({ SIGN_IN_CODE_LIMIT_PER_ADDRESS: '3', SIGN_IN_CODE_LIMIT_PER_IP: '40' });
  });
  afterAll(() => t.close());

  it('per address (3 here), then per IP (40 here), whatever the codes', async () => {
    const email = address('sam');
    for (let i = 0; i < 3; i++) await t.http().post('/v1/auth/code').send({ email, code: '000000' }).expect(401);
    const blocked = await t.http().post('/v1/auth/code').send({ email: email.toUpperCase(), code: '000000' }).expect(429);
    expect(bodyOf<ErrorBody>(blocked)).toEqual(TOO_MANY);
    expect(Number(blocked.headers['retry-after-sign-in-code-address'])).toBeGreaterThan(0);

    // Other addresses from the same client: until the per-IP count (40, the 4 above included).
    for (let i = 0; i < 36; i++)
      await t
        .http()
        .post('/v1/auth/code')
        .send({ email: address(`p${i}`), code: '000000' })
        .expect(401);
    const ip = await t
      .http()
      .post('/v1/auth/code')
      .send({ email: address('last'), code: '000000' })
      .expect(429);
    expect(ip.headers['retry-after-sign-in-code-ip']).toBeDefined();
  });
});

describe('a tiers-lieu’s workshop: 30 people sign in from one connection with the default limits', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('each asks for a link, mistypes the code once, then types it right: nobody gets a 429', async () => {
    const people = Array.from({ length: 30 }, (_, i) => address(`atelier${i}`));
    for (const email of people) await t.registerMember({ email });
    for (const email of people) {
      const { code: c } = await requestSignIn(t, email);
      await t
        .http()
        .post('/v1/auth/code')
        .send({ email, code: otherThan(c) })
        .expect(401);
      await t.http().post('/v1/auth/code').send({ email, code: c }).expect(200);
    }
  }, 60_000);
});

describe('sign-out', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('ends this session on the server (401 from then on); the same person’s other sessions go on', async () => {
    const email = address('jade');
    const memberId = await t.registerMember({ email });
    const session = async () => {
      const { code: c } = await requestSignIn(t, email);
      return `Bearer ${bodyOf<SessionBody>(await t.http().post('/v1/auth/code').send({ email, code: c }).expect(200)).accessToken}`;
    };
    const phone = await session();
    const laptop = await session();
    const read = (auth: string) => t.http().get(`/v1/members/${memberId}`).set('Authorization', auth);
    await read(phone).expect(200);

    await t.http().post('/v1/auth/sign-out').set('Authorization', phone).expect(204);
    const after = await read(phone).expect(401);
    expect(bodyOf<ErrorBody>(after).message).toEqual(['connexion requise / sign-in required']);
    await t.http().post('/v1/auth/sign-out').set('Authorization', phone).expect(401);
    await read(laptop).expect(200);

    // Listed until any renewal of the session would have expired anyway, then gone.
    const { QUEUE_PREFIX } = t.app.get<TrameConfig>(TRAME_CONFIG);
    const redis = t.app.get<Redis>(REDIS);
    const [key] = await redis.keys(`${QUEUE_PREFIX}:session:revoked:*`);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(t.app.get<TrameConfig>(TRAME_CONFIG).WEB_SESSION_TTL_SECONDS);
  });

  it('without a session: 401', async () => {
    await t.http().post('/v1/auth/sign-out').expect(401);
  });
});

describe('per-IP limits behind the web server: the person’s IP, forwarded with the web server’s key', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({ SIGN_IN_CODE_LIMIT_PER_IP: '2' });
  });
  afterAll(() => t.close());

  const from = (ip: string, key?: string) => {
    const req = t.http().post('/v1/auth/code').set(CLIENT_IP_HEADER, ip);
    return (key ? req.set(WEB_KEY_HEADER, key) : req).send({ email: address('w'), code: '000000' });
  };

  it('counts each forwarded IP on its own with the key, and ignores the header without it', async () => {
    const key = webClientKey(t.app.get(LinkSigner));
    // Two people behind the web server, two requests each: within the limit of 2 per IP.
    for (const ip of ['203.0.113.7', '2001:db8::1']) {
      await from(ip, key).expect(401);
      await from(ip, key).expect(401);
    }
    expect((await from('203.0.113.7', key).expect(429)).headers['retry-after-sign-in-code-ip']).toBeDefined();
    // A wrong key or none: the header is someone's claim, the socket's address counts (its 3rd here).
    await from('198.51.100.1', 'x'.repeat(key.length)).expect(401);
    await from('198.51.100.2').expect(401);
    await from('198.51.100.3').expect(429);
    // Nor is a forwarded value that is not an IP taken.
    await from('not-an-ip', key).expect(429);
  });
});
