import { randomUUID } from 'node:crypto';
import { REDIS } from '@trame/messaging';
import { KEY_STORE, type KeyStore } from '@trame/personal-data';
import { AccountDirectory } from '../src/auth/account-directory';
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
    const first = await t.http().post('/v1/members').set('Idempotency-Key', key).send(payload).expect(202);
    const count = (await t.allEvents()).length;
    const again = await t.http().post('/v1/members').set('Idempotency-Key', key).send(payload).expect(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await t.allEvents()).length).toBe(count);
  });

  it('refuses the same key with another payload', async () => {
    const key = randomUUID();
    await t.http().post('/v1/members').set('Idempotency-Key', key).send(validMember()).expect(202);
    const res = await t.http().post('/v1/members').set('Idempotency-Key', key).send(validMember()).expect(422);
    expect(bodyOf<ErrorBody>(res).message[0]).toMatch(/^Idempotency-Key:/);
  });

  it('gives one result to concurrent retries: one created, the others replayed or told to wait', async () => {
    const key = randomUUID();
    const payload = validMember();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => t.http().post('/v1/members').set('Idempotency-Key', key).send(payload)),
    );
    const accepted = responses.filter((r) => r.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 202 || r.status === 409)).toBe(true);
    const [id] = await t.memberIdsOf(payload.email);
    const registered = (await t.allEvents()).filter((e) => e.type === 'MemberRegistered' && e.streamId === `member-${id}`);
    expect(registered).toHaveLength(1);
  });

  it('appends nothing when a retry comes after the cached response was lost (crash between append and cache)', async () => {
    const key = randomUUID();
    const holderId = await t.registerMember();
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
    const member = validMember();
    await t.http().post('/v1/members').set('Idempotency-Key', key).send(member).expect(202);
    const [a] = await t.memberIdsOf(member.email);
    await t
      .http()
      .put(`/v1/members/${a}/skills`)
      .set('Authorization', t.asMember(a))
      .set('Idempotency-Key', key)
      .send({ skills: ['vannerie'] })
      .expect(200);
  });

  it('keys are scoped to the caller: the same key from someone else is neither refused nor answered with the first response', async () => {
    const key = randomUUID();
    const anne = await t.registerMember();
    const bruno = await t.registerMember();
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

  describe('a key reused after its response expired (issue 14, item 10)', () => {
    const redis = () => t.app.get<import('ioredis').Redis>(REDIS);
    /** What IDEMPOTENCY_TTL_SECONDS does to stored responses: gone, while each key's first request is remembered. */
    const expireResponses = async () => {
      const keys = (await redis().keys('test-*:idempotency:*')).filter((k) => !k.endsWith(':request'));
      if (keys.length > 0) await redis().del(...keys);
    };
    /** And what losing Redis altogether does. */
    const loseRedisRecords = async () => {
      const keys = await redis().keys('test-*:idempotency:*');
      if (keys.length > 0) await redis().del(...keys);
    };
    const lookupEntries = (email: string) => {
      const directory = t.app.get(AccountDirectory);
      return t.app.get<KeyStore>(KEY_STORE).findLookup(directory.lookupHash(email));
    };

    it('another person’s registration under the same key is refused, appending nothing and indexing nothing', async () => {
      const key = randomUUID();
      const anne = validMember({ displayName: 'Anne Premier' });
      await t.http().post('/v1/members').set('Idempotency-Key', key).send(anne).expect(202);
      const [anneId] = await t.memberIdsOf(anne.email);
      await expireResponses();
      const count = (await t.allEvents()).length;
      const bruno = validMember({ displayName: 'Bruno Second' });
      const res = await t.http().post('/v1/members').set('Idempotency-Key', key).send(bruno).expect(422);
      expect(bodyOf<ErrorBody>(res).message).toEqual([
        'Idempotency-Key: déjà utilisée pour une autre requête / already used with a different request',
      ]);
      expect(JSON.stringify(res.body)).not.toContain(anneId);
      expect((await t.allEvents()).length).toBe(count);
      // Bruno's address leads nowhere, above all not to Anne.
      expect(await lookupEntries(bruno.email)).toEqual([]);
      expect(await t.memberIdsOf(anne.email)).toEqual([anneId]);
    });

    it('with Redis’s records lost too, the other request lands on a resource of its own, never on the first one', async () => {
      const key = randomUUID();
      const anne = validMember({ displayName: 'Anne Premier' });
      await t.http().post('/v1/members').set('Idempotency-Key', key).send(anne).expect(202);
      const [anneId] = await t.memberIdsOf(anne.email);
      await loseRedisRecords();
      const bruno = validMember({ displayName: 'Bruno Second' });
      const res = await t.http().post('/v1/members').set('Idempotency-Key', key).send(bruno).expect(202);
      expect(JSON.stringify(res.body)).not.toMatch(/Anne|@/);
      const [brunoId] = await t.memberIdsOf(bruno.email);
      expect(brunoId).toEqual(expect.any(String));
      expect(brunoId).not.toBe(anneId);
      expect(await lookupEntries(bruno.email)).toEqual([{ subjectId: brunoId, kind: 'member' }]);
      expect((await t.store.readStream(`member-${anneId}`)).events.map((e) => e.type)).toEqual(['MemberRegistered']);
      // And a project proposed under one key by two holders, or twice with other bodies: each their own.
      const holder = await t.registerMember();
      const propose = (title: string) =>
        t
          .http()
          .post('/v1/projects')
          .set('Authorization', t.asMember(holder))
          .set('Idempotency-Key', key)
          .send(validProject(holder, { title }));
      const first = idOf(await propose('Ferme du premier essai').expect(201));
      await loseRedisRecords();
      const second = idOf(await propose('Atelier du second essai').expect(201));
      expect(second).not.toBe(first);
    });

    it('the same request again appends nothing and answers without anyone else’s data', async () => {
      const key = randomUUID();
      const anne = validMember({ displayName: 'Anne Premier' });
      const first = await t.http().post('/v1/members').set('Idempotency-Key', key).send(anne).expect(202);
      await expireResponses();
      const count = (await t.allEvents()).length;
      const again = await t.http().post('/v1/members').set('Idempotency-Key', key).send(anne).expect(202);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect(again.body).toEqual(first.body);
      expect((await t.allEvents()).length).toBe(count);
    });

    it('a key whose first request failed is free for a corrected one', async () => {
      const key = randomUUID();
      await t
        .http()
        .post('/v1/members')
        .set('Idempotency-Key', key)
        .send(validMember({ territories: [] }))
        .expect(422);
      await t.http().post('/v1/members').set('Idempotency-Key', key).send(validMember()).expect(202);
    });
  });

  it('rejects a malformed key', async () => {
    await t.http().post('/v1/members').set('Idempotency-Key', 'é'.repeat(3)).send(validMember()).expect(400);
  });
});
