import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get, Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { confirmationToken, emailChangeToken, LinkSigner, signInCode, signInToken } from '@trame/mail';
import { type ConfirmationEmailJob, type EmailChangeJob, QUEUES, type SignInEmailJob } from '@trame/messaging';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { waitUntil } from '@trame/testing';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import { ACCESS_LEVELS, ACCESS_METADATA, type AccessLevel, type Principal } from '../src/auth/principal';
import { SignInService } from '../src/auth/sign-in.service';
import { ConfirmationService } from '../src/members/confirmation.service';
import { EmailChangeService } from '../src/members/email-change.service';
import { createApiTestApp, type ApiTestApp, validMember, validProject } from './api-test-app';
import { ACCESS_TABLE, type AccessRow, MEMBER_FACETS, OUTSIDE_CONTROLLERS, ROLES, type Role, rowKey } from './authorization-table';
import { bodyOf, type ErrorBody, idOf } from './typed-reads';

/*
 * Must-show of issue 5, "authorization matrix": every endpoint × every role, the expected
 * answer asserted from one table (authorization-table.ts, which openapi.int.spec.ts also
 * checks the OpenAPI document against); every refused call appends nothing to the log. The
 * table is checked against the routes Nest actually registered, so a new endpoint without a
 * row (or without an access declaration) fails here.
 */

/** The people of the matrix: `member` is the member concerned (profile, recommendations, introductions). */
type World = {
  memberId: string;
  memberEmail: string;
  otherId: string;
  holderId: string;
  projectId: string;
  hereId: string;
  elsewhereId: string;
  introductionId: string;
};

type Call = { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; body?: object; form?: string; world?: Partial<World> };
type Row = AccessRow & { call: (w: World) => Promise<Call> };

const principalOf = (role: Role, w: World): Partial<Principal> | undefined => {
  switch (role) {
    case 'anonymous':
      return undefined;
    case 'member':
      return { subject: `matrix-member-${w.memberId}`, memberIds: [w.memberId] };
    case 'otherMember':
      return { subject: 'matrix-other', memberIds: [w.otherId] };
    case 'holder':
      return { subject: 'matrix-holder', memberIds: [w.holderId] };
    case 'referentElsewhere':
      return { subject: 'matrix-elsewhere', referentIds: [w.elsewhereId] };
    case 'referentHere':
      return { subject: 'matrix-here', referentIds: [w.hereId] };
    case 'admin':
      return { subject: 'matrix-admin', admin: true };
  }
};

describe('authorization matrix: every endpoint × every role', () => {
  let t: ApiTestApp;
  let world: World;
  let readModels: ReadModelStore;
  const seenSignInJobs = new Set<string>();

  beforeAll(async () => {
    // Limits out of the way: the matrix makes many requests as the same few people.
    t = await createApiTestApp(
      {
        INTRODUCTION_RATE_LIMIT: '100000',
        SIGN_IN_RATE_LIMIT_PER_ADDRESS: '100000',
        SIGN_IN_RATE_LIMIT_PER_IP: '100000',
        SIGN_IN_CODE_LIMIT_PER_ADDRESS: '100000',
        SIGN_IN_CODE_LIMIT_PER_IP: '100000',
      },
      [MatcherModule],
    );
    await t.app.get(MatcherService).ready;
    readModels = t.app.get<ReadModelStore>(READ_MODEL_STORE);

    const memberEmail = `lea.${randomUUID().slice(0, 8)}@example.org`;
    const register = (overrides: Record<string, unknown>) => t.registerMember(overrides);
    const memberId = await register({ displayName: 'Léa Dubois', email: memberEmail, skills: ['maraîchage'] });
    const otherId = await register({ displayName: 'Omar Benali' });
    const holderId = await register({ displayName: 'Hélène Porteuse', skills: [] });
    const appoint = async (territories: object[]) =>
      idOf(
        await t
          .http()
          .post('/v1/referents')
          .set('Authorization', t.asAdmin())
          .send({ displayName: 'Dominique Roux', email: `r.${randomUUID().slice(0, 8)}@example.org`, territories })
          .expect(201),
      );
    const hereId = await appoint([{ communeCode: '04088' }]); // Forcalquier, where the projects are
    const elsewhereId = await appoint([{ departementCode: '59' }]); // Nord
    // Introductions are assigned from the referents read model: wait until it has them.
    await waitUntil(
      () => readModels.collection('referents').get(hereId),
      (r) => r !== null,
      'the referent of Forcalquier in the read model',
    );
    await waitUntil(
      () => readModels.collection('referents').get(elsewhereId),
      (r) => r !== null,
      'the referent of Nord in the read model',
    );
    const projectId = await newProject(holderId);
    world = { memberId, memberEmail, otherId, holderId, projectId, hereId, elsewhereId, introductionId: '' };
    // Read routes answer 503 until the read side has caught up with the log after the start
    // (a documented answer, not an access rule): the matrix starts once it has.
    await waitUntil(
      () => t.http().get('/health'),
      (r) => r.status === 200,
      'the read side caught up (GET /health)',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    world.introductionId = await newIntroduction();
    await waitUntil(
      () => readModels.collection('introductions').get(world.introductionId),
      (d) => d !== null,
      'the introduction in the read model',
    );
    await waitUntil(
      () => readModels.collection('member_profiles').get(memberId),
      (d) => d !== null,
      'the member in the read model',
    );
  });
  afterAll(() => t.close());

  // ── Fresh resources, for rows whose allowed calls change or end what they act on ──────────
  async function newProject(holderId = world.holderId): Promise<string> {
    return idOf(await t.http().post('/v1/projects').set('Authorization', t.asMember(holderId)).send(validProject(holderId)).expect(201));
  }
  async function newIntroduction(options: { approved?: boolean } = {}): Promise<string> {
    const projectId = await newProject();
    const res = await t
      .http()
      .post('/v1/introductions')
      .set('Authorization', t.asMember(world.holderId))
      .send({ projectId, memberId: world.memberId, requestedBy: 'holder' })
      .expect(201);
    if (options.approved)
      await t
        .http()
        .post(`/v1/introductions/${idOf(res)}/approve`)
        .set('Authorization', t.asAdmin())
        .send({})
        .expect(200);
    return idOf(res);
  }
  async function newReferent(): Promise<string> {
    return idOf(
      await t
        .http()
        .post('/v1/referents')
        .set('Authorization', t.asAdmin())
        .send({ displayName: 'Sam Girard', email: `s.${randomUUID().slice(0, 8)}@example.org`, territories: [{ regionCode: '32' }] })
        .expect(201),
    );
  }
  /** A sign-in token for the member's address, as the notifier would put in the email. */
  async function newSignInToken(): Promise<string> {
    return signInToken(t.app.get(LinkSigner), await newSignInRequestId());
  }
  /** The 6-digit code of a new sign-in request for the member's address, as the email gives it. */
  async function newSignInCode(): Promise<string> {
    return signInCode(t.app.get(LinkSigner), await newSignInRequestId());
  }
  async function newSignInRequestId(): Promise<string> {
    const signIn = t.app.get(SignInService);
    const queue = t.app.get<Queue<SignInEmailJob>>(getQueueToken(QUEUES.signIn));
    // Registrations queue sign-in links too: only the one requested here is taken.
    await signIn.idle();
    for (const earlier of await queue.getJobs(['waiting'])) seenSignInJobs.add(earlier.id!);
    signIn.request(world.memberEmail);
    await signIn.idle();
    const job = (await queue.getJobs(['waiting'])).find((j) => !seenSignInJobs.has(j.id!))!;
    seenSignInJobs.add(job.id!);
    return job.data.requestId;
  }
  /** A confirmation token of a member just registered (unconfirmed), as the notifier would put in the email. */
  async function newConfirmationToken(): Promise<string> {
    const memberId = await t.registerMember({}, { confirmed: false });
    await t.app.get(ConfirmationService).idle();
    const queue = t.app.get<Queue<ConfirmationEmailJob>>(getQueueToken(QUEUES.confirmation));
    const job = (await queue.getJobs(['waiting', 'active', 'completed'])).find((j) => j.data.memberId === memberId)!;
    return confirmationToken(t.app.get(LinkSigner), job.data.requestId);
  }
  /** The token of a "change my email" link of a member just registered, as the notifier would put in the email. */
  async function newEmailChangeToken(): Promise<string> {
    const memberId = await t.registerMember();
    const changes = t.app.get(EmailChangeService);
    await changes.request(memberId, `moved.${randomUUID().slice(0, 8)}@example.org`);
    await changes.idle();
    const queue = t.app.get<Queue<EmailChangeJob>>(getQueueToken(QUEUES.emailChange));
    const job = (await queue.getJobs(['waiting', 'active', 'completed'])).find((j) => j.data.memberId === memberId)!;
    return emailChangeToken(t.app.get(LinkSigner), job.data.requestId);
  }
  const signer = () => t.app.get(LinkSigner);
  const unsubscribe = (w: World) => `/v1/members/${w.memberId}/unsubscribe?token=${signer().unsubscribeToken(w.memberId)}`;

  /** How the matrix calls each row of the table (authorization-table.ts), by its key. */
  const CALLS: Record<string, (w: World) => Promise<Call>> = {
    // Public: registration, reads of projects, ops, sign-in, links from emails.
    'GET /': async () => ({ method: 'get', path: '/' }),
    'POST /v1/members': async () => ({ method: 'post', path: '/v1/members', body: validMember() }),
    'GET /v1/projects': async () => ({ method: 'get', path: '/v1/projects' }),
    'GET /v1/projects/:id': async (w) => ({ method: 'get', path: `/v1/projects/${w.projectId}` }),
    'GET /v1/places': async () => ({ method: 'get', path: '/v1/places?q=forcalquier' }),
    'GET /health': async () => ({ method: 'get', path: '/health' }),
    'GET /health/live': async () => ({ method: 'get', path: '/health/live' }),
    'GET /metrics': async () => ({ method: 'get', path: '/metrics' }),
    'GET /docs': async () => ({ method: 'get', path: '/docs' }),
    'POST /v1/auth/link': async (w) => ({ method: 'post', path: '/v1/auth/link', body: { email: w.memberEmail } }),
    'GET /v1/auth/sign-in': async () => ({ method: 'get', path: `/v1/auth/sign-in?token=${'A'.repeat(43)}` }),
    'POST /v1/auth/token': async () => ({ method: 'post', path: '/v1/auth/token', body: { token: await newSignInToken() } }),
    'POST /v1/auth/code': async (w) => ({
      method: 'post',
      path: '/v1/auth/code',
      body: { email: w.memberEmail, code: await newSignInCode() },
    }),
    // Each call's session is a fresh token (t.bearer), so signing one out leaves the others.
    'POST /v1/auth/sign-out': async () => ({ method: 'post', path: '/v1/auth/sign-out' }),
    'POST /v1/auth/refresh': async () => ({ method: 'post', path: '/v1/auth/refresh' }),
    'GET /v1/members/confirm': async () => ({ method: 'get', path: `/v1/members/confirm?token=${'A'.repeat(43)}` }),
    'POST /v1/members/confirm': async () => ({
      method: 'post',
      path: '/v1/members/confirm',
      body: { token: await newConfirmationToken() },
    }),
    'POST /v1/members/confirm/resend': async (w) => ({
      method: 'post',
      path: '/v1/members/confirm/resend',
      body: { email: w.memberEmail },
    }),
    'POST /v1/members/email/confirm': async () => ({
      method: 'post',
      path: '/v1/members/email/confirm',
      body: { token: await newEmailChangeToken() },
    }),
    'GET /v1/members/:id/unsubscribe': async (w) => ({ method: 'get', path: unsubscribe(w) }),
    'POST /v1/members/:id/unsubscribe': async (w) => ({ method: 'post', path: unsubscribe(w), form: 'List-Unsubscribe=One-Click' }),
    'GET /v1/introductions/:id/respond': async (w) => {
      const url = new URL(signer().introductionLinkUrl(w.introductionId, w.hereId));
      return { method: 'get', path: `/v1/introductions/${w.introductionId}/respond${url.search}` };
    },

    // A member's own profile.
    ...Object.fromEntries(
      MEMBER_FACETS.map((facet) => [
        `PUT /v1/members/:id/${facet}`,
        async (w: World): Promise<Call> => ({
          method: 'put',
          path: `/v1/members/${w.memberId}/${facet}`,
          body: {
            skills: { skills: ['maraîchage', 'apiculture'] },
            interests: { interests: ['alimentation'] },
            territories: { territories: [{ postcode: '04300', radiusKm: 30 }] },
            availability: { hoursPerWeek: 8 },
            notifications: { notify: 'weekly' },
          }[facet],
        }),
      ]),
    ),
    'DELETE /v1/members/:id': async () => {
      const id = await t.registerMember();
      return { method: 'delete', path: `/v1/members/${id}`, world: { memberId: id } };
    },
    'GET /v1/members/:id/recommendations': async (w) => ({ method: 'get', path: `/v1/members/${w.memberId}/recommendations` }),
    'POST /v1/members/:id/recommendations/:projectId/dismiss': async (w) => ({
      method: 'post',
      path: `/v1/members/${w.memberId}/recommendations/${w.projectId}/dismiss`,
    }),
    'GET /v1/members/:id': async (w) => ({ method: 'get', path: `/v1/members/${w.memberId}` }),
    'GET /v1/members/:id/export': async (w) => ({ method: 'get', path: `/v1/members/${w.memberId}/export` }),
    'POST /v1/members/:id/email': async (w) => ({
      method: 'post',
      path: `/v1/members/${w.memberId}/email`,
      body: { email: `new.${randomUUID().slice(0, 8)}@example.org` },
    }),
    'GET /v1/members/:id/projects (the holder’s)': async (w) => ({ method: 'get', path: `/v1/members/${w.holderId}/projects` }),
    'GET /v1/members/:id/introductions': async (w) => ({ method: 'get', path: `/v1/members/${w.memberId}/introductions` }),

    // Projects: the holder's, admins may step in; partners also for the place's referents.
    'POST /v1/projects': async (w) => ({ method: 'post', path: '/v1/projects', body: validProject(w.holderId) }),
    'PATCH /v1/projects/:id': async (w) => ({
      method: 'patch',
      path: `/v1/projects/${w.projectId}`,
      body: { title: `Ferme ${randomUUID().slice(0, 6)}` },
    }),
    'POST /v1/projects/:id/pause': async () => ({ method: 'post', path: `/v1/projects/${await newProject()}/pause`, body: {} }),
    'POST /v1/projects/:id/resume': async (w) => {
      const id = await newProject();
      await t.http().post(`/v1/projects/${id}/pause`).set('Authorization', t.asMember(w.holderId)).send({}).expect(200);
      return { method: 'post', path: `/v1/projects/${id}/resume` };
    },
    'POST /v1/projects/:id/close': async () => ({
      method: 'post',
      path: `/v1/projects/${await newProject()}/close`,
      body: { reason: 'abandoned' },
    }),
    'GET /v1/projects/:id/recommendations': async (w) => ({ method: 'get', path: `/v1/projects/${w.projectId}/recommendations` }),
    'GET /v1/projects/:id/missing-partners': async (w) => ({ method: 'get', path: `/v1/projects/${w.projectId}/missing-partners` }),
    'GET /v1/projects/:id/introductions': async (w) => ({ method: 'get', path: `/v1/projects/${w.projectId}/introductions` }),

    // Referents: appointed and changed by admins; an inbox is its referent's.
    'POST /v1/referents': async () => ({
      method: 'post',
      path: '/v1/referents',
      body: {
        displayName: 'Alex Fontaine',
        email: `a.${randomUUID().slice(0, 8)}@example.org`,
        territories: [{ departementCode: '05' }],
      },
    }),
    'PUT /v1/referents/:id/territories': async () => ({
      method: 'put',
      path: `/v1/referents/${await newReferent()}/territories`,
      body: { territories: [{ regionCode: '84' }] },
    }),
    'POST /v1/referents/:id/retire': async () => ({ method: 'post', path: `/v1/referents/${await newReferent()}/retire` }),
    'GET /v1/referents/:id/inbox': async (w) => ({ method: 'get', path: `/v1/referents/${w.hereId}/inbox` }),
    'GET /v1/referents/admin/inbox': async () => ({ method: 'get', path: '/v1/referents/admin/inbox' }),

    // Ops.
    'GET /v1/admin/queues/failed': async () => ({ method: 'get', path: '/v1/admin/queues/failed' }),

    // Introductions (the actions with a session here; with the signed link in introductions.int.spec.ts).
    'POST /v1/introductions (as holder)': async (w) => ({
      method: 'post',
      path: '/v1/introductions',
      body: { projectId: await newProject(), memberId: w.memberId, requestedBy: 'holder' },
    }),
    'POST /v1/introductions (as member)': async (w) => ({
      method: 'post',
      path: '/v1/introductions',
      body: { projectId: await newProject(), memberId: w.memberId, requestedBy: 'member' },
    }),
    'GET /v1/introductions/:id': async (w) => ({ method: 'get', path: `/v1/introductions/${w.introductionId}` }),
    'POST /v1/introductions/:id/approve': async () => ({
      method: 'post',
      path: `/v1/introductions/${await newIntroduction()}/approve`,
      body: {},
    }),
    'POST /v1/introductions/:id/decline': async () => ({
      method: 'post',
      path: `/v1/introductions/${await newIntroduction()}/decline`,
      body: {},
    }),
    'POST /v1/introductions/:id/accept': async () => ({
      method: 'post',
      path: `/v1/introductions/${await newIntroduction({ approved: true })}/accept`,
    }),
    'POST /v1/introductions/:id/refuse': async () => ({
      method: 'post',
      path: `/v1/introductions/${await newIntroduction({ approved: true })}/refuse`,
    }),
    'GET /v1/introductions/:id/details': async (w) => ({ method: 'get', path: `/v1/introductions/${w.introductionId}/details` }),
    'POST /v1/introductions/:id/withdraw': async () => ({ method: 'post', path: `/v1/introductions/${await newIntroduction()}/withdraw` }),
    'POST /v1/introductions/:id/resend': async () => {
      const id = await newIntroduction({ approved: true });
      await t.http().post(`/v1/introductions/${id}/accept`).set('Authorization', t.asMember(world.memberId)).expect(200);
      return { method: 'post', path: `/v1/introductions/${id}/resend` };
    },
  };

  /** The table's rows, each with its call. */
  const ROWS: Row[] = ACCESS_TABLE.map((row) => {
    const call = CALLS[rowKey(row)];
    if (!call) throw new Error(`authorization matrix: no call for the row ${rowKey(row)}`);
    return { ...row, call };
  });

  it('has a row for every route the api registers, and every route declares its access level', () => {
    const routes = registeredRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(ROWS.length - 2); // two rows for POST /v1/introductions, one for /docs
    // Every call is a row's (a row without one fails above, when ROWS is built).
    expect(Object.keys(CALLS).filter((key) => !ACCESS_TABLE.some((row) => rowKey(row) === key))).toEqual([]);
    const undeclared = routes.filter((r) => !ACCESS_LEVELS.includes(r.access as AccessLevel)).map((r) => r.route);
    expect(undeclared).toEqual([]);
    const covered = new Set(ROWS.map((r) => r.route));
    expect(routes.map((r) => r.route).filter((route) => !covered.has(route))).toEqual([]);
    // And the table names no route that does not exist (/docs is Swagger's, outside Nest's router).
    const known = new Set([...routes.map((r) => r.route), ...OUTSIDE_CONTROLLERS]);
    expect([...covered].filter((route) => !known.has(route))).toEqual([]);
  });

  describe.each(ROWS.map((row) => [row.route, row] as const))('%s', (_route, row) => {
    it.each(ROLES.map((role) => [role, row.expect[role]] as const))('%s → %d', async (role, expected) => {
      const call = await row.call(world);
      const w = { ...world, ...call.world };
      const principal = principalOf(role, w);
      const before = (await t.allEvents()).length;
      let req = t.http()[call.method](call.path);
      if (principal) req = req.set('Authorization', t.bearer(principal));
      const res = await (call.form !== undefined ? req.type('form').send(call.form) : call.body !== undefined ? req.send(call.body) : req);
      expect({ role, status: res.status, body: res.status === expected ? undefined : bodyOf<unknown>(res) }).toEqual({
        role,
        status: expected,
        body: undefined,
      });
      if (expected === 401 || expected === 403) {
        // Refused: said in both languages, and nothing appended.
        expect(bodyOf<ErrorBody>(res).message.join(' ')).toMatch(/ \/ /);
        expect((await t.allEvents()).length).toBe(before);
      }
    });
  });
});

/** `METHOD /path` and the declared access level of every route of every controller Nest registered. */
function registeredRoutes(t: ApiTestApp): { route: string; access: string | undefined }[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = t.app.get(Reflector);
  const out: { route: string; access: string | undefined }[] = [];
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!type?.prototype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
    for (const name of scanner.getAllMethodNames(type.prototype as object)) {
      const handler = (type.prototype as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const full = `/${[base, path]
        .map((p) => p.replace(/^\/+|\/+$/g, ''))
        .filter(Boolean)
        .join('/')}`;
      out.push({
        route: `${RequestMethod[method]} ${full}`,
        access: reflector.getAllAndOverride(ACCESS_METADATA, [handler as () => void, type]),
      });
    }
  }
  return out;
}

@Controller('v1/undeclared')
class UndeclaredController {
  @Get()
  open() {
    return { open: true };
  }
}

@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

describe('deny by default', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({}, [UndeclaredModule]);
  });
  afterAll(() => t.close());

  it('a route that declares no access level answers 401 to everyone, admins included', async () => {
    expect(registeredRoutes(t)).toContainEqual({ route: 'GET /v1/undeclared', access: undefined });
    const anonymous = await t.http().get('/v1/undeclared').expect(401);
    expect(bodyOf<ErrorBody>(anonymous).message).toEqual(['accès non déclaré pour cette route / no access declared for this route']);
    await t.http().get('/v1/undeclared').set('Authorization', t.asAdmin()).expect(401);
    await t.http().get('/v1/undeclared').set('Authorization', t.asMember(randomUUID())).expect(401);
  });
});
