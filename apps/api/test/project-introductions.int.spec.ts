import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { waitUntil } from '@trame/testing';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import type { ProjectIntroductionsController } from '../src/introductions/project-introductions.controller';
import type { Principal } from '../src/auth/principal';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, idOf } from './typed-reads';

/* GET /v1/projects/:id/introductions: the holder's list of their project's introductions. */

type ListBody = Awaited<ReturnType<ProjectIntroductionsController['list']>>;

describe('a project’s introductions over HTTP', () => {
  let t: ApiTestApp;
  let readModels: ReadModelStore;
  let holderId: string;
  let projectId: string;
  let otherProjectId: string;

  const get = (path: string, auth?: Partial<Principal>) => {
    const req = t.http().get(path);
    return auth ? req.set('Authorization', t.bearer(auth)) : req;
  };
  const post = (path: string, body: object, auth: Partial<Principal>) =>
    t.http().post(path).set('Authorization', t.bearer(auth)).send(body);
  const register = (displayName: string) => t.registerMember({ displayName, email: `m.${randomUUID().slice(0, 8)}@example.org` });
  const projected = (id: string) =>
    waitUntil(
      () => readModels.collection<{ status: string }>('introductions').get(id),
      (doc) => doc?.status === 'awaiting-referent',
      `introduction ${id} in the read model`,
    );

  beforeAll(async () => {
    t = await createApiTestApp({ MATCHER_NOTIFICATIONS: 'false' }, [MatcherModule]);
    await t.app.get(MatcherService).ready;
    readModels = t.app.get(READ_MODEL_STORE);
    holderId = await register('Sophie Garnier');
    projectId = idOf(await post('/v1/projects', validProject(holderId), { memberIds: [holderId] }));
    otherProjectId = idOf(await post('/v1/projects', validProject(holderId, { title: 'Un autre projet' }), { memberIds: [holderId] }));
  });

  afterAll(() => t.close());

  it('lists the project’s introductions newest first, with first names and statuses, and never the message', async () => {
    const julienId = await register('Julien Martel');
    const leaId = await register('Léa Dubois');
    const ask = async (memberId: string, project = projectId) => {
      const res = await post(
        '/v1/introductions',
        { projectId: project, memberId, requestedBy: 'holder', message: 'Un mot très personnel pour vous.' },
        { memberIds: [holderId] },
      );
      expect(res.status).toBe(201);
      await projected(idOf(res));
      return idOf(res);
    };
    const first = await ask(julienId);
    const second = await ask(leaId);
    await ask(leaId, otherProjectId);

    const res = await get(`/v1/projects/${projectId}/introductions`, { memberIds: [holderId] });
    expect(res.status).toBe(200);
    const body = bodyOf<ListBody>(res);
    expect(body.projectId).toBe(projectId);
    // Both requests may share a millisecond; the order is then the store's: compare as a set, and the order when the times differ.
    expect(body.items.map((i) => i.id).sort()).toEqual([first, second].sort());
    const [a, b] = body.items;
    expect(a.requestedAt >= b.requestedAt).toBe(true);
    expect(body.items.map((i) => i.member.firstName).sort()).toEqual(['Julien', 'Léa']);
    expect(body.items.every((i) => i.status === 'awaiting-referent' && i.project.id === projectId)).toBe(true);
    expect(res.text).not.toContain('personnel');
    expect(res.text).not.toContain('Martel');
  });

  it('answers an empty list for a project without introductions, 404 for an unknown project, 400 for a malformed id', async () => {
    const holder = { memberIds: [holderId] };
    const fresh = idOf(await post('/v1/projects', validProject(holderId, { title: 'Projet tout neuf' }), holder));
    const empty = await get(`/v1/projects/${fresh}/introductions`, holder);
    expect({ status: empty.status, body: bodyOf<ListBody>(empty) }).toEqual({ status: 200, body: { projectId: fresh, items: [] } });
    expect((await get(`/v1/projects/${randomUUID()}/introductions`, holder)).status).toBe(404);
    const bad = await get('/v1/projects/not-a-uuid/introductions', holder);
    expect(bad.status).toBe(400);
  });

  it('is refused to another member and to a visitor', async () => {
    const otherId = await register('Omar Benali');
    expect((await get(`/v1/projects/${projectId}/introductions`, { memberIds: [otherId] })).status).toBe(403);
    expect((await get(`/v1/projects/${projectId}/introductions`)).status).toBe(401);
    expect((await get(`/v1/projects/${projectId}/introductions`, { admin: true })).status).toBe(200);
  });
});
