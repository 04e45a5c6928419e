import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import { createApiTestApp, type ApiTestApp, validMember, validProject } from './api-test-app';

/** Polls `read` until `accept` holds or `withinMs` has passed since `since`; returns the last value. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, since: number, withinMs: number): Promise<T> {
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() - since > withinMs) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('live recommendations (api + matcher over one event store)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({}, [MatcherModule]);
    await t.app.get(MatcherService).ready;
  });
  afterAll(() => t.close());

  it('shows a new match on both sides within 1 s, and drops it when the needs change', async () => {
    const member = await t
      .http()
      .post('/v1/members')
      .send(
        validMember({
          displayName: 'Léa Dubois-Martel',
          email: 'lea.dubois@example.org',
          skills: ['Maraîchages', 'apiculture'],
          availability: { hoursPerWeek: 12 },
        }),
      )
      .expect(201);
    const holder = await t
      .http()
      .post('/v1/members')
      .send(validMember({ skills: [], territories: [{ departementCode: '13' }] }))
      .expect(201);
    const holderAuth = t.asMember(holder.body.id);
    const project = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', holderAuth)
      .send(validProject(holder.body.id, { needs: [{ role: 'maraîcher·e', skills: ['maraichage', 'irrigation'], hoursPerWeek: 8 }] }))
      .expect(201);
    const written = Date.now();
    const memberId = member.body.id as string;
    const projectId = project.body.id as string;

    const partners = await eventually(
      async () => (await t.http().get(`/v1/projects/${projectId}/recommendations`).set('Authorization', holderAuth).expect(200)).body,
      (body) => body.partners.some((p: { memberId: string }) => p.memberId === memberId),
      written,
      1000,
    );
    const partner = partners.partners.find((p: { memberId: string }) => p.memberId === memberId);
    expect(partner).toMatchObject({ firstName: 'Léa', skillsMatched: expect.arrayContaining([expect.any(String)]) });
    expect(partner.reasons.fr).toMatch(/compétence/);
    expect(partner.reasons.en).toMatch(/skill/);
    expect(partner.distanceKm).toBeLessThanOrEqual(30);

    const mine = await eventually(
      async () =>
        (await t.http().get(`/v1/members/${memberId}/recommendations`).set('Authorization', t.asMember(memberId)).expect(200)).body,
      (body) => body.projects.some((p: { projectId: string }) => p.projectId === projectId),
      written,
      1000,
    );
    expect(mine.projects.find((p: { projectId: string }) => p.projectId === projectId)).toMatchObject({
      title: 'Ferme maraîchère coopérative',
    });

    const everything = JSON.stringify([partners, mine, (await t.http().get(`/v1/projects/${projectId}`)).body]);
    expect(everything).not.toMatch(/@/);
    expect(everything).not.toMatch(/Dubois|Martel/);

    await t
      .http()
      .patch(`/v1/projects/${projectId}`)
      .set('Authorization', holderAuth)
      .send({ needs: [{ role: 'menuisier·e', skills: ['menuiserie'] }] })
      .expect(200);
    const revised = Date.now();
    const after = await eventually(
      async () => (await t.http().get(`/v1/projects/${projectId}/recommendations`).set('Authorization', holderAuth).expect(200)).body,
      (body) => !body.partners.some((p: { memberId: string }) => p.memberId === memberId),
      revised,
      1000,
    );
    expect(after.partners.map((p: { memberId: string }) => p.memberId)).not.toContain(memberId);
    const mineAfter = await eventually(
      async () =>
        (await t.http().get(`/v1/members/${memberId}/recommendations`).set('Authorization', t.asMember(memberId)).expect(200)).body,
      (body) => !body.projects.some((p: { projectId: string }) => p.projectId === projectId),
      revised,
      1000,
    );
    expect(mineAfter.projects.map((p: { projectId: string }) => p.projectId)).not.toContain(projectId);
  });

  it('finds projects near a point and by theme, and 404s unknown ids', async () => {
    const holder = await t.http().post('/v1/members').send(validMember()).expect(201);
    const project = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', t.asMember(holder.body.id))
      .send(validProject(holder.body.id, { themes: ['Énergies'] }))
      .expect(201);
    const id = project.body.id as string;
    const found = await eventually(
      async () => (await t.http().get('/v1/projects').query({ near: '43.96,5.78', radiusKm: 10, theme: 'energie' }).expect(200)).body,
      (body) => body.items.some((p: { id: string }) => p.id === id),
      Date.now(),
      1000,
    );
    expect(found.items.find((p: { id: string }) => p.id === id).distanceKm).toBeLessThan(10);
    const far = await t.http().get('/v1/projects').query({ near: '48.85,2.35', radiusKm: 50 }).expect(200);
    expect(far.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    const otherTheme = await t.http().get('/v1/projects').query({ near: '43.96,5.78', radiusKm: 10, theme: 'santé' }).expect(200);
    expect(otherTheme.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    await t.http().get('/v1/projects/4b0f2e7e-1c5a-4d6e-9f3a-2b1c0d9e8f7a').expect(404);
    await t.http().get('/v1/projects').query({ near: 'paris' }).expect(400);
  });
});
