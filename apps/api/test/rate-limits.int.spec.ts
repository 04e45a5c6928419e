import { randomUUID } from 'node:crypto';
import { createApiTestApp, type ApiTestApp } from './api-test-app';

/*
 * Rate limits on sign-in links (per client IP, per address) and on introduction requests
 * (per signed-in person), counted in Redis so that every api instance sees the same counts.
 */

const TOO_MANY = {
  statusCode: 429,
  error: 'Too Many Requests',
  message: ['trop de requêtes, réessayez plus tard / too many requests, please retry later'],
};

describe('sign-in link rate limits, shared by two api instances', () => {
  const prefix = `test-limits-${randomUUID()}`;
  // One LINK_SECRET, as deployed instances must share (it keys the address hash).
  const env = {
    QUEUE_PREFIX: prefix,
    LINK_SECRET: 'rate-limit-test-secret-0123456789abcdef',
    SIGN_IN_RATE_LIMIT_PER_ADDRESS: '2',
    SIGN_IN_RATE_LIMIT_PER_IP: '5',
    SIGN_IN_RATE_WINDOW_SECONDS: '600',
  };
  let a: ApiTestApp;
  let b: ApiTestApp;
  beforeAll(async () => {
    a = await createApiTestApp(env);
    b = await createApiTestApp(env);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const link = (t: ApiTestApp, email: string) => t.http().post('/v1/auth/link').send({ email });

  it('per address, then per IP, whichever instance answers', async () => {
    const x = `x.${randomUUID().slice(0, 8)}@example.org`;
    await link(a, x).expect(202);
    await link(b, x.toUpperCase()).expect(202); // the same address, normalised
    const third = await link(a, x).expect(429);
    expect(third.body).toEqual(TOO_MANY);
    expect(Number(third.headers['retry-after-sign-in-address'])).toBeGreaterThan(0);
    // And the standard header every client knows, the longest wait.
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(Number(third.headers['retry-after-sign-in-address']));

    // Other addresses from the same client: allowed until the per-IP count (5, the 429 included) is reached.
    await link(b, `y.${randomUUID().slice(0, 8)}@example.org`).expect(202);
    await link(a, `z.${randomUUID().slice(0, 8)}@example.org`).expect(202);
    const blocked = await link(b, `w.${randomUUID().slice(0, 8)}@example.org`).expect(429);
    expect(blocked.body).toEqual(TOO_MANY);
    expect(blocked.headers['retry-after-sign-in-ip']).toBeDefined();
  });

  it('limits nothing else', async () => {
    for (let i = 0; i < 8; i++) await a.http().get('/health/live').expect(200);
  });
});

describe('introduction request rate limit, per signed-in person', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({ INTRODUCTION_RATE_LIMIT: '2', INTRODUCTION_RATE_WINDOW_SECONDS: '600' });
  });
  afterAll(() => t.close());

  // Requests about an unknown project: refused by the endpoint, but counted first.
  const request = (auth: string, memberId: string) =>
    t.http().post('/v1/introductions').set('Authorization', auth).send({ projectId: randomUUID(), memberId, requestedBy: 'member' });

  it('the third request of one person in the window is a 429 and appends nothing; another person is not affected', async () => {
    const lea = randomUUID();
    const asLea = t.asMember(lea);
    for (let i = 0; i < 2; i++) expect((await request(asLea, lea)).status).not.toBe(429);
    const before = (await t.allEvents()).length;
    const third = await request(asLea, lea).expect(429);
    expect(third.body).toEqual(TOO_MANY);
    expect((await t.allEvents()).length).toBe(before);

    // A new session of the same person (same subject) is still limited; someone else is not.
    await request(t.asMember(lea), lea).expect(429);
    const hugo = randomUUID();
    expect((await request(t.asMember(hugo), hugo)).status).not.toBe(429);
    // Without a session, the access rule answers before any limit.
    await t.http().post('/v1/introductions').send({ projectId: randomUUID(), memberId: lea, requestedBy: 'member' }).expect(401);
  });
});
