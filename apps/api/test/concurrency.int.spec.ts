import { fold, projectDecider, type ProjectEvent } from '@trame/domain';
import { projectView } from '../src/shared/views';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, dataOf, idOf, type ProjectBody } from './typed-reads';

describe('50 concurrent PATCHes of one project', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('each applies or gets 409; revisions stay contiguous; the state is the fold of the log', async () => {
    const holderId = await t.registerMember();
    const auth = t.asMember(holderId);
    const id = idOf(await t.http().post('/v1/projects').set('Authorization', auth).send(validProject(holderId)).expect(201));

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .patch(`/v1/projects/${id}`)
          .set('Authorization', auth)
          .send({ title: `Titre numéro ${i}`, radiusKm: i + 1 }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const applied = responses.filter((r) => r.status === 200);
    applied.forEach((r, _) => expect(bodyOf<ProjectBody>(r).title).toMatch(/^Titre numéro \d+$/));

    const { events } = await t.store.readStream(`project-${id}`);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    // Every 200 appended exactly one revision, and nothing else did.
    expect(events.filter((e) => e.type === 'ProjectRevised')).toHaveLength(applied.length);
    const appliedTitles = applied.map((r) => bodyOf<ProjectBody>(r).title).sort();
    const storedTitles = events
      .filter((e) => e.type === 'ProjectRevised')
      .map((e) => dataOf(e, 'ProjectRevised').changes.title)
      .sort();
    expect(storedTitles).toEqual(appliedTitles);

    const state = fold(
      projectDecider,
      events.map((e) => ({ type: e.type, data: e.data as ProjectEvent['data'] }) as ProjectEvent),
    );
    const after = await t.http().post(`/v1/projects/${id}/pause`).set('Authorization', auth).send({}).expect(200);
    const expected = projectView(state, id);
    expect({ ...bodyOf<ProjectBody>(after), status: 'active', pauseReason: undefined, updatedAt: undefined, notes: undefined }).toEqual({
      ...(JSON.parse(JSON.stringify(expected)) as typeof expected),
      pauseReason: undefined,
      updatedAt: undefined,
      notes: undefined,
    });
    // With retries on conflict, the contention here is absorbed: report how many got through.
    expect(applied.length).toBeGreaterThan(0);
  });
});
