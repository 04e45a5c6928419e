import { randomUUID } from 'node:crypto';
import { createApiTestApp, type ApiTestApp, validMember, validProject } from './api-test-app';
import { bodyOf, type ErrorBody, idOf, type ProjectBody } from './typed-reads';

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
    expect(bodyOf<ErrorBody>(res).message[0]).toMatch(/^Idempotency-Key:/);
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
    expect(new Set(created.map(idOf)).size).toBe(1);
    const registered = (await t.allEvents()).filter((e) => e.type === 'MemberRegistered' && e.streamId === `member-${idOf(created[0])}`);
    expect(registered).toHaveLength(1);
  });

  it('appends nothing when a retry comes after the cached response was lost (crash between append and cache)', async () => {
    const key = randomUUID();
    const holderId = idOf(await t.http().post('/v1/members').send(validMember()).expect(201));
    const auth = t.asMember(holderId);
    const payload = validProject(holderId);
    const first = await t.http().post('/v1/projects').set('Authorization', auth).set('Idempotency-Key', key).send(payload).expect(201);
    // Simulate the lost cache entry.
    const redis = t.app.get<import('ioredis').Redis>((await import('@trame/messaging')).REDIS);
    const keys = await redis.keys('test-*:idempotency:*');
    await Promise.all(keys.map((k) => redis.del(k)));
    const count = (await t.allEvents()).length;
    const retry = await t.http().post('/v1/projects').set('Authorization', auth).set('Idempotency-Key', key).send(payload).expect(201);
    expect(idOf(retry)).toBe(idOf(first));
    expect((await t.allEvents()).length).toBe(count);
  });

  it('keys are scoped to the route: the same key on two resources does not collide', async () => {
    const key = randomUUID();
    const a = await t.http().post('/v1/members').set('Idempotency-Key', key).send(validMember()).expect(201);
    await t
      .http()
      .put(`/v1/members/${idOf(a)}/skills`)
      .set('Authorization', t.asMember(idOf(a)))
      .set('Idempotency-Key', key)
      .send({ skills: ['vannerie'] })
      .expect(200);
  });

  it('keys are scoped to the caller: the same key from someone else is neither refused nor answered with the first response', async () => {
    const key = randomUUID();
    const anne = idOf(await t.http().post('/v1/members').send(validMember()).expect(201));
    const bruno = idOf(await t.http().post('/v1/members').send(validMember()).expect(201));
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
    expect(bodyOf<ProjectBody>(brunos).holderId).toBe(bruno);
    expect(idOf(brunos)).not.toBe(idOf(annes));

    // Same route, params, key and body from two admins: the second is executed, not replayed.
    const patchAs = (subject: string) =>
      t
        .http()
        .patch(`/v1/projects/${idOf(annes)}`)
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
