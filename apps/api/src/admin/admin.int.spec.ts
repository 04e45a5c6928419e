import { createApiTestApp, type ApiTestApp } from '../../test/api-test-app';

const TOKEN = 'admin-token-for-tests-0123';

describe('admin endpoints over HTTP', () => {
  describe('without ADMIN_API_TOKEN', () => {
    let t: ApiTestApp;
    beforeAll(async () => {
      t = await createApiTestApp({ ADMIN_API_TOKEN: '' });
    });
    afterAll(() => t.close());

    it('answers 403 to everyone, whatever they send', async () => {
      await t.http().get('/v1/admin/queues/failed').expect(403);
      const res = await t.http().get('/v1/admin/queues/failed').set('Authorization', 'Bearer ').expect(403);
      expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: ['réservé aux admins / admins only'] });
    });

    it('mounts no dashboard by default', async () => {
      await t.http().get('/admin/queues').expect(404);
    });
  });

  describe('with ADMIN_API_TOKEN and ADMIN_DASHBOARD=true', () => {
    let t: ApiTestApp;
    beforeAll(async () => {
      t = await createApiTestApp({ ADMIN_API_TOKEN: TOKEN, ADMIN_DASHBOARD: 'true' });
    });
    afterAll(() => t.close());

    it('lists failed jobs for the bearer of the token only', async () => {
      await t.http().get('/v1/admin/queues/failed').set('Authorization', `Bearer ${TOKEN}x`).expect(403);
      await t.http().get('/v1/admin/queues/failed').set('Authorization', `Basic ${TOKEN}`).expect(403);
      const res = await t.http().get('/v1/admin/queues/failed').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(res.body).toEqual({ total: 0, jobs: [] });
    });

    it('answers 400 naming `limit` when it is not an integer', async () => {
      const bad = await t.http().get('/v1/admin/queues/failed?limit=abc').set('Authorization', `Bearer ${TOKEN}`).expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('limit');
      await t.http().get('/v1/admin/queues/failed?limit=2.5').set('Authorization', `Bearer ${TOKEN}`).expect(400);
      await t.http().get('/v1/admin/queues/failed?limit=3').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    });

    it('serves bull-board at /admin/queues behind the same guard', async () => {
      await t.http().get('/admin/queues').expect(403);
      await t.http().get('/admin/queues/api/queues').expect(403);
      const page = await t.http().get('/admin/queues').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(page.text).toContain('<html');
      const api = await t.http().get('/admin/queues/api/queues').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['digest', 'email']);
    });
  });
});
