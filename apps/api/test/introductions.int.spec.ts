import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { LinkSigner } from '@trame/mail';
import { PersonalDataCipher } from '@trame/personal-data';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { waitUntil } from '@trame/testing';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import type { Principal } from '../src/auth/principal';
import { introductionIdFor } from '../src/introductions/introductions.controller';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, dataOf, type ErrorBody, idOf, type InboxBody, type IntroductionBody } from './typed-reads';

/*
 * The introduction workflow over HTTP: the real api and the matcher (which projects the
 * read models the api reads) over one embedded event store.
 */

type Method = 'get' | 'post' | 'delete';
type Answer = { status: number; body: unknown; text: string; headers: Record<string, string> };

const LAST_NAMES = ['Lefebvre', 'Arnaud', 'Dubois', 'Martel', 'Benali', 'Roux', 'Girard', 'Vasseur', 'Fontaine'];
const MESSAGE = 'Bonjour Léa, votre expérience en maraîchage nous intéresse beaucoup.';

describe('introductions over HTTP', () => {
  let t: ApiTestApp;
  let signer: LinkSigner;
  let readModels: ReadModelStore;
  /** Every response of the suite, checked at the end for addresses and last names. */
  const responses: { what: string; text: string }[] = [];

  let holderId: string;
  let otherId: string;
  let projectId: string;
  let communeRef: string;
  let deptRef: string;
  let farRef: string;

  const call = async (method: Method, path: string, body?: object, auth?: Partial<Principal>, accept?: string): Promise<Answer> => {
    let req = t.http()[method](path);
    if (auth) req = req.set('Authorization', t.bearer(auth));
    if (accept) req = req.set('Accept', accept);
    const res = body === undefined ? await req : await req.send(body);
    responses.push({ what: `${method.toUpperCase()} ${path}`, text: res.text ?? '' });
    return { status: res.status, body: res.body, text: res.text ?? '', headers: res.headers };
  };

  const admin: Partial<Principal> = { admin: true };
  const as = {
    holder: () => ({ memberIds: [holderId] }),
    member: (id: string) => ({ memberIds: [id] }),
    referent: (id: string) => ({ referentIds: [id] }),
  };

  const eventCount = async () => (await t.allEvents()).length;
  const introductionEvents = async (id: string) => (await t.store.readStream(`introduction-${id}`)).events;

  /** Runs a call that must be refused, and checks it appended no event. */
  const refused = async (expected: number, run: () => Promise<Answer>): Promise<Answer> => {
    const before = await eventCount();
    const res = await run();
    expect({ status: res.status, body: res.body }).toMatchObject({ status: expected });
    expect(await eventCount()).toBe(before);
    return res;
  };

  const register = (displayName: string) => t.registerMember({ displayName, email: `m.${randomUUID().slice(0, 8)}@example.org` });

  const appoint = async (displayName: string, territories: object[]) => {
    const res = await call(
      'post',
      '/v1/referents',
      { displayName, email: `r.${randomUUID().slice(0, 8)}@example.org`, territories },
      admin,
    );
    expect(res.status).toBe(201);
    return idOf(res);
  };

  /** Until the matcher has projected the introduction (the read models are eventually consistent). */
  const projected = (id: string, status: string) =>
    waitUntil(
      () => readModels.collection<{ status: string }>('introductions').get(id),
      (doc) => doc?.status === status,
      `introduction ${id} ${status} in the read model`,
    );

  const request = async (memberId: string, extra: object = {}) => {
    const res = await call('post', '/v1/introductions', { projectId, memberId, requestedBy: 'holder', ...extra }, as.holder());
    expect(res.status).toBe(201);
    const id = idOf(res);
    await projected(id, 'awaiting-referent');
    return id;
  };

  const act = (id: string, action: string, auth?: Partial<Principal>, body?: object) =>
    call('post', `/v1/introductions/${id}/${action}`, body, auth);

  /** The fields a refusal names. */
  const fieldsOf = (res: Answer) => bodyOf<ErrorBody>(res).fields?.map((f) => f.field);

  /** The api's path for `action` with the query of an emailed link (which opens the web page). */
  const link = (id: string, actor: string, action = 'respond') => {
    const url = new URL(signer.introductionLinkUrl(id, actor));
    expect(url.pathname).toBe(`/mises-en-relation/${id}`);
    return `/v1/introductions/${id}/${action}${url.search}`;
  };

  beforeAll(async () => {
    t = await createApiTestApp({ MATCHER_NOTIFICATIONS: 'false' }, [MatcherModule]);
    await t.app.get(MatcherService).ready;
    signer = t.app.get(LinkSigner);
    readModels = t.app.get(READ_MODEL_STORE);

    holderId = await register('Hugo Lefebvre-Arnaud');
    otherId = await register('Omar Benali');
    communeRef = await appoint('Dominique Roux', [{ communeCode: '04088' }]);
    deptRef = await appoint('Sacha Girard', [{ departementCode: '04' }]);
    farRef = await appoint('Camille Vasseur', [{ departementCode: '13' }]);
    const project = await call('post', '/v1/projects', validProject(holderId), as.holder());
    expect(project.status).toBe(201);
    projectId = idOf(project);
    // The assignment is resolved from the referents read model.
    await waitUntil(
      () => readModels.collection('referents').count({ status: 'active' }),
      (n) => n >= 3,
      'the referents in the read model',
    );
  });

  afterAll(() => t.close());

  it('happy path: the holder asks, the inbox shows it, the referent approves with a note, the member accepts', async () => {
    const leaId = await register('Léa Dubois-Martel');
    const res = await call(
      'post',
      '/v1/introductions',
      { projectId, memberId: leaId, requestedBy: 'holder', message: `  ${MESSAGE}  ` },
      as.holder(),
    );
    expect(res.status).toBe(201);
    const id = idOf(res);
    expect(res.body).toEqual({ id, status: 'awaiting-referent' });
    expect(res.headers.location).toBe(`/v1/introductions/${id}`);
    expect(id).toBe(introductionIdFor(projectId, leaId, 0));

    // Assigned to the commune's referent, the message sealed with the holder's key.
    const [requested] = await introductionEvents(id);
    expect(requested.data).toMatchObject({
      projectId,
      memberId: leaId,
      holderId,
      requestedBy: 'holder',
      requesterId: holderId,
      assignment: { referentId: communeRef, level: 'commune' },
    });
    expect(JSON.stringify(requested.data)).not.toContain('maraîchage');
    const sealed = (requested.data as { message: string }).message;
    expect(await t.app.get(PersonalDataCipher).open<string>(holderId, sealed)).toBe(MESSAGE);

    await projected(id, 'awaiting-referent');
    const inbox = await call('get', `/v1/referents/${communeRef}/inbox`, undefined, as.referent(communeRef));
    expect(inbox.status).toBe(200);
    const item = bodyOf<InboxBody>(inbox).items.find((i) => i.id === id);
    expect(item).toMatchObject({
      project: { id: projectId, title: 'Ferme maraîchère coopérative' },
      member: { id: leaId, firstName: 'Léa' },
      requestedBy: 'holder',
      requestedAt: dataOf(requested, 'IntroductionRequested').requestedAt,
      level: 'commune',
      actions: { approve: `/v1/introductions/${id}/approve`, decline: `/v1/introductions/${id}/decline` },
    });
    // The département's referent is not assigned: not in their inbox.
    const deptInbox = await call('get', `/v1/referents/${deptRef}/inbox`, undefined, as.referent(deptRef));
    expect(bodyOf<InboxBody>(deptInbox).items.map((i) => i.id)).not.toContain(id);

    const approved = await act(id, 'approve', as.referent(communeRef), { note: '  Belle rencontre en perspective.  ' });
    expect(approved).toMatchObject({ status: 200, body: { id, status: 'awaiting-consent' } });
    const accepted = await act(id, 'accept', as.member(leaId));
    expect(accepted).toMatchObject({ status: 200, body: { id, status: 'introduced' } });

    await projected(id, 'introduced');
    const view = await call('get', `/v1/introductions/${id}`, undefined, as.holder());
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      id,
      status: 'introduced',
      project: { id: projectId, title: 'Ferme maraîchère coopérative' },
      member: { id: leaId, firstName: 'Léa' },
      referent: { id: communeRef, firstName: 'Dominique', level: 'commune' },
    });
    expect(bodyOf<IntroductionBody>(view).history).toEqual([
      {
        type: 'IntroductionRequested',
        at: expect.any(String),
        by: { kind: 'party', party: 'holder', partyId: holderId },
        assignment: { referentId: communeRef, level: 'commune' },
      },
      {
        type: 'IntroductionApproved',
        at: expect.any(String),
        by: { kind: 'referent', referentId: communeRef, level: 'commune' },
        note: 'Belle rencontre en perspective.',
      },
      { type: 'IntroductionAccepted', at: expect.any(String), by: { kind: 'party', party: 'member', partyId: leaId } },
    ]);
    expect((await introductionEvents(id)).map((e) => e.type)).toEqual([
      'IntroductionRequested',
      'IntroductionApproved',
      'IntroductionAccepted',
    ]);
    // No longer in the inbox.
    const after = await call('get', `/v1/referents/${communeRef}/inbox`, undefined, as.referent(communeRef));
    expect(bodyOf<InboxBody>(after).items.map((i) => i.id)).not.toContain(id);

    // Final: every action is a 409 and appends nothing.
    await refused(409, () => act(id, 'approve', as.referent(communeRef)));
    await refused(409, () => act(id, 'decline', admin));
    await refused(409, () => act(id, 'accept', as.member(leaId)));
    await refused(409, () => act(id, 'refuse', as.member(leaId)));
    // Introduced for good: the pair cannot be requested again, by either side (the matcher's rule too).
    await projected(id, 'introduced');
    for (const [requestedBy, auth] of [
      ['member', as.member(leaId)],
      ['holder', as.holder()],
    ] as const) {
      const again = await refused(409, () => call('post', '/v1/introductions', { projectId, memberId: leaId, requestedBy }, auth));
      expect(bodyOf<ErrorBody>(again).message).toEqual([expect.stringMatching(/^déjà mis en relation.* \/ already introduced/)]);
    }
  });

  it('decline path: the referent declines with a note; the pair is blocked for 90 days (422 naming blockedUntil)', async () => {
    const memberId = await register('Inès Fontaine');
    const id = await request(memberId);
    const declined = await act(id, 'decline', as.referent(communeRef), { note: 'Le projet ne recrute pas pour le moment.' });
    expect(declined).toMatchObject({ status: 200, body: { id, status: 'declined' } });
    await projected(id, 'declined');
    const view = await call('get', `/v1/introductions/${id}`, undefined, as.member(memberId));
    expect(view.body).toMatchObject({ status: 'declined', endedAt: expect.any(String) });
    const declinedView = bodyOf<IntroductionBody>(view);
    expect(declinedView.history[1]).toMatchObject({ type: 'IntroductionDeclined', note: 'Le projet ne recrute pas pour le moment.' });

    const endedAt = Date.parse(declinedView.endedAt!);
    const blockedUntil = new Date(endedAt + 90 * 86_400_000).toISOString();
    for (const [requestedBy, auth] of [
      ['holder', as.holder()],
      ['member', as.member(memberId)],
    ] as const) {
      const res = await refused(422, () => call('post', '/v1/introductions', { projectId, memberId, requestedBy }, auth));
      expect(bodyOf<ErrorBody>(res).message.join(' ')).toContain(`blockedUntil ${blockedUntil}`);
      expect(fieldsOf(res)).toEqual(['memberId']);
    }
    await refused(409, () => act(id, 'approve', as.referent(communeRef)));
  });

  it('refuse path: approved, then the member refuses; the holder cannot answer for the member', async () => {
    const memberId = await register('Noé Martel');
    const id = await request(memberId);
    // Not yet approved: no answer possible.
    await refused(409, () => act(id, 'accept', as.member(memberId)));
    expect(await act(id, 'approve', as.referent(communeRef))).toMatchObject({ status: 200, body: { status: 'awaiting-consent' } });
    await refused(403, () => act(id, 'accept', as.holder()));
    await refused(403, () => act(id, 'refuse', as.holder()));
    await refused(403, () => act(id, 'accept', as.member(otherId)));
    await refused(403, () => act(id, 'accept', as.referent(communeRef)));
    await refused(403, () => act(id, 'accept', admin));
    expect(await act(id, 'refuse', as.member(memberId))).toMatchObject({ status: 200, body: { status: 'refused' } });
    await refused(409, () => act(id, 'accept', as.member(memberId)));
    await projected(id, 'refused');
    const view = await call('get', `/v1/introductions/${id}`, undefined, as.referent(communeRef));
    expect(bodyOf<IntroductionBody>(view).history.map((h) => h.type)).toEqual([
      'IntroductionRequested',
      'IntroductionApproved',
      'IntroductionRefused',
    ]);
    await refused(422, () => call('post', '/v1/introductions', { projectId, memberId, requestedBy: 'holder' }, as.holder()));
  });

  it('only the assigned referent, a referent of the enclosing territory or an admin may decide', async () => {
    const memberId = await register('Jules Roux');
    const id = await request(memberId);
    await refused(403, () => act(id, 'approve', as.referent(farRef)));
    await refused(403, () => act(id, 'decline', as.referent(farRef)));
    await refused(403, () => act(id, 'approve', as.holder()));
    await refused(403, () => act(id, 'approve', as.member(memberId)));
    await refused(403, () => act(id, 'approve', { referentIds: [randomUUID()] }));
    await refused(401, () => act(id, 'approve'));
    // A bad note is a 422 before anything is checked about the actor.
    await refused(422, () => act(id, 'approve', as.referent(communeRef), { note: 'x'.repeat(1001) }));
    await refused(400, () => act(id, 'approve', as.referent(communeRef), { note: 3, extra: true }));

    // The département's referent covers Forcalquier at a broader level: may step in.
    const approved = await act(id, 'approve', as.referent(deptRef), { note: 'Je prends le relais.' });
    expect(approved).toMatchObject({ status: 200, body: { status: 'awaiting-consent' } });
    const [, event] = await introductionEvents(id);
    expect(event.data).toMatchObject({ by: { kind: 'referent', referentId: deptRef, level: 'departement' } });
    // …and may then read it; the referent of another département may not.
    await projected(id, 'awaiting-consent');
    expect((await call('get', `/v1/introductions/${id}`, undefined, as.referent(deptRef))).status).toBe(200);
    await refused(403, () => call('get', `/v1/introductions/${id}`, undefined, as.referent(farRef)));
  });

  it('an admin decides when the session holds several roles, and is recorded as such', async () => {
    const memberId = await register('Rose Benali');
    const id = await request(memberId);
    // Assigned referent and admin at once: recorded as the referent.
    const both = { referentIds: [farRef, communeRef], admin: true };
    expect((await act(id, 'decline', both)).status).toBe(200);
    const [, event] = await introductionEvents(id);
    expect(event.data).toMatchObject({ by: { kind: 'referent', referentId: communeRef, level: 'commune' } });

    const second = await register('Yann Girard');
    const id2 = await request(second);
    expect((await act(id2, 'approve', admin)).status).toBe(200);
    expect((await introductionEvents(id2))[1].data).toMatchObject({ by: { kind: 'admin' } });
  });

  it('emailed links: the page shows what this actor may do, the link acts without a session, a forged token is a 403', async () => {
    const memberId = await register('Léon Arnaud');
    const id = await request(memberId, { message: MESSAGE });

    // Forged, altered or mismatched links: 403, nothing appended, as JSON and as a page.
    const forged = `/v1/introductions/${id}/approve?as=${communeRef}&token=${'A'.repeat(43)}`;
    await refused(403, () => call('post', forged, { note: 'ok' }));
    await refused(403, () => call('post', forged, {}, undefined, 'text/html'));
    await refused(403, () => call('post', link(id, farRef, 'approve').replace(farRef, communeRef)));
    await refused(403, () => call('post', `/v1/introductions/${id}/approve?as=${communeRef}`));
    await refused(403, () =>
      call('post', link(randomUUID(), communeRef, 'approve').replace(/introductions\/[^/]+/, `introductions/${id}`)),
    );
    const badPage = await call('get', forged.replace('/approve', '/respond'));
    expect(badPage.status).toBe(403);
    expect(badPage.text).toContain('Ce lien n’est pas valide');
    // A valid link of a referent who may not decide: 403 from the decider, nothing appended.
    await refused(403, () => call('post', link(id, farRef, 'approve')));
    // A link never borrows the session: the session's admin rights do not rescue a bad link.
    await refused(403, () => call('post', forged, {}, admin));

    // The referent's page: title, first name, status, approve/decline buttons carrying the link.
    const page = await call('get', link(id, communeRef));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Ferme maraîchère coopérative');
    expect(page.text).toContain('Membre : Léon');
    expect(page.text.indexOf('En attente de l’avis du référent')).toBeLessThan(page.text.indexOf('Waiting for the local referent'));
    const query = new URL(signer.introductionLinkUrl(id, communeRef)).search.replace(/&/g, '&amp;');
    expect(page.text).toContain(`formaction="approve${query}"`);
    expect(page.text).toContain(`formaction="decline${query}"`);
    expect(page.text).not.toContain('formaction="accept');
    expect(page.text).not.toContain('maraîchage nous intéresse');
    // Parameters a mail tool may append are ignored; a repeated one spoils the link.
    expect((await call('get', `${link(id, communeRef)}&utm_source=newsletter`)).text).toContain('formaction="approve?');
    await refused(403, () => call('post', `${link(id, communeRef, 'approve')}&as=${communeRef}`));
    // The member can do nothing yet.
    const early = await call('get', link(id, memberId));
    expect(early.text).toContain('rien à faire pour vous');
    expect(early.text).not.toContain('<form');

    // The browser form: approve with a note, an HTML answer.
    const before = await eventCount();
    const form = await t
      .http()
      .post(link(id, communeRef, 'approve'))
      .set('Accept', 'text/html')
      .type('form')
      .send('note=Bonne+id%C3%A9e');
    responses.push({ what: 'form approve', text: form.text });
    expect(form.status).toBe(200);
    expect(form.text).toContain('la mise en relation est approuvée');
    expect(await eventCount()).toBe(before + 1);
    expect((await introductionEvents(id))[1].data).toMatchObject({ note: 'Bonne idée', by: { kind: 'referent', referentId: communeRef } });

    // Now the member's page offers accept and refuse; the holder's link has nothing to do.
    const memberPage = await call('get', link(id, memberId));
    expect(memberPage.text).toContain('formaction="accept?');
    expect(memberPage.text).toContain('formaction="refuse?');
    expect(memberPage.text).not.toContain('name="note"');
    expect((await call('get', link(id, holderId))).text).toContain('rien à faire pour vous');
    // The holder's valid link cannot accept for the member.
    await refused(403, () => call('post', link(id, holderId, 'accept')));
    // The referent's link is spent once approved (409).
    await refused(409, () => call('post', link(id, communeRef, 'approve')));

    const accepted = await call('post', link(id, memberId, 'accept'));
    expect(accepted).toMatchObject({ status: 200, body: { id, status: 'introduced' } });
    const done = await call('get', link(id, memberId));
    expect(done.text).toContain('Mise en relation faite');
    expect(done.text).not.toContain('<form');
  });

  it('an admin link acts as admin', async () => {
    const memberId = await register('Lou Fontaine');
    const id = await request(memberId);
    expect((await call('get', link(id, 'admin'))).text).toContain('formaction="approve?');
    expect(await call('post', link(id, 'admin', 'approve'))).toMatchObject({ status: 200, body: { status: 'awaiting-consent' } });
    expect((await introductionEvents(id))[1].data).toMatchObject({ by: { kind: 'admin' } });
    // The member's page says who approved: the network's team, not a referent.
    const page = await call('get', link(id, memberId));
    expect(page.text).toContain('Approuvée par l’équipe du réseau');
    expect(page.text).toContain('Approved by the network’s team');
    expect(page.text).not.toContain('Approuvée par le référent');
  });

  it('a paused project: decisions and answers are a 409 until it resumes; a closed one: a 409 for good', async () => {
    const paused = idOf(await call('post', '/v1/projects', validProject(holderId, { title: 'Atelier vélo partagé' }), as.holder()));
    const memberId = await register('Noé Martel');
    const res = await call('post', '/v1/introductions', { projectId: paused, memberId, requestedBy: 'holder' }, as.holder());
    expect(res.status).toBe(201);
    const id = idOf(res);
    expect((await call('post', `/v1/projects/${paused}/pause`, {}, as.holder())).status).toBe(200);
    for (const [action, auth] of [
      ['approve', as.referent(communeRef)],
      ['decline', admin],
    ] as const) {
      const held = await refused(409, () => act(id, action, auth));
      expect(bodyOf<ErrorBody>(held).message).toEqual([
        'Le projet est en pause : cette mise en relation reprendra avec lui / ' +
          'The project is paused: this introduction will go on when it resumes',
      ]);
    }
    // The emailed page offers nothing while paused; a request for the paused project is a 422 naming it.
    expect((await call('get', link(id, communeRef))).text).not.toContain('formaction=');
    const other = await register('Ana Vasseur');
    const refusedRequest = await refused(422, () =>
      call('post', '/v1/introductions', { projectId: paused, memberId: other, requestedBy: 'holder' }, as.holder()),
    );
    expect(bodyOf<ErrorBody>(refusedRequest).fields).toEqual([{ field: 'projectId', messages: ['projet en pause / project paused'] }]);

    expect((await call('post', `/v1/projects/${paused}/resume`, undefined, as.holder())).status).toBe(200);
    expect(await act(id, 'approve', as.referent(communeRef))).toMatchObject({ status: 200, body: { status: 'awaiting-consent' } });

    // Closed as team-complete: the member is not asked to consent any more.
    expect((await call('post', `/v1/projects/${paused}/close`, { reason: 'team-complete' }, as.holder())).status).toBe(200);
    const closed = await refused(409, () => act(id, 'accept', as.member(memberId)));
    expect(bodyOf<ErrorBody>(closed).message).toEqual([expect.stringContaining('The project is closed: this introduction has ended')]);
    await refused(409, () => act(id, 'refuse', as.member(memberId)));
  });

  it('one open introduction per pair: 409 while one is under way, whoever asks', async () => {
    const memberId = await register('Mona Girard');
    const id = await request(memberId);
    await refused(409, () => call('post', '/v1/introductions', { projectId, memberId, requestedBy: 'holder' }, as.holder()));
    await refused(409, () => call('post', '/v1/introductions', { projectId, memberId, requestedBy: 'member' }, as.member(memberId)));
    expect((await act(id, 'approve', as.referent(communeRef))).status).toBe(200);
    await projected(id, 'awaiting-consent');
    await refused(409, () => call('post', '/v1/introductions', { projectId, memberId, requestedBy: 'holder' }, as.holder()));
  });

  it('requests: who may ask, bad input named field by field, unknown or erased people', async () => {
    const memberId = await register('Zoé Dubois');
    const body = { projectId, memberId, requestedBy: 'holder' };
    await refused(401, () => call('post', '/v1/introductions', body));
    await refused(403, () => call('post', '/v1/introductions', body, as.member(otherId)));
    await refused(403, () => call('post', '/v1/introductions', body, as.member(memberId)));
    await refused(403, () => call('post', '/v1/introductions', { ...body, requestedBy: 'member' }, as.member(otherId)));
    await refused(403, () => call('post', '/v1/introductions', { ...body, requestedBy: 'member' }, as.holder()));
    await refused(403, () => call('post', '/v1/introductions', body, admin));
    await refused(403, () => call('post', '/v1/introductions', body, as.referent(communeRef)));

    const bad = await refused(400, () =>
      call(
        'post',
        '/v1/introductions',
        { projectId: 'p', memberId: 12, requestedBy: 'matcher', message: 'x'.repeat(2001), extra: 1 },
        as.holder(),
      ),
    );
    expect(fieldsOf(bad)?.sort()).toEqual(['extra', 'memberId', 'message', 'projectId', 'requestedBy']);
    const missing = await refused(400, () => call('post', '/v1/introductions', {}, as.holder()));
    expect(fieldsOf(missing)?.sort()).toEqual(['memberId', 'projectId', 'requestedBy']);

    const unknown = await refused(422, () =>
      call('post', '/v1/introductions', { projectId: randomUUID(), memberId: randomUUID(), requestedBy: 'holder' }, as.holder()),
    );
    expect(fieldsOf(unknown)).toEqual(['projectId', 'memberId']);
    await refused(422, () => call('post', '/v1/introductions', { projectId, memberId: holderId, requestedBy: 'holder' }, as.holder()));

    const erased = await register('Eva Roux');
    expect((await call('delete', `/v1/members/${erased}`, undefined, as.member(erased))).status).toBe(204);
    const gone = await refused(422, () =>
      call('post', '/v1/introductions', { projectId, memberId: erased, requestedBy: 'holder' }, as.holder()),
    );
    expect(fieldsOf(gone)).toEqual(['memberId']);
  });

  it('reading: an introduction is visible to both sides, their referents and admins; an inbox to its referent and admins', async () => {
    const memberId = await register('Paul Vasseur');
    const id = await request(memberId);
    for (const who of [as.holder(), as.member(memberId), as.referent(communeRef), admin]) {
      expect((await call('get', `/v1/introductions/${id}`, undefined, who)).status).toBe(200);
    }
    await refused(403, () => call('get', `/v1/introductions/${id}`, undefined, as.member(otherId)));
    await refused(403, () => call('get', `/v1/introductions/${id}`, undefined, as.referent(deptRef)));
    await refused(401, () => call('get', `/v1/introductions/${id}`));
    await refused(404, () => call('get', `/v1/introductions/${randomUUID()}`, undefined, admin));
    await refused(400, () => call('get', '/v1/introductions/not-a-uuid', undefined, admin));

    expect((await call('get', `/v1/referents/${communeRef}/inbox`, undefined, admin)).status).toBe(200);
    await refused(403, () => call('get', `/v1/referents/${communeRef}/inbox`, undefined, as.referent(deptRef)));
    await refused(403, () => call('get', `/v1/referents/${communeRef}/inbox`, undefined, as.holder()));
    await refused(401, () => call('get', `/v1/referents/${communeRef}/inbox`));
    await refused(404, () => call('get', `/v1/referents/${randomUUID()}/inbox`, undefined, admin));
    await refused(404, () => act(randomUUID(), 'approve', admin));
  });

  it('no response of this suite held an email address or a last name', () => {
    expect(responses.length).toBeGreaterThan(80);
    for (const { what, text } of responses) {
      expect({ what, at: text.includes('@') }).toEqual({ what, at: false });
      for (const name of LAST_NAMES) expect({ what, name, leaked: text.includes(name) }).toEqual({ what, name, leaked: false });
    }
  });
});

describe('introductions when the read models lag (api alone, no matcher projecting)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('the pair’s id is deterministic, so neither concurrent nor repeated requests open a second one', async () => {
    const register = () => t.registerMember({ email: `m.${randomUUID().slice(0, 8)}@example.org` });
    const holderId = await register();
    const memberId = await register();
    const projectId = idOf(
      await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.bearer({ memberIds: [holderId] }))
        .send(validProject(holderId))
        .expect(201),
    );
    const ask = (requestedBy: 'holder' | 'member', id: string) =>
      t
        .http()
        .post('/v1/introductions')
        .set('Authorization', t.bearer({ memberIds: [id] }))
        .send({ projectId, memberId, requestedBy });

    const both = await Promise.all([ask('holder', holderId), ask('member', memberId)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const id = idOf(both.find((r) => r.status === 201)!);
    expect(id).toBe(introductionIdFor(projectId, memberId, 0));
    // Still unknown to the read models: a later request computes the same id, and is a 409 too.
    const before = (await t.allEvents()).length;
    expect((await ask('holder', holderId)).status).toBe(409);
    expect((await t.allEvents()).length).toBe(before);
    const opened = (await t.allEvents()).filter(
      (e) => e.type === 'IntroductionRequested' && dataOf(e, 'IntroductionRequested').memberId === memberId,
    );
    expect(opened).toHaveLength(1);
    // Nobody in the (empty) referents read model covers the place: the admins are assigned.
    expect(opened[0].data).toMatchObject({ assignment: { referentId: 'admin', level: 'admin' } });
  });
});
