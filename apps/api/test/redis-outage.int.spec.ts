import { randomUUID } from 'node:crypto';
import { ownRedisServer, type OwnRedisServer } from '../../notifier/test/own-redis-server';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';

/** A token of the right shape (what the sign-in page posts): only Redis can say it is unknown. */
const TOKEN = 'q3V9l0m2ZrX8c4JdT1yF6bN5hK7sW0aE2gP9uR4iQxM';

describe('the api while Redis is away (a redis-server of its own, killed then restarted empty)', () => {
  jest.setTimeout(60_000);
  let redisServer: OwnRedisServer;
  let t: ApiTestApp;

  beforeAll(async () => {
    redisServer = await ownRedisServer();
    t = await createApiTestApp({ REDIS_URL: redisServer.url });
  });
  afterAll(async () => {
    await redisServer?.start(); // if a failed assertion left it down: close() cleans its keys up
    await t?.close();
    await redisServer?.stop();
  });

  it('answers 503 with Retry-After at once to what needs Redis, the rest as usual, and recovers on reconnect', async () => {
    const holder = randomUUID();
    await t.http().post('/v1/auth/token').send({ token: TOKEN }).expect(401); // Redis up: unknown token

    await redisServer.stop();
    const timed = async (send: () => PromiseLike<{ status: number; headers: Record<string, string> }>) => {
      const t0 = Date.now();
      const res = await send();
      return { status: res.status, retryAfter: res.headers['retry-after'], ms: Date.now() - t0 };
    };
    const answers = {
      token: await timed(() => t.http().post('/v1/auth/token').send({ token: TOKEN })),
      link: await timed(() => t.http().post('/v1/auth/link').send({ email: 'camille@example.org' })),
      idempotent: await timed(() =>
        t
          .http()
          .post('/v1/projects')
          .set('Authorization', t.asMember(holder))
          .set('Idempotency-Key', randomUUID())
          .send(validProject(holder)),
      ),
    };
    for (const answer of Object.values(answers)) {
      expect(answer).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) as unknown });
      expect(answer.ms).toBeLessThan(1000);
    }
    // What does not need Redis goes on: liveness; readiness is not ready.
    await t.http().get('/health/live').expect(200);
    await t.http().get('/health').expect(503);

    // Redis back (empty): the same requests go through again.
    await redisServer.start();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (status !== 202 && Date.now() < deadline) {
      status = (await t.http().post('/v1/auth/link').send({ email: 'camille@example.org' })).status;
      if (status !== 202) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(202);
    await t.http().post('/v1/auth/token').send({ token: TOKEN }).expect(401);
  });
});
