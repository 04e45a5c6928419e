import { randomUUID } from 'node:crypto';
import { createApiTestApp, type ApiTestApp, validMember, validProject } from './api-test-app';

describe('Idempotency-Key', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('replays the first response of a retried POST and appends nothing more', async () => {
    const key = randomUUID();
    const payload = validMember();
    const first = await t.http().post('/v1/members').set('Idempotency-Key', key).send(payload).expect(201);
    const count = (await t.allEvents()).length;
    const again = await t.http().post('/v1/members').set('Idempotency-Key', key).send(payload).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await t.allEvents()).length).toBe(count);
  });

  it('refuses the same key with another payload', async () => {
    const key = randomUUID();
    await t.http().post('/v1/members').set('Idempotency-Key', key).send(validMember()).expect(201);
    const res = await t.http().post('/v1/members').set('Idempotency-Key', key).send(validMember()).expect(422);
    expect(res.body.message[0]).toMatch(/^Idempotency-Key:/);
  });

  it('gives one result to concurrent retries: one created, the others replayed or told to wait', async () => {
    const key = randomUUID();
    const payload = validMember();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => t.http().post('/v1/members').set('Idempotency-Key', key).send(payload)),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const registered = (await t.allEvents()).filter((e) => e.type === 'MemberRegistered' && e.streamId === `member-${created[0].body.id}`);
    expect(registered).toHaveLength(1);
  });

  it('appends nothing when a retry comes after the cached response was lost (crash between append and cache)', async () => {
    const key = randomUUID();
    const holderId = (await t.http().post('/v1/members').send(validMember()).expect(201)).body.id;
    const auth = t.asMember(holderId);
    const payload = validProject(holderId);
    const first = await t.http().post('/v1/projects').set('Authorization', auth).set('Idempotency-Key', key).send(payload).expect(201);
    // Simulate the lost cache entry.
    const redis = t.app.get<import('ioredis').Redis>((await import('@trame/messaging')).REDIS);
    const keys = await redis.keys('test-*:idempotency:*');
    await Promise.all(keys.map((k) => redis.del(k)));
    const count = (await t.allEvents()).length;
    const retry = await t.http().post('/v1/projects').set('Authorization', auth).set('Idempotency-Key', key).send(payload).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect((await t.allEvents()).length).toBe(count);
  });

  it('keys are scoped to the route: the same key on two resources does not collide', async () => {
    const key = randomUUID();
    const a = await t.http().post('/v1/members').set('Idempotency-Key', key).send(validMember()).expect(201);
    await t
      .http()
      .put(`/v1/members/${a.body.id}/skills`)
      .set('Authorization', t.asMember(a.body.id))
      .set('Idempotency-Key', key)
      .send({ skills: ['vannerie'] })
      .expect(200);
  });

  it('keys are scoped to the caller: the same key from someone else is neither refused nor answered with the first response', async () => {
    const key = randomUUID();
    const anne = (await t.http().post('/v1/members').send(validMember()).expect(201)).body.id as string;
    const bruno = (await t.http().post('/v1/members').send(validMember()).expect(201)).body.id as string;
    const propose = (holderId: string) =>
      t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holderId))
        .set('Idempotency-Key', key)
        .send(validProject(holderId))
        .expect(201);
    const annes = await propose(anne);
    // Same route and key, another caller and body: a project of Bruno's own, not a 422 about the key.
    const brunos = await propose(bruno);
    expect(brunos.body.holderId).toBe(bruno);
    expect(brunos.body.id).not.toBe(annes.body.id);

    // Same route, params, key and body from two admins: the second is executed, not replayed.
    const patchAs = (subject: string) =>
      t
        .http()
        .patch(`/v1/projects/${annes.body.id}`)
        .set('Authorization', t.bearer({ subject, admin: true }))
        .set('Idempotency-Key', key)
        .send({ title: 'Titre fixé par un admin' })
        .expect(200);
    expect((await patchAs('admin-1')).headers['idempotent-replayed']).toBeUndefined();
    expect((await patchAs('admin-2')).headers['idempotent-replayed']).toBeUndefined();
    // While the first admin's own retry is replayed.
    const retried = await patchAs('admin-1');
    expect(retried.headers['idempotent-replayed']).toBe('true');
  });

  it('rejects a malformed key', async () => {
    await t.http().post('/v1/members').set('Idempotency-Key', 'é'.repeat(3)).send(validMember()).expect(400);
  });
});
