import { randomUUID } from 'node:crypto';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { QUEUES } from '@trame/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import { UnrecoverableError, Worker } from 'bullmq';
import { createApiTestApp, type ApiTestApp } from '../../test/api-test-app';
import { bodyOf, type ErrorBody, type FailedJobsBody } from '../../test/typed-reads';

const TOKEN = 'admin-token-for-tests-0123';

describe('admin endpoints over HTTP', () => {
  describe('without ADMIN_API_TOKEN', () => {
    let t: ApiTestApp;
    beforeAll(async () => {
      t = await createApiTestApp({ ADMIN_API_TOKEN: '' });
    });
    afterAll(() => t.close());

    it('answers 401 without a session, 403 to a session that is not admin, 200 to an admin session', async () => {
      await t.http().get('/v1/admin/queues/failed').expect(401);
      const empty = await t.http().get('/v1/admin/queues/failed').set('Authorization', 'Bearer ').expect(401);
      expect(empty.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: ['connexion requise / sign-in required'] });
      const member = await t
        .http()
        .get('/v1/admin/queues/failed')
        .set('Authorization', t.bearer({ memberIds: [randomUUID()] }))
        .expect(403);
      expect(member.body).toEqual({ statusCode: 403, error: 'Forbidden', message: ['réservé aux admins / admins only'] });
      const admin = await t
        .http()
        .get('/v1/admin/queues/failed')
        .set('Authorization', t.bearer({ admin: true }))
        .expect(200);
      expect(admin.body).toEqual({ total: 0, jobs: [] });
    });

    it('mounts no dashboard by default', async () => {
      await t
        .http()
        .get('/admin/queues')
        .set('Authorization', t.bearer({ admin: true }))
        .expect(404);
    });
  });

  describe('with ADMIN_API_TOKEN and ADMIN_DASHBOARD=true', () => {
    let t: ApiTestApp;
    beforeAll(async () => {
      t = await createApiTestApp({ ADMIN_API_TOKEN: TOKEN, ADMIN_DASHBOARD: 'true' });
    });
    afterAll(() => t.close());

    it('lists failed jobs for the bearer of the ops token (and admin sessions) only', async () => {
      await t.http().get('/v1/admin/queues/failed').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await t.http().get('/v1/admin/queues/failed').set('Authorization', `Basic ${TOKEN}`).expect(401);
      await t
        .http()
        .get('/v1/admin/queues/failed')
        .set('Authorization', t.bearer({ memberIds: [randomUUID()] }))
        .expect(403);
      const res = await t.http().get('/v1/admin/queues/failed').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(res.body).toEqual({ total: 0, jobs: [] });
      await t
        .http()
        .get('/v1/admin/queues/failed')
        .set('Authorization', t.bearer({ admin: true }))
        .expect(200);
    });

    it('lists the failed jobs of every queue, with the reason', async () => {
      const { REDIS_URL, QUEUE_PREFIX } = t.app.get<TrameConfig>(TRAME_CONFIG);
      const queue = t.app.get<import('bullmq').Queue>(getQueueToken(QUEUES.introductionTimers));
      const failed = new Promise<void>((resolve) => {
        const worker = new Worker(
          QUEUES.introductionTimers,
          async (): Promise<void> => {
            throw new UnrecoverableError('échec de test / test failure');
          },
          { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: QUEUE_PREFIX },
        );
        worker.on('failed', () => void worker.close().then(() => resolve()));
      });
      await queue.add('expire', { introductionId: 'x' }, { jobId: 'admin-test-timer' });
      await failed;
      const res = await t.http().get('/v1/admin/queues/failed').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      const failedJobs = bodyOf<FailedJobsBody>(res);
      expect(failedJobs.total).toBe(1);
      expect(failedJobs.jobs).toEqual([
        expect.objectContaining({ queue: QUEUES.introductionTimers, id: 'admin-test-timer', failedReason: 'échec de test / test failure' }),
      ]);
      await queue.obliterate({ force: true });
    });

    it('the ops token opens the ops endpoints only: it is no admin session', async () => {
      const before = (await t.allEvents()).length;
      await t
        .http()
        .post('/v1/referents')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ displayName: 'Dominique Roux', email: 'dominique.roux@example.org', territories: [{ communeCode: '04088' }] })
        .expect(401);
      await t.http().delete(`/v1/members/${randomUUID()}`).set('Authorization', `Bearer ${TOKEN}`).expect(401);
      expect((await t.allEvents()).length).toBe(before);
    });

    it('answers 400 naming `limit` when it is not an integer', async () => {
      const bad = await t.http().get('/v1/admin/queues/failed?limit=abc').set('Authorization', `Bearer ${TOKEN}`).expect(400);
      expect(JSON.stringify(bodyOf<ErrorBody>(bad).message)).toContain('limit');
      await t.http().get('/v1/admin/queues/failed?limit=2.5').set('Authorization', `Bearer ${TOKEN}`).expect(400);
      // Hex and an empty value are not numbers (Number() would read them as 16 and 0).
      await t.http().get('/v1/admin/queues/failed?limit=0x10').set('Authorization', `Bearer ${TOKEN}`).expect(400);
      await t.http().get('/v1/admin/queues/failed?limit=').set('Authorization', `Bearer ${TOKEN}`).expect(400);
      await t.http().get('/v1/admin/queues/failed?limit=3').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    });

    it('serves bull-board at /admin/queues behind the same rule, showing every queue', async () => {
      await t.http().get('/admin/queues').expect(401);
      await t.http().get('/admin/queues/api/queues').expect(401);
      await t
        .http()
        .get('/admin/queues')
        .set('Authorization', t.bearer({ memberIds: [randomUUID()] }))
        .expect(403);
      const page = await t.http().get('/admin/queues').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(page.text).toContain('<html');
      await t
        .http()
        .get('/admin/queues')
        .set('Authorization', t.bearer({ admin: true }))
        .expect(200);
      const api = await t.http().get('/admin/queues/api/queues').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      // bull-board's own API: a list of the queues it shows.
      expect(
        bodyOf<{ queues: { name: string }[] }>(api)
          .queues.map((q) => q.name)
          .sort(),
      ).toEqual(Object.values(QUEUES).sort());
    });
  });
});
