import { expect } from '@jest/globals';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, idOf, type MemberRecommendationsBody, type ProjectRecommendationsBody, type ProjectsNearBody } from './typed-reads';

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
    const memberId = await t.registerMember({
      displayName: 'Léa Dubois-Martel',
      email: 'lea.dubois@example.org',
      skills: ['Maraîchages', 'apiculture'],
      availability: { hoursPerWeek: 12 },
    });
    const holderId = await t.registerMember({ skills: [], territories: [{ departementCode: '13' }] });
    const holderAuth = t.asMember(holderId);
    const project = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', holderAuth)
      .send(validProject(holderId, { needs: [{ role: 'maraîcher·e', skills: ['maraichage', 'irrigation'], hoursPerWeek: 8 }] }))
      .expect(201);
    const written = Date.now();
    const projectId = idOf(project);
    const projectPartners = async () =>
      bodyOf<ProjectRecommendationsBody>(
        await t.http().get(`/v1/projects/${projectId}/recommendations`).set('Authorization', holderAuth).expect(200),
      );
    const memberProjects = async () =>
      bodyOf<MemberRecommendationsBody>(
        await t.http().get(`/v1/members/${memberId}/recommendations`).set('Authorization', t.asMember(memberId)).expect(200),
      );

    const partners = await eventually(projectPartners, (body) => body.partners.some((p) => p.memberId === memberId), written, 1000);
    const partner = partners.partners.find((p) => p.memberId === memberId)!;
    expect(partner).toMatchObject({ firstName: 'Léa', skillsMatched: expect.arrayContaining([expect.any(String)]) });
    expect(partner.reasons.fr).toMatch(/compétence/);
    expect(partner.reasons.en).toMatch(/skill/);
    expect(partner.distanceKm).toBeLessThanOrEqual(30);

    const mine = await eventually(memberProjects, (body) => body.projects.some((p) => p.projectId === projectId), written, 1000);
    expect(mine.projects.find((p) => p.projectId === projectId)).toMatchObject({
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
    const after = await eventually(projectPartners, (body) => !body.partners.some((p) => p.memberId === memberId), revised, 1000);
    expect(after.partners.map((p) => p.memberId)).not.toContain(memberId);
    const mineAfter = await eventually(memberProjects, (body) => !body.projects.some((p) => p.projectId === projectId), revised, 1000);
    expect(mineAfter.projects.map((p) => p.projectId)).not.toContain(projectId);
  });

  it('"pas pour moi" hides the project from that member for good, not from another; only the member may say it', async () => {
    const member = (email: string) => t.registerMember({ email, skills: ['maraîchage'], availability: { hoursPerWeek: 6 } });
    const [dismisser, other] = [await member('zoe.pas@example.org'), await member('noa.si@example.org')];
    const holderId = await t.registerMember({ skills: [], territories: [{ departementCode: '13' }] });
    const created = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', t.asMember(holderId))
      .send(validProject(holderId, { needs: [{ role: 'maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 4 }] }))
      .expect(201);
    const projectId = idOf(created);
    const listOf = async (memberId: string) =>
      bodyOf<MemberRecommendationsBody>(
        await t.http().get(`/v1/members/${memberId}/recommendations`).set('Authorization', t.asMember(memberId)).expect(200),
      ).projects.map((p) => p.projectId);
    const has = (ids: string[]) => ids.includes(projectId);
    expect(has(await eventually(() => listOf(dismisser), has, Date.now(), 2000))).toBe(true);

    const dismiss = `/v1/members/${dismisser}/recommendations/${projectId}/dismiss`;
    await t.http().post(dismiss).set('Authorization', t.asMember(other)).expect(403);
    await t
      .http()
      .post(`/v1/members/${dismisser}/recommendations/00000000-0000-4000-8000-000000000001/dismiss`)
      .set('Authorization', t.asMember(dismisser))
      .expect(404);
    await t.http().post(dismiss).set('Authorization', t.asMember(dismisser)).expect(204);
    const { events } = await t.store.readStream(`member-${dismisser}`);
    expect(events.at(-1)).toMatchObject({ type: 'RecommendationDismissed', data: { memberId: dismisser, projectId } });

    const dismissed = Date.now();
    expect(
      has(
        await eventually(
          () => listOf(dismisser),
          (ids) => !has(ids),
          dismissed,
          2000,
        ),
      ),
    ).toBe(false);
    expect(await listOf(other)).toContain(projectId);
  });

  it('finds projects near a point and by theme, and 404s unknown ids', async () => {
    const holder = await t.registerMember();
    const project = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', t.asMember(holder))
      .send(validProject(holder, { themes: ['Énergies'] }))
      .expect(201);
    const id = idOf(project);
    const near = async (query: Record<string, string | number>) =>
      bodyOf<ProjectsNearBody>(await t.http().get('/v1/projects').query(query).expect(200));
    const found = await eventually(
      () => near({ near: '43.96,5.78', radiusKm: 10, theme: 'energie' }),
      (body) => body.items.some((p) => p.id === id),
      Date.now(),
      1000,
    );
    expect(found.items.find((p) => p.id === id)!.distanceKm).toBeLessThan(10);
    const far = await near({ near: '48.85,2.35', radiusKm: 50 });
    expect(far.items.map((p) => p.id)).not.toContain(id);
    const otherTheme = await near({ near: '43.96,5.78', radiusKm: 10, theme: 'santé' });
    expect(otherTheme.items.map((p) => p.id)).not.toContain(id);
    await t.http().get('/v1/projects/4b0f2e7e-1c5a-4d6e-9f3a-2b1c0d9e8f7a').expect(404);
    await t.http().get('/v1/projects').query({ near: 'paris' }).expect(400);
  });
});
