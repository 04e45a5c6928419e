import { expect } from '@jest/globals';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import type { ProjectsController } from '../src/projects/projects.controller';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, idOf } from './typed-reads';

type MissingBody = Awaited<ReturnType<ProjectsController['missingPartners']>>;

/** Polls `read` until `accept` holds or `withinMs` has passed; returns the last value. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, withinMs: number): Promise<T> {
  const since = Date.now();
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() - since > withinMs) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('GET /v1/projects/:id/missing-partners (api + matcher)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({}, [MatcherModule]);
    await t.app.get(MatcherService).ready;
  });
  afterAll(() => t.close());

  it('counts the members nearby left out, per need and rule, small counts hidden and no person named', async () => {
    const holderId = await t.registerMember({ skills: [], territories: [{ departementCode: '13' }] });
    const holder = t.asMember(holderId);
    const created = await t
      .http()
      .post('/v1/projects')
      .set('Authorization', holder)
      .send(validProject(holderId, { radiusKm: 10, needs: [{ role: 'maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 10 }] }))
      .expect(201);
    const projectId = idOf(created);
    // Around Forcalquier: one partner, four offering less than half the hours the need asks, one beyond the project's 10 km.
    const shown = await t.registerMember({ displayName: 'Inès Partenaire', skills: ['Maraîchages'], availability: { hoursPerWeek: 12 } });
    for (const name of ['Aline', 'Basile', 'Chloé', 'Dario']) {
      await t.registerMember({ displayName: `${name} Peudheures`, skills: ['maraîchage'], availability: { hoursPerWeek: 4 } });
    }
    await t.registerMember({
      displayName: 'Élie Loin',
      skills: ['market gardening'],
      territories: [{ communeCode: '04112', radiusKm: 40 }],
      availability: { hoursPerWeek: 12 },
    });

    const read = async () =>
      bodyOf<MissingBody>(await t.http().get(`/v1/projects/${projectId}/missing-partners`).set('Authorization', holder).expect(200));
    const body = await eventually(
      read,
      (b) => b.list === 'short' && b.needs[0]?.rules.find((r) => r.rule === 'hours')?.members === 4,
      3000,
    );
    expect(body).toMatchObject({ projectId, list: 'short', partners: 1, areaKm: 50 });
    expect(body.needs).toHaveLength(1);
    expect(body.needs[0]).toMatchObject({ index: 0, role: 'maraîcher·e' });
    expect(Object.fromEntries(body.needs[0].rules.map((r) => [r.rule, r.members]))).toEqual({
      memberRadius: 'fewer-than-3',
      projectRadius: 'fewer-than-3',
      hours: 4,
      dates: 'fewer-than-3',
      introduction: 'fewer-than-3',
      remoteReach: 'fewer-than-3',
      cap: 'fewer-than-3',
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(shown);
    expect(text).not.toMatch(/Inès|Aline|Élie|@/);

    // The place's referents and admins may read it too (the matrix checks every role); others may not.
    await t.http().get(`/v1/projects/${projectId}/missing-partners`).set('Authorization', t.asAdmin()).expect(200);
    await t.http().get(`/v1/projects/${projectId}/missing-partners`).set('Authorization', t.asMember(shown)).expect(403);
  });

  it('answers 404 for an unknown project and 400 for a malformed id', async () => {
    await t.http().get('/v1/projects/4b0f2e7e-1c5a-4d6e-9f3a-2b1c0d9e8f7a/missing-partners').set('Authorization', t.asAdmin()).expect(404);
    const bad = await t.http().get('/v1/projects/not-a-uuid/missing-partners').set('Authorization', t.asAdmin()).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/UUID/i);
  });
});
