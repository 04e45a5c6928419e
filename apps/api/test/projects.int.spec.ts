import { randomUUID } from 'node:crypto';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, type ErrorBody, idOf, type ProjectBody, type ProjectListBody } from './typed-reads';

describe('projects over HTTP', () => {
  let t: ApiTestApp;
  let holderId: string;
  /** The holder's session: every call below is theirs. */
  let auth: string;
  beforeAll(async () => {
    t = await createApiTestApp();
    holderId = await t.registerMember();
    auth = t.asMember(holderId);
  });
  afterAll(() => t.close());

  it('proposes, revises, pauses, resumes and closes a project', async () => {
    const created = await t.http().post('/v1/projects').set('Authorization', auth).send(validProject(holderId)).expect(201);
    const id = idOf(created);
    expect(created.body).toMatchObject({ status: 'active', holderId, kind: 'ferme-cooperative', remoteFriendly: false });
    expect(bodyOf<ProjectBody>(created).location).toMatchObject({ label: 'Forcalquier', departementCode: '04', regionCode: '93' });

    const revised = await t
      .http()
      .patch(`/v1/projects/${id}`)
      .set('Authorization', auth)
      .send({ title: 'Ferme coopérative du Luberon', needs: [{ role: 'comptable', skills: ['comptabilité'] }] })
      .expect(200);
    expect(revised.body).toMatchObject({ title: 'Ferme coopérative du Luberon', needs: [{ role: 'comptable', skills: ['comptabilité'] }] });

    await t.http().post(`/v1/projects/${id}/pause`).set('Authorization', auth).send({ reason: 'hiver' }).expect(200);
    await t.http().post(`/v1/projects/${id}/pause`).set('Authorization', auth).send({}).expect(409);
    await t.http().post(`/v1/projects/${id}/resume`).set('Authorization', auth).expect(200);
    const closed = await t.http().post(`/v1/projects/${id}/close`).set('Authorization', auth).send({ reason: 'team-complete' }).expect(200);
    expect(bodyOf<ProjectBody>(closed).status).toBe('closed');

    const { events } = await t.store.readStream(`project-${id}`);
    expect(events.map((e) => e.type)).toEqual([
      'ProjectProposed',
      'ProjectRevised',
      'ProjectNeedsChanged',
      'ProjectPaused',
      'ProjectResumed',
      'ProjectClosed',
    ]);
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses to revise or pause a closed project (409) and appends nothing', async () => {
    const id = idOf(await t.http().post('/v1/projects').set('Authorization', auth).send(validProject(holderId)).expect(201));
    await t.http().post(`/v1/projects/${id}/close`).set('Authorization', auth).send({ reason: 'abandoned' }).expect(200);
    const before = (await t.allEvents()).length;
    await t.http().patch(`/v1/projects/${id}`).set('Authorization', auth).send({ title: 'Encore ?' }).expect(409);
    await t.http().post(`/v1/projects/${id}/pause`).set('Authorization', auth).send({}).expect(409);
    expect((await t.allEvents()).length).toBe(before);
  });

  it('applies the needs rules with 422 naming the fields', async () => {
    const none = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', auth)
      .send(validProject(holderId, { needs: [] }))
      .expect(422);
    expect(bodyOf<ErrorBody>(none).message.join()).toContain('needs');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ role: `rôle ${i}`, skills: ['x'] }));
    await t
      .http()
      .post('/v1/projects')
      .set('Authorization', auth)
      .send(validProject(holderId, { needs: eleven }))
      .expect(422);
    const noSkill = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', auth)
      .send(
        validProject(holderId, {
          needs: [
            { role: 'a', skills: ['x'] },
            { role: 'b', skills: [] },
          ],
        }),
      )
      .expect(422);
    expect(bodyOf<ErrorBody>(noSkill).message.join()).toContain('needs[1].skills');
  });

  it('requires an existing holder, and an existing project for lifecycle calls', async () => {
    // A session may name a member that no longer exists (erased since sign-in): 422, not a project.
    const gone = randomUUID();
    const res = await t.http().post('/v1/projects').set('Authorization', t.asMember(gone)).send(validProject(gone)).expect(422);
    expect(bodyOf<ErrorBody>(res).message.join()).toContain('holderId');
    await t.http().patch(`/v1/projects/${randomUUID()}`).set('Authorization', auth).send({ title: 'Nouveau titre' }).expect(404);
    await t.http().post(`/v1/projects/${randomUUID()}/resume`).set('Authorization', auth).expect(404);
  });

  it('rejects an empty PATCH', async () => {
    const id = idOf(await t.http().post('/v1/projects').set('Authorization', auth).send(validProject(holderId)).expect(201));
    await t.http().patch(`/v1/projects/${id}`).set('Authorization', auth).send({}).expect(400);
  });
});

describe('referents over HTTP', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('appoints a referent with sealed contact details, changes territories, retires', async () => {
    const res = await t
      .http()
      .post('/v1/referents')
      .set('Authorization', t.asAdmin())
      .send({
        displayName: 'Dominique Roux',
        email: 'dominique.roux@example.org',
        territories: [{ communeCode: '04088' }],
        themes: ['habitat'],
      })
      .expect(201);
    expect(res.body).toMatchObject({ firstName: 'Dominique', status: 'active', themes: ['habitat'] });
    expect(JSON.stringify(res.body)).not.toMatch(/roux/i);
    const id = idOf(res);
    await t
      .http()
      .put(`/v1/referents/${id}/territories`)
      .set('Authorization', t.asAdmin())
      .send({ territories: [{ departementCode: '04' }] })
      .expect(200);
    await t.http().post(`/v1/referents/${id}/retire`).set('Authorization', t.asAdmin()).expect(200);
    await t.http().post(`/v1/referents/${id}/retire`).set('Authorization', t.asAdmin()).expect(409);
    const { events } = await t.store.readStream(`referent-${id}`);
    expect(events.map((e) => e.type)).toEqual(['ReferentAppointed', 'ReferentTerritoriesChanged', 'ReferentRetired']);
    expect(JSON.stringify(events)).not.toMatch(/roux/i);
  });
});

describe('GET /v1/projects: places, filters and pages (api + matcher)', () => {
  let t: ApiTestApp;
  let holderId: string;
  /** A theme of this run only, so the lists hold only what these tests proposed. */
  const theme = `essai-${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createApiTestApp({}, [MatcherModule]);
    await t.app.get(MatcherService).ready;
    holderId = await t.registerMember();
    const propose = async (name: string, overrides: Record<string, unknown>) => {
      const res = await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holderId))
        .send(validProject(holderId, { themes: [theme], ...overrides }))
        .expect(201);
      ids[name] = idOf(res);
    };
    await propose('forcalquier', { location: { communeCode: '04088' }, stage: 'idea' });
    await propose('manosque', { location: { communeCode: '04112' }, stage: 'running', remoteFriendly: true });
    await propose('barcelonnette', { location: { communeCode: '04019' }, kind: 'habitat-partage' });
    await propose('avignon', { location: { communeCode: '84007' } });
    await propose('paris', { location: { communeCode: '75056' } });
    // The list follows the read model: wait until the matcher has projected all five.
    for (const since = Date.now(); ;) {
      const body = bodyOf<ProjectListBody>(await t.http().get('/v1/projects').query({ theme }).expect(200));
      if (body.total === 5) break;
      if (Date.now() - since > 5000) throw new Error(`only ${body.total} projects listed`);
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string | number | boolean>) =>
    bodyOf<ProjectListBody>(
      await t
        .http()
        .get('/v1/projects')
        .query({ theme, ...query })
        .expect(200),
    );
  const names = (body: ProjectListBody) => body.items.map((p) => Object.keys(ids).find((k) => ids[k] === p.id));

  it('takes a commune code from GET /v1/places as `near`, and says which place it read', async () => {
    const body = await list({ near: 'commune:04088', radiusKm: 30 });
    expect(names(body)).toEqual(['forcalquier', 'manosque']);
    expect(body.items[0].distanceKm).toBeLessThan(1);
    expect(body.place).toMatchObject({ code: 'commune:04088', label: 'Forcalquier' });
    expect(body.total).toBe(2);
  });

  it('takes a postcode of one commune, and lists the communes of a shared postcode in a 400', async () => {
    expect(names(await list({ near: '04100', radiusKm: 5 }))).toEqual(['manosque']);
    const res = await t.http().get('/v1/projects').query({ near: '04300', radiusKm: 10 }).expect(400);
    const body = bodyOf<ErrorBody>(res);
    expect(body.fields?.map((f) => f.field)).toEqual(['near']);
    expect(body.message[0]).toMatch(/^near: le code postal 04300 .* \/ postcode 04300 is shared by 9 communes/);
    const candidates = body.candidates as { code: string; label: string }[];
    expect(candidates.map((c) => c.label).slice(0, 2)).toEqual(['Forcalquier', 'Mane']);
    expect(candidates.every((c) => c.code.startsWith('commune:'))).toBe(true);
  });

  it('searches a whole département or région, nearest its centre first', async () => {
    expect(names(await list({ near: 'departement:04', radiusKm: 5 })).sort()).toEqual(['barcelonnette', 'forcalquier', 'manosque']);
    expect(names(await list({ near: 'region:93' })).sort()).toEqual(['avignon', 'barcelonnette', 'forcalquier', 'manosque']);
  });

  it('still takes `lat,lon`, as before', async () => {
    const body = await list({ near: '43.96,5.78', radiusKm: 10 });
    expect(names(body)).toEqual(['forcalquier']);
    expect(body).not.toHaveProperty('place');
  });

  it('filters by kind, stage and remote-friendliness', async () => {
    expect(names(await list({ kind: 'habitat-partage' }))).toEqual(['barcelonnette']);
    expect(names(await list({ stage: 'running' }))).toEqual(['manosque']);
    expect(names(await list({ remoteFriendly: true }))).toEqual(['manosque']);
    expect((await list({ remoteFriendly: false })).total).toBe(4);
  });

  it('pages: `perPage` items of page `page`, newest first, with the total over every page', async () => {
    const newestFirst = ['paris', 'avignon', 'barcelonnette', 'manosque', 'forcalquier'];
    expect(names(await list({}))).toEqual(newestFirst);
    const pages = await Promise.all([1, 2, 3].map((page) => list({ perPage: 2, page })));
    expect(pages.map(names)).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
    expect(pages.map((p) => [p.total, p.page, p.perPage])).toEqual([
      [5, 1, 2],
      [5, 2, 2],
      [5, 3, 2],
    ]);
    expect((await list({ perPage: 2, page: 9 })).items).toEqual([]);
    // `limit`, the former name, still cuts the list.
    expect(names(await list({ limit: 1 }))).toEqual(['paris']);
  });

  it('follows the read model: a paused project leaves the list, and comes back when resumed', async () => {
    const auth = t.asMember(holderId);
    const near = { near: 'commune:04112', radiusKm: 5 };
    await t.http().post(`/v1/projects/${ids.manosque}/pause`).set('Authorization', auth).send({}).expect(200);
    const waitFor = async (count: number) => {
      for (const since = Date.now(); Date.now() - since < 5000; await new Promise((r) => setTimeout(r, 10))) {
        if ((await list(near)).total === count) return;
      }
      throw new Error(`the list never held ${count}`);
    };
    await waitFor(0);
    await t.http().post(`/v1/projects/${ids.manosque}/resume`).set('Authorization', auth).send({}).expect(200);
    await waitFor(1);
  });

  it.each([
    ['an unknown commune code', { near: 'commune:99999' }, 'near'],
    ['an unknown postcode', { near: '99999' }, 'near'],
    ['a place code in another form', { near: 'dep:04' }, 'near'],
    ['a page of 0', { page: 0 }, 'page'],
    ['a page past 1000', { page: 1001 }, 'page'],
    ['a perPage of 201', { perPage: 201 }, 'perPage'],
    ['a perPage that is not an integer', { perPage: '1.5' }, 'perPage'],
    ['an unknown kind', { kind: 'usine' }, 'kind'],
    ['an unknown stage', { stage: 'fini' }, 'stage'],
    ['remoteFriendly not a boolean', { remoteFriendly: 'oui' }, 'remoteFriendly'],
  ])('refuses %s with a 400 naming the field', async (_name, query, field) => {
    const res = await t.http().get('/v1/projects').query(query).expect(400);
    const body = bodyOf<ErrorBody>(res);
    expect(body.fields?.map((f) => f.field)).toEqual([field]);
    expect(body.message.every((m) => m.includes(' / '))).toBe(true);
  });

  it('names every invalid field at once', async () => {
    const res = await t.http().get('/v1/projects').query({ page: 0, perPage: 0, kind: 'usine' }).expect(400);
    expect(
      bodyOf<ErrorBody>(res)
        .fields?.map((f) => f.field)
        .sort(),
    ).toEqual(['kind', 'page', 'perPage']);
  });
});
