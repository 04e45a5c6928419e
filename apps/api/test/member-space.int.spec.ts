import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { waitUntil } from '@trame/testing';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import type { MemberSpace } from '../src/members/member-space';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, type ErrorBody, idOf } from './typed-reads';

/*
 * "My space" reads (issue 15, item 6): the member's own profile with their contact details,
 * the projects they hold, and "download my data". The member only: other members, referents
 * and admins get a 403, and no answer holds anyone else's contact details.
 */

type Profile = Awaited<ReturnType<MemberSpace['profile']>>;
type Projects = Awaited<ReturnType<MemberSpace['projects']>>;
type Export = Awaited<ReturnType<MemberSpace['export']>>;

const OWN_ONLY = ['réservé au membre concerné / only this member may do this'];

describe('my space: profile, projects, data export (the member only)', () => {
  let t: ApiTestApp;
  let readModels: ReadModelStore;
  const leaEmail = `lea.${randomUUID().slice(0, 8)}@example.org`;
  const heleneEmail = `helene.${randomUUID().slice(0, 8)}@example.org`;
  let lea: string;
  let helene: string;
  const projects: string[] = [];
  let introductionId: string;

  beforeAll(async () => {
    t = await createApiTestApp({}, [MatcherModule]);
    await t.app.get(MatcherService).ready;
    readModels = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    lea = await t.registerMember({ displayName: 'Léa Dubois-Martin', email: leaEmail, skills: ['maraîchage'] });
    helene = await t.registerMember({ displayName: 'Hélène Porteuse', email: heleneEmail, skills: [] });
    // Three projects proposed one after the other; the second paused, the third closed.
    for (const title of ['Ferme du Lauzon', 'Atelier vélo de Mane', 'Jardin partagé de Dauphin']) {
      const res = await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(helene))
        .send(validProject(helene, { title }))
        .expect(201);
      projects.push(idOf(res));
      await new Promise((r) => setTimeout(r, 5)); // distinct proposal times
    }
    await t.http().post(`/v1/projects/${projects[1]}/pause`).set('Authorization', t.asMember(helene)).send({}).expect(200);
    await t
      .http()
      .post(`/v1/projects/${projects[2]}/close`)
      .set('Authorization', t.asMember(helene))
      .send({ reason: 'abandoned' })
      .expect(200);
    introductionId = idOf(
      await t
        .http()
        .post('/v1/introductions')
        .set('Authorization', t.asMember(helene))
        .send({ projectId: projects[0], memberId: lea, requestedBy: 'holder', message: 'Bonjour Léa, votre savoir-faire nous aiderait.' })
        .expect(201),
    );
    await waitUntil(
      () => readModels.collection<{ status: string }>('project_cards').get(projects[2]),
      (card) => card?.status === 'closed',
      'the closed project in the read model',
    );
    await waitUntil(
      () => readModels.collection('introductions').get(introductionId),
      (doc) => doc !== null,
      'the introduction in the read model',
    );
  });
  afterAll(() => t.close());

  describe('GET /v1/members/:id', () => {
    it('answers the member their full profile, contact details opened, not cached', async () => {
      await t
        .http()
        .put(`/v1/members/${lea}/interests`)
        .set('Authorization', t.asMember(lea))
        .send({ interests: ['alimentation', 'habitat'] })
        .expect(200);
      const res = await t.http().get(`/v1/members/${lea}`).set('Authorization', t.asMember(lea)).expect(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(bodyOf<Profile>(res)).toMatchObject({
        id: lea,
        status: 'active',
        firstName: 'Léa',
        displayName: 'Léa Dubois-Martin',
        lastName: 'Dubois-Martin',
        email: leaEmail,
        locale: 'fr',
        skills: ['maraîchage'],
        interests: ['alimentation', 'habitat'],
        territories: [expect.objectContaining({ communeCode: '04088', radiusKm: 30 })],
        availability: { hoursPerWeek: 6 },
        notify: 'instant',
      });
      expect(JSON.stringify(res.body)).not.toContain('pii');
    });

    it('403 to another member, a referent and an admin; 404 for an unknown account of the session; 400 for a bad id', async () => {
      for (const auth of [t.asMember(helene), t.asAdmin(), t.bearer({ referentIds: [randomUUID()] })]) {
        const res = await t.http().get(`/v1/members/${lea}`).set('Authorization', auth).expect(403);
        expect(bodyOf<ErrorBody>(res).message).toEqual(OWN_ONLY);
        expect(JSON.stringify(res.body)).not.toContain(leaEmail);
      }
      await t.http().get(`/v1/members/${lea}`).expect(401);
      const ghost = randomUUID();
      await t.http().get(`/v1/members/${ghost}`).set('Authorization', t.asMember(ghost)).expect(404);
      const bad = await t.http().get('/v1/members/pas-un-uuid').set('Authorization', t.asMember(lea)).expect(400);
      expect(bodyOf<ErrorBody>(bad).message).toEqual(['id: doit être un UUID / must be a UUID']);
    });
  });

  describe('GET /v1/members/:id/projects', () => {
    it('lists the projects the member holds, every status, newest first', async () => {
      const res = await t.http().get(`/v1/members/${helene}/projects`).set('Authorization', t.asMember(helene)).expect(200);
      const body = bodyOf<Projects>(res);
      expect(body.memberId).toBe(helene);
      expect(body.items.map((p) => [p.id, p.status])).toEqual([
        [projects[2], 'closed'],
        [projects[1], 'paused'],
        [projects[0], 'active'],
      ]);
      expect(body.items[0]).toMatchObject({ title: 'Jardin partagé de Dauphin', holderId: helene, closeReason: 'abandoned' });
      expect(JSON.stringify(body)).not.toContain('geoCell');
    });

    it('an empty list for a member who holds nothing; 403 to anyone else, admins included', async () => {
      expect(bodyOf<Projects>(await t.http().get(`/v1/members/${lea}/projects`).set('Authorization', t.asMember(lea)).expect(200))).toEqual(
        {
          memberId: lea,
          items: [],
        },
      );
      for (const auth of [t.asMember(lea), t.asAdmin()]) {
        await t.http().get(`/v1/members/${helene}/projects`).set('Authorization', auth).expect(403);
      }
    });
  });

  describe('GET /v1/members/:id/export', () => {
    const exportOf = async (memberId: string) => {
      const res = await t.http().get(`/v1/members/${memberId}/export`).set('Authorization', t.asMember(memberId)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="trame-mes-donnees-\d{4}-\d{2}-\d{2}\.json"$/);
      expect(res.headers['cache-control']).toBe('private, no-store');
      return bodyOf<Export>(res);
    };

    it('gives the member everything held about them, opened: profile, events, introductions (the other by first name only)', async () => {
      const data = await exportOf(lea);
      expect(data).toMatchObject({ format: 'trame-member-export', version: 1, memberId: lea });
      expect(data.profile).toMatchObject({ id: lea, email: leaEmail, displayName: 'Léa Dubois-Martin' });
      // Registered first, the change of interests last (a confirmation, if any, between them).
      const types = data.events.map((e) => e.type);
      expect([types[0], types.at(-1)]).toEqual(['MemberRegistered', 'MemberInterestsChanged']);
      expect(types).toEqual((await t.store.readStream(`member-${lea}`)).events.map((e) => e.type));
      expect(data.events[0]).toMatchObject({
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        data: { memberId: lea, firstName: 'Léa', personalData: { displayName: 'Léa Dubois-Martin', email: leaEmail } },
      });
      expect(data.events[0].data).not.toHaveProperty('pii');
      expect(data.introductions).toEqual([
        {
          id: introductionId,
          side: 'member',
          project: { id: projects[0], title: 'Ferme du Lauzon' },
          otherParty: { firstName: 'Hélène' },
          requestedByYou: false,
          status: 'awaiting-referent',
          requestedAt: expect.any(String),
          history: [{ type: 'IntroductionRequested', at: expect.any(String) }],
        },
      ]);
      expect(data.projects).toEqual([]);
      expect(Array.isArray(data.recommendations)).toBe(true);
      // Nothing of the other person but her first name; not her message to Léa either (it travels by email once introduced).
      const text = JSON.stringify(data);
      for (const hers of [heleneEmail, 'Porteuse', helene, 'Bonjour Léa']) expect(text).not.toContain(hers);
    });

    it('the holder’s export has her projects with their history, and the message she wrote', async () => {
      const data = await exportOf(helene);
      expect(data.projects.map((p) => [p.id, p.events.map((e) => e.type)])).toEqual([
        [projects[2], ['ProjectProposed', 'ProjectClosed']],
        [projects[1], ['ProjectProposed', 'ProjectPaused']],
        [projects[0], ['ProjectProposed']],
      ]);
      expect(data.introductions).toEqual([
        expect.objectContaining({
          id: introductionId,
          side: 'holder',
          otherParty: { firstName: 'Léa' },
          requestedByYou: true,
          yourMessage: 'Bonjour Léa, votre savoir-faire nous aiderait.',
        }),
      ]);
      const text = JSON.stringify(data);
      for (const hers of [leaEmail, 'Dubois', lea]) expect(text).not.toContain(hers);
    });

    it('403 to another member and to an admin', async () => {
      for (const auth of [t.asMember(helene), t.asAdmin()]) {
        const res = await t.http().get(`/v1/members/${lea}/export`).set('Authorization', auth).expect(403);
        expect(JSON.stringify(res.body)).not.toContain(leaEmail);
      }
    });
  });
});
