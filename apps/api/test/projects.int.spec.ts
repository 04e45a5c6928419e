import { randomUUID } from 'node:crypto';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, type ErrorBody, idOf, type ProjectBody } from './typed-reads';

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
