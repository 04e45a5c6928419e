import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { MAX_WORD_LENGTH } from '@trame/domain';
import { createApiTestApp, type ApiTestApp, validMember, validProject } from './api-test-app';
import { bodyOf, type ErrorBody, idOf } from './typed-reads';

// Bodies are thunks: ids created in beforeAll do not exist yet when the table is built.
type Case = { name: string; method: 'post' | 'put' | 'patch'; path: () => string; body: () => unknown; raw?: string; field: string };

describe('bad input is refused with a 4xx naming the field, and appends nothing', () => {
  let t: ApiTestApp;
  let holderId: string;
  let projectId: string;
  beforeAll(async () => {
    t = await createApiTestApp();
    holderId = await t.registerMember();
    projectId = idOf(
      await t.http().post('/v1/projects').set('Authorization', t.asMember(holderId)).send(validProject(holderId)).expect(201),
    );
  });
  afterAll(() => t.close());

  const member = (overrides: Record<string, unknown>) => validMember(overrides);
  const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
  const long = (n: number) => 'x'.repeat(n);

  const cases: Case[] = [
    // members
    { name: 'missing email', method: 'post', path: () => '/v1/members', body: () => without(validMember(), 'email'), field: 'email' },
    {
      name: 'missing displayName',
      method: 'post',
      path: () => '/v1/members',
      body: () => without(validMember(), 'displayName'),
      field: 'displayName',
    },
    { name: 'invalid email', method: 'post', path: () => '/v1/members', body: () => member({ email: 'not-an-email' }), field: 'email' },
    { name: 'email of wrong type', method: 'post', path: () => '/v1/members', body: () => member({ email: 42 }), field: 'email' },
    {
      name: 'oversized displayName',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ displayName: long(101) }),
      field: 'displayName',
    },
    { name: 'unknown locale', method: 'post', path: () => '/v1/members', body: () => member({ locale: 'de' }), field: 'locale' },
    { name: 'unknown notify', method: 'post', path: () => '/v1/members', body: () => member({ notify: 'hourly' }), field: 'notify' },
    {
      name: 'skills not an array',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ skills: 'menuiserie' }),
      field: 'skills',
    },
    { name: 'skill of wrong type', method: 'post', path: () => '/v1/members', body: () => member({ skills: ['ok', 3] }), field: 'skills' },
    {
      name: 'oversized skill',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ skills: [long(MAX_WORD_LENGTH + 1)] }),
      field: 'skills',
    },
    {
      name: 'too many skills (rule)',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ skills: Array.from({ length: 31 }, (_, i) => `s${i}`) }),
      field: 'skills',
    },
    {
      name: 'negative hours',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ availability: { hoursPerWeek: -2 } }),
      field: 'availability.hoursPerWeek',
    },
    {
      name: 'hours over 60 (rule)',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ availability: { hoursPerWeek: 61 } }),
      field: 'availability.hoursPerWeek',
    },
    {
      name: 'hours as a string',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ availability: { hoursPerWeek: 'six' } }),
      field: 'availability.hoursPerWeek',
    },
    {
      name: 'bad availability date',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ availability: { hoursPerWeek: 4, from: '2026-02-30' } }),
      field: 'availability.from',
    },
    {
      name: 'until before from (rule)',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ availability: { hoursPerWeek: 4, from: '2026-06-01', until: '2026-01-01' } }),
      field: 'availability',
    },
    {
      name: 'no territory (rule)',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ territories: [] }),
      field: 'territories',
    },
    {
      name: 'six territories (rule)',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ territories: Array.from({ length: 6 }, () => ({ departementCode: '04' })) }),
      field: 'territories',
    },
    {
      name: 'malformed postcode',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ territories: [{ postcode: '4300', radiusKm: 10 }] }),
      field: 'territories[0].postcode',
    },
    {
      name: 'unknown postcode',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ territories: [{ postcode: '99999', radiusKm: 10 }] }),
      field: 'territories[0].postcode',
    },
    {
      name: 'unknown commune code',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ territories: [{ communeCode: '04999' }] }),
      field: 'territories[0].communeCode',
    },
    {
      name: 'territory of no known form',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ territories: [{ lat: 44 }] }),
      field: 'territories[0]',
    },
    {
      name: 'latitude out of range',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ territories: [{ lat: 123, lon: 5, radiusKm: 10 }] }),
      field: 'territories[0].lat',
    },
    { name: 'unknown field', method: 'post', path: () => '/v1/members', body: () => member({ isAdmin: true }), field: 'isAdmin' },
    {
      name: 'nested unknown field',
      method: 'post',
      path: () => '/v1/members',
      body: () => member({ availability: { hoursPerWeek: 3, weekends: true } }),
      field: 'availability.weekends',
    },
    {
      name: 'invalid JSON',
      method: 'post',
      path: () => '/v1/members',
      body: () => undefined,
      raw: '{"displayName": "Camille",',
      field: 'body',
    },
    {
      name: 'body over 100 kB',
      method: 'post',
      path: () => '/v1/members',
      body: () => undefined,
      raw: JSON.stringify(validMember({ displayName: 'x'.repeat(200_000) })),
      field: 'body',
    },
    { name: 'member id not a UUID', method: 'put', path: () => '/v1/members/42/skills', body: () => ({ skills: ['x'] }), field: 'id' },
    {
      name: 'facet with unknown field',
      method: 'put',
      path: () => `/v1/members/${holderId}/skills`,
      body: () => ({ skills: ['x'], level: 3 }),
      field: 'level',
    },
    // projects
    {
      name: 'missing title',
      method: 'post',
      path: () => '/v1/projects',
      body: () => without(validProject(holderId), 'title'),
      field: 'title',
    },
    { name: 'holderId not a UUID', method: 'post', path: () => '/v1/projects', body: () => validProject('abc'), field: 'holderId' },
    {
      name: 'unknown kind',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { kind: 'castle' }),
      field: 'kind',
    },
    {
      name: 'unknown stage',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { stage: 'done' }),
      field: 'stage',
    },
    {
      name: 'radius as string',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { radiusKm: '30' }),
      field: 'radiusKm',
    },
    {
      name: 'radius out of range',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { radiusKm: 5000 }),
      field: 'radiusKm',
    },
    {
      name: 'oversized title',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { title: long(121) }),
      field: 'title',
    },
    {
      name: 'oversized summary',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { summary: long(501) }),
      field: 'summary',
    },
    {
      name: 'unknown location postcode',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { location: { postcode: '00000' } }),
      field: 'location.postcode',
    },
    {
      name: 'location with radius',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { location: { communeCode: '04088', radiusKm: 3 } }),
      field: 'location.radiusKm',
    },
    {
      name: 'need without role',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { needs: [{ skills: ['x'] }] }),
      field: 'needs[0].role',
    },
    {
      name: 'need hours not integer',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { needs: [{ role: 'r', skills: ['x'], hoursPerWeek: 2.5 }] }),
      field: 'needs[0].hoursPerWeek',
    },
    {
      name: 'no needs (rule)',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { needs: [] }),
      field: 'needs',
    },
    {
      name: 'remoteFriendly not boolean',
      method: 'post',
      path: () => '/v1/projects',
      body: () => validProject(holderId, { remoteFriendly: 'yes' }),
      field: 'remoteFriendly',
    },
    {
      name: 'PATCH changing the holder',
      method: 'patch',
      path: () => `/v1/projects/${projectId}`,
      body: () => ({ holderId }),
      field: 'holderId',
    },
    {
      name: 'PATCH with bad stage',
      method: 'patch',
      path: () => `/v1/projects/${projectId}`,
      body: () => ({ stage: 'later' }),
      field: 'stage',
    },
    {
      name: 'close with unknown reason',
      method: 'post',
      path: () => `/v1/projects/${projectId}/close`,
      body: () => ({ reason: 'bored' }),
      field: 'reason',
    },
    // the web app's routes
    {
      name: 'new address not an email',
      method: 'post',
      path: () => `/v1/members/${holderId}/email`,
      body: () => ({ email: 'camille at example.org' }),
      field: 'email',
    },
    { name: 'new address missing', method: 'post', path: () => `/v1/members/${holderId}/email`, body: () => ({}), field: 'email' },
    {
      name: 'email change confirmed with a malformed code',
      method: 'post',
      path: () => '/v1/members/email/confirm',
      body: () => ({ email: 'camille@example.org', code: '12ab' }),
      field: 'code',
    },
    {
      name: 'introduction message too long',
      method: 'post',
      path: () => '/v1/introductions',
      body: () => ({ projectId, memberId: holderId, requestedBy: 'holder', message: long(5000) }),
      field: 'message',
    },
  ];

  it.each(cases)('$name → 4xx naming $field', async ({ method, path, body, raw, field }) => {
    const before = await t.allEvents();
    // The holder's session: every case is refused for its input, not for access.
    let req = t.http()[method](path());
    req = req.set('content-type', 'application/json').set('Authorization', t.asMember(holderId));
    const res = await (raw !== undefined ? req.send(raw) : req.send(body() as object));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String), message: expect.any(Array) });
    const { message } = bodyOf<ErrorBody>(res);
    const named = message.some((m) => m.startsWith(`${field}:`) || m.startsWith(`${field}.`) || m.startsWith(`${field}[`));
    if (!named) throw new Error(`expected a message about "${field}", got ${JSON.stringify(message)}`);
    expect(await t.allEvents()).toEqual(before);
  });

  it('lists every invalid field of one request, not only the first', async () => {
    const res = await t
      .http()
      .post('/v1/members')
      .send({
        displayName: '',
        email: 'x',
        locale: 'xx',
        skills: 'a',
        interests: [],
        territories: [],
        availability: {},
        notify: 'no',
        extra: 1,
      })
      .expect(400);
    const fields = bodyOf<ErrorBody>(res).message.map((m) => m.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining(['displayName', 'email', 'locale', 'skills', 'availability.hoursPerWeek', 'notify', 'extra']),
    );
  });

  it('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it('unknown routes and ids are 404 with the same error shape', async () => {
    const res = await t.http().post(`/v1/projects/${randomUUID()}/pause`).set('Authorization', t.asMember(holderId)).send({}).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
