import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { LinkSigner } from '@trame/mail';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { waitUntil } from '@trame/testing';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import type { Principal } from '../src/auth/principal';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { idOf } from './typed-reads';

/*
 * What the web pages of introductions read and do: the decision page's data (with an
 * emailed link or a session), withdrawing a request, the introduced email sent again, the
 * member's introductions, the admins' inbox, and the project's local referent.
 */

type Answer = { status: number; body: Record<string, unknown>; text: string };
const MESSAGE = 'Bonjour Léa, votre expérience en maraîchage nous intéresse beaucoup.';

describe('the introduction pages’ api', () => {
  let t: ApiTestApp;
  let signer: LinkSigner;
  let readModels: ReadModelStore;
  let holderId: string;
  let projectId: string;
  let communeRef: string;

  const call = async (method: 'get' | 'post', path: string, auth?: Partial<Principal>, body?: object): Promise<Answer> => {
    let req = t.http()[method](path);
    if (auth) req = req.set('Authorization', t.bearer(auth));
    const res = body === undefined ? await req : await req.send(body);
    return { status: res.status, body: res.body as Record<string, unknown>, text: res.text ?? '' };
  };
  const holder = () => ({ memberIds: [holderId] });
  const member = (id: string) => ({ memberIds: [id] });
  const register = (displayName: string) => t.registerMember({ displayName, email: `m.${randomUUID().slice(0, 8)}@example.org` });
  const streamTypes = async (id: string) => (await t.store.readStream(`introduction-${id}`)).events.map((e) => e.type);
  const projected = (id: string, status: string) =>
    waitUntil(
      () => readModels.collection<{ status: string }>('introductions').get(id),
      (doc) => doc?.status === status,
      `introduction ${id} ${status} in the read model`,
    );
  const request = async (memberId: string, project = projectId) => {
    const res = await call('post', '/v1/introductions', holder(), {
      projectId: project,
      memberId,
      requestedBy: 'holder',
      message: MESSAGE,
    });
    expect(res.status).toBe(201);
    await projected(idOf(res), 'awaiting-referent');
    return idOf(res);
  };
  /** The query of an emailed link for `actor`. */
  const linkQuery = (id: string, actor: string) => new URL(signer.introductionLinkUrl(id, actor)).search;

  beforeAll(async () => {
    t = await createApiTestApp({ MATCHER_NOTIFICATIONS: 'false' }, [MatcherModule]);
    await t.app.get(MatcherService).ready;
    signer = t.app.get(LinkSigner);
    readModels = t.app.get(READ_MODEL_STORE);
    holderId = await register('Hugo Lefebvre');
    const res = await call(
      'post',
      '/v1/referents',
      { admin: true },
      {
        displayName: 'Dominique Roux',
        email: `r.${randomUUID().slice(0, 8)}@example.org`,
        territories: [{ communeCode: '04088' }],
      },
    );
    communeRef = idOf(res);
    await waitUntil(
      () => readModels.collection('referents').count({ status: 'active' }),
      (n) => n >= 1,
      'the referent in the read model',
    );
    projectId = idOf(await call('post', '/v1/projects', holder(), validProject(holderId)));
  });
  afterAll(() => t.close());

  it('the decision page’s data: with the referent’s link, the project, the profile, why they fit, the message, the decisions', async () => {
    // Available enough for the need (10 h a week): the matcher's filters hold, so there are reasons.
    const leaId = await t.registerMember({
      displayName: 'Léa Dubois',
      email: `l.${randomUUID().slice(0, 8)}@example.org`,
      availability: { hoursPerWeek: 12 },
    });
    const id = await request(leaId);

    const page = await call('get', `/v1/introductions/${id}/details${linkQuery(id, communeRef)}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      id,
      status: 'awaiting-referent',
      projectDetails: { id: projectId, title: 'Ferme maraîchère coopérative', place: 'Forcalquier', status: 'active' },
      memberProfile: { firstName: 'Léa', skills: ['maraîchage', 'comptabilité'], interests: ['alimentation'] },
      holderFirstName: 'Hugo',
      message: MESSAGE,
      viewer: { role: 'referent', requester: false, consenting: false },
      actions: ['approve', 'decline'],
      match: { need: { role: 'maraîcher·e', skillsMatched: ['maraîchage'] } },
    });
    // Pseudonymous: no address, no last name.
    expect(page.text).not.toMatch(/@|Dubois|Lefebvre/);

    // The member's own link before approval: nothing to do yet, and not the holder's message.
    const early = await call('get', `/v1/introductions/${id}/details${linkQuery(id, leaId)}`);
    expect(early.body).toMatchObject({ viewer: { role: 'member', consenting: true }, actions: [] });
    expect(early.body).not.toHaveProperty('message');

    // A forged link, no credential at all, someone else's session.
    expect((await call('get', `/v1/introductions/${id}/details?as=${communeRef}&token=${'A'.repeat(43)}`)).status).toBe(403);
    expect((await call('get', `/v1/introductions/${id}/details`)).status).toBe(401);
    expect((await call('get', `/v1/introductions/${id}/details`, member(await register('Omar Benali')))).status).toBe(403);

    // After approval through the link, the member's session may accept or refuse.
    expect((await call('post', `/v1/introductions/${id}/approve${linkQuery(id, communeRef)}`, undefined, {})).status).toBe(200);
    const asked = await call('get', `/v1/introductions/${id}/details`, member(leaId));
    expect(asked.body).toMatchObject({ status: 'awaiting-consent', actions: ['accept', 'refuse'] });
    // The holder (the requester) may withdraw; the status comes from the log even before the read model.
    const holderView = await call('get', `/v1/introductions/${id}/details`, holder());
    expect(holderView.body).toMatchObject({ viewer: { role: 'holder', requester: true }, actions: ['withdraw'], message: MESSAGE });
  });

  it('withdraw: the requester only, while not final; then nothing more can happen', async () => {
    const leaId = await register('Léa Martel');
    const id = await request(leaId);
    expect((await call('post', `/v1/introductions/${id}/withdraw`, member(leaId))).status).toBe(403);
    const done = await call('post', `/v1/introductions/${id}/withdraw`, holder());
    expect(done).toMatchObject({ status: 200, body: { id, status: 'withdrawn' } });
    expect(await streamTypes(id)).toEqual(['IntroductionRequested', 'IntroductionWithdrawn']);
    expect((await call('post', `/v1/introductions/${id}/withdraw`, holder())).status).toBe(409);
    expect((await call('post', `/v1/introductions/${id}/approve`, { admin: true }, {})).status).toBe(409);
    await projected(id, 'withdrawn');
    // Out of the referent's inbox; the pair may be asked again at once.
    const inbox = await call('get', `/v1/referents/${communeRef}/inbox`, { referentIds: [communeRef] });
    expect((inbox.body.items as { id: string }[]).map((i) => i.id)).not.toContain(id);
    expect((await call('post', '/v1/introductions', holder(), { projectId, memberId: leaId, requestedBy: 'holder' })).status).toBe(201);
  });

  it('resend: either introduced side, at once the first time, then not within the hour', async () => {
    const leaId = await register('Léa Roux');
    const id = await request(leaId);
    expect((await call('post', `/v1/introductions/${id}/resend`, member(leaId))).status).toBe(409);
    await call('post', `/v1/introductions/${id}/approve`, { admin: true }, {});
    await call('post', `/v1/introductions/${id}/accept`, member(leaId));
    expect((await call('post', `/v1/introductions/${id}/resend`, member(leaId))).body).toEqual({ id, status: 'introduced' });
    const again = await call('post', `/v1/introductions/${id}/resend`, member(leaId));
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/pas avant|not before/);
    expect((await call('post', `/v1/introductions/${id}/resend`, holder())).status).toBe(200);
    expect((await call('post', `/v1/introductions/${id}/resend`, member(await register('Omar Roux')))).status).toBe(403);
    expect(await streamTypes(id)).toEqual([
      'IntroductionRequested',
      'IntroductionApproved',
      'IntroductionAccepted',
      'IntroductionContactResent',
      'IntroductionContactResent',
    ]);
    const view = await call('get', `/v1/introductions/${id}/details`, member(leaId));
    expect(view.body.actions).toEqual([]);
    expect(Date.parse(view.body.resendAfter as string)).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('my introductions, the admins’ inbox, and the project’s local referent by first name', async () => {
    const leaId = await register('Léa Benali');
    const id = await request(leaId);
    const mine = await call('get', `/v1/members/${leaId}/introductions`, member(leaId));
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id,
        side: 'member',
        status: 'awaiting-referent',
        requestedByYou: false,
        otherParty: { firstName: 'Hugo' },
      }),
    ]);
    expect((await call('get', `/v1/members/${leaId}/introductions`, holder())).status).toBe(403);

    // A project nobody covers (Lille): its introductions wait for the admins; its page names no referent.
    const lille = idOf(await call('post', '/v1/projects', holder(), validProject(holderId, { location: { communeCode: '59350' } })));
    const covered = await call('get', `/v1/projects/${projectId}`);
    await waitUntil(
      () => call('get', `/v1/projects/${projectId}`),
      (res) => (res.body.referent as { firstName?: string } | undefined)?.firstName === 'Dominique',
      'the local referent on the project’s page',
    );
    expect(covered.status).toBe(200);
    await waitUntil(
      () => call('get', `/v1/projects/${lille}`),
      (res) => res.status === 200,
      'the Lille project',
    );
    expect((await call('get', `/v1/projects/${lille}`)).body).not.toHaveProperty('referent');
    const far = await request(leaId, lille);
    const inbox = await call('get', '/v1/referents/admin/inbox', { admin: true });
    expect(inbox.status).toBe(200);
    expect((inbox.body.items as { id: string }[]).map((i) => i.id)).toContain(far);
    expect((await call('get', '/v1/referents/admin/inbox', { referentIds: [communeRef] })).status).toBe(403);
  });
});
