import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { Test } from 'supertest';
import { PROJECT_RULES, RADIUS_KM } from '@trame/domain';
import { LinkSigner } from '@trame/mail';
import { createApiTestApp, type ApiTestApp, validMember, validProject } from './api-test-app';
import { bodyOf, type ErrorBody } from './typed-reads';

/** The messages of a refusal that name `field` (`field: …`). */
const about = (res: { body: unknown }, field: string) => bodyOf<ErrorBody>(res).message.filter((m) => m.startsWith(`${field}: `));

const FORBIDDEN =
  'caractère interdit (caractère de contrôle, NUL ou texte mal encodé) / forbidden character (control, NUL or badly encoded text)';

/** A raw JSON text sent as is (escapes such as `\ud800` reach the parser untouched). */
const raw = (text: string) => ({ text, type: 'application/json' });

describe('hostile input is refused with a 4xx naming the field, and appends nothing', () => {
  let t: ApiTestApp;
  let holderId: string;
  let projectId: string;
  beforeAll(async () => {
    t = await createApiTestApp();
    // Read routes answer 503 until the read side has caught up with the log (no matcher here):
    // read once while the log is empty, the gate stays open; the query cases need it.
    await t.http().get('/v1/projects').expect(200);
    holderId = await t.registerMember();
    const res = await t.http().post('/v1/projects').set('Authorization', t.asMember(holderId)).send(validProject(holderId)).expect(201);
    projectId = bodyOf<{ id: string }>(res).id;
  });
  afterAll(() => t.close());

  let before: number;
  beforeEach(async () => {
    before = (await t.allEvents()).length;
  });
  afterEach(async () => {
    expect((await t.allEvents()).length).toBe(before);
  });

  const send = (method: 'post' | 'put' | 'patch', path: string, body: { text: string; type: string }, auth?: string) => {
    const req = t.http()[method](path).set('Content-Type', body.type);
    return (auth ? req.set('Authorization', auth) : req).send(body.text);
  };

  describe('deeply nested JSON (item 8)', () => {
    const nested = (levels: number, closed: boolean) => '['.repeat(levels) + (closed ? ']'.repeat(levels) : '');
    it.each([
      ['2,000 levels, closed', nested(2000, true)],
      ['100,000 levels', nested(100_000, false)],
      ['2,000 levels of objects', '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)],
    ])('%s: 400 on an anonymous route and an authenticated one', async (_, text) => {
      for (const res of [
        await send('post', '/v1/members', raw(text)),
        await send('post', '/v1/auth/link', raw(text)),
        await send('put', `/v1/members/${holderId}/skills`, raw(text), t.asMember(holderId)),
        await send('patch', `/v1/projects/${projectId}`, raw(text), t.asMember(holderId)),
      ]) {
        expect(res.status).toBe(400);
        expect(about(res, 'body')[0]).toMatch(/trop imbriqué .* \/ JSON nested too deeply/);
      }
    });

    it('a value nested within the bound is validated as usual', async () => {
      const res = await send('put', `/v1/members/${holderId}/skills`, raw(`{"skills": ${nested(20, true)}}`), t.asMember(holderId));
      expect(res.status).toBe(400);
      expect(about(res, 'body')).toEqual([]);
      expect(bodyOf<ErrorBody>(res).message.join()).toContain('skills');
    });
  });

  describe('text: surrogates, bad UTF-8, control characters, line breaks (item 9)', () => {
    const email = '"\\ud800@example.org"';
    it.each([
      ['members', '/v1/members', () => JSON.stringify(validMember()).replace(/"email":"[^"]*"/, `"email":${email}`), undefined],
      [
        'referents',
        '/v1/referents',
        () => `{"displayName":"Dominique Roux","email":${email},"territories":[{"departementCode":"04"}]}`,
        'admin',
      ],
      ['sign-in', '/v1/auth/link', () => `{"email":${email}}`, undefined],
    ])('a lone surrogate in the email is a 400 naming it (%s)', async (_, path, text, who) => {
      const res = await send('post', path, raw(text()), who ? t.asAdmin() : undefined);
      expect(res.status).toBe(400);
      expect(about(res, 'email')).toEqual([`email: ${FORBIDDEN}`]);
    });

    it('bytes that are not UTF-8 are refused, naming the field', async () => {
      const text = Buffer.concat([Buffer.from('{"skills":["ma'), Buffer.from([0xff, 0xfe]), Buffer.from('"]}')]);
      // superagent would serialise a Buffer given to send() as JSON: the bytes are written as they are.
      const req = t
        .http()
        .put(`/v1/members/${holderId}/skills`)
        .set('Authorization', t.asMember(holderId))
        .set('Content-Type', 'application/json')
        .set('Content-Length', String(text.length));
      req.write(text);
      const res = await req;
      expect(res.status).toBe(400);
      expect(about(res, 'skills[0]')).toHaveLength(1);
    });

    it('NUL and other control characters are refused in any text', async () => {
      const res = await t
        .http()
        .post('/v1/members')
        .send(
          validMember({
            displayName: 'Camille\u0000',
            skills: ['ok', 'bad\u0007'],
            territories: [{ postcode: '04300', radiusKm: 10, label: 'x\u001b' }],
          }),
        );
      expect(res.status).toBe(400);
      expect(bodyOf<ErrorBody>(res).message.map((m) => m.split(':')[0])).toEqual(
        expect.arrayContaining(['displayName', 'skills[1]', 'territories[0].label']),
      );
    });

    it('line breaks are refused in single-line fields, body and query', async () => {
      const res = await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holderId))
        .send(validProject(holderId, { title: 'Ferme\r\nmaraîchère', themes: ['ali\nmentation'] }));
      expect(res.status).toBe(400);
      expect(about(res, 'title')).toEqual(['title: doit tenir sur une ligne / must be a single line']);
      expect(about(res, 'themes[0]')).toHaveLength(1);
      const query = await t.http().get('/v1/projects').query({ theme: 'a\nb' });
      expect(query.status).toBe(400);
      expect(about(query, 'theme')).toHaveLength(1);
      const nul = await t.http().get('/v1/projects?theme=a%00b');
      expect(nul.status).toBe(400);
      expect(about(nul, 'theme')).toHaveLength(1);
    });

    it('multi-line texts keep their lines, stored with LF only', async () => {
      const res = await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holderId))
        .send(validProject(holderId, { summary: 'Une ferme,\r\nen coopérative.\rVenez !', description: 'Ligne 1\r\nLigne 2' }))
        .expect(201);
      const { events } = await t.store.readStream(`project-${bodyOf<{ id: string }>(res).id}`);
      expect(events[0].data).toMatchObject({ summary: 'Une ferme,\nen coopérative.\nVenez !', description: 'Ligne 1\nLigne 2' });
      before = (await t.allEvents()).length;
    });
  });

  describe('prototype keys (item 11)', () => {
    it.each(['__proto__', 'constructor', 'prototype'])('%s is an unknown field, at the top and nested', async (key) => {
      const top = JSON.stringify(validMember()).replace(/^\{/, `{"${key}":{"admin":true},`);
      const res = await send('post', '/v1/members', raw(top));
      expect(res.status).toBe(400);
      expect(about(res, key)).toEqual([`${key}: champ inconnu / unknown field`]);
      const nested = `{"hoursPerWeek":4,"${key}":{"polluted":1}}`;
      const facet = await send('put', `/v1/members/${holderId}/availability`, raw(nested), t.asMember(holderId));
      expect(facet.status).toBe(400);
      expect(about(facet, key)).toHaveLength(1);
      const deeper = await t
        .http()
        .put(`/v1/members/${holderId}/territories`)
        .set('Authorization', t.asMember(holderId))
        .set('Content-Type', 'application/json')
        .send(`{"territories":[{"departementCode":"04","${key}":1}]}`);
      expect(deeper.status).toBe(400);
      expect(about(deeper, `territories[0].${key}`)).toHaveLength(1);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('lists them beside the other invalid fields', async () => {
      const res = await send('post', '/v1/members', raw(JSON.stringify(validMember({ locale: 'de' })).replace(/^\{/, '{"__proto__":{},')));
      expect(res.status).toBe(400);
      expect(bodyOf<ErrorBody>(res).message.map((m) => m.split(':')[0])).toEqual(expect.arrayContaining(['__proto__', 'locale']));
    });
  });

  describe('content types, query numbers, places, the unsubscribe body (item 12)', () => {
    it('a JSON body under another Content-Type is a 415 naming application/json', async () => {
      for (const res of [
        await send('post', '/v1/members', { text: JSON.stringify(validMember()), type: 'text/plain' }),
        await send('post', '/v1/members', { text: 'displayName=Camille', type: 'application/x-www-form-urlencoded' }),
        await send('put', `/v1/members/${holderId}/skills`, { text: '{"skills":["x"]}', type: 'text/plain' }, t.asMember(holderId)),
      ]) {
        expect(res.status).toBe(415);
        expect(bodyOf<ErrorBody>(res).message[0]).toMatch(/^Content-Type: .*application\/json/);
      }
    });

    it('the pages’ forms still post where a form is expected', async () => {
      // An unknown token: the form is read (401 for the token), not refused for its type.
      const res = await t
        .http()
        .post('/v1/auth/token')
        .type('form')
        .send({ token: 'A'.repeat(43) });
      expect(res.status).toBe(401);
    });

    it('an id with invalid percent-encoding is a bilingual 400 naming the parameter', async () => {
      const res = await t.http().get('/v1/projects/%E0%A4%A');
      expect(res.status).toBe(400);
      expect(bodyOf<ErrorBody>(res).message).toEqual(['id: encodage « % » invalide / invalid percent-encoding']);
    });

    const NUMBER = 'doit être un nombre / must be a number';
    const INTEGER = 'doit être un nombre entier / must be an integer';
    it.each([
      ['radiusKm=0x10', 'radiusKm', NUMBER],
      ['radiusKm=', 'radiusKm', NUMBER],
      ['radiusKm=1e2', 'radiusKm', NUMBER],
      ['radiusKm=0', 'radiusKm', `doit être ≥ ${RADIUS_KM.min} / must be ≥ ${RADIUS_KM.min}`],
      ['limit=0x10', 'limit', INTEGER],
      ['limit=', 'limit', INTEGER],
      ['near=0,0', 'near', 'lieu hors de France (lat, lon) / place outside France (lat, lon)'],
      ['theme=', 'theme', 'ne doit pas être vide / must not be empty'],
    ])('query %s is a 400 naming %s', async (query, field, message) => {
      const res = await t.http().get(`/v1/projects?${query}`);
      expect(res.status).toBe(400);
      expect(about(res, field)).toEqual([`${field}: ${message}`]);
    });

    it('plain decimal query numbers are read', async () => {
      await t.http().get('/v1/projects?near=43.96,5.78&radiusKm=30.5&limit=10').expect(200);
    });

    it('coordinates given as text are a 400 like other type errors', async () => {
      const res = await t
        .http()
        .post('/v1/members')
        .send(validMember({ territories: [{ lat: '43.9', lon: 5.78, radiusKm: 10 }] }));
      expect(res.status).toBe(400);
      expect(about(res, 'territories[0].lat')).toEqual(['territories[0].lat: doit être un nombre / must be a number']);
    });

    it('a place outside France (0,0, the ocean) is a 400; overseas is France', async () => {
      const ocean = await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holderId))
        .send(validProject(holderId, { location: { lat: 0, lon: 0 } }));
      expect(ocean.status).toBe(400);
      expect(about(ocean, 'location.lat')).toEqual(['location.lat: lieu hors de France (lat, lon) / place outside France (lat, lon)']);
      const member = await t
        .http()
        .post('/v1/members')
        .send(validMember({ territories: [{ lat: 0, lon: 0, radiusKm: 10 }] }));
      expect(about(member, 'territories[0].lat')).toHaveLength(1);
      // Saint-Denis de La Réunion is accepted (validation only: the body is otherwise invalid).
      const reunion = await t
        .http()
        .post('/v1/members')
        .send(validMember({ locale: 'xx', territories: [{ lat: -20.88, lon: 55.45, radiusKm: 10 }] }));
      expect(bodyOf<ErrorBody>(reunion).message.map((m) => m.split(':')[0])).toEqual(['locale']);
    });

    describe('the one-click unsubscribe body (RFC 8058)', () => {
      const link = (id: string) => `/v1/members/${id}/unsubscribe?token=${t.app.get(LinkSigner).unsubscribeToken(id)}`;
      it.each([
        ['another form field', (r: Test) => r.type('form').send('foo=bar'), 'foo'],
        ['another value', (r: Test) => r.type('form').send('List-Unsubscribe=Yes'), 'List-Unsubscribe'],
        ['the pair and more', (r: Test) => r.type('form').send('List-Unsubscribe=One-Click&x=1'), 'x'],
        ['no body', (r: Test) => r, 'List-Unsubscribe'],
        ['a JSON object', (r: Test) => r.send({ unsubscribe: true }), 'unsubscribe'],
      ])('%s is a 400 naming the field', async (_, body, field) => {
        const res = await body(t.http().post(link(holderId)));
        expect(res.status).toBe(400);
        expect(about(res, field)).toHaveLength(1);
      });

      it('a text body is a 415', async () => {
        const res = await t.http().post(link(holderId)).set('Content-Type', 'text/plain').send('List-Unsubscribe=One-Click');
        expect(res.status).toBe(415);
      });
    });
  });

  describe('degenerate values (item 7)', () => {
    it.each([
      ['a territory radius of 0 km', () => validMember({ territories: [{ postcode: '04300', radiusKm: 0 }] }), 'territories[0].radiusKm'],
      ['a blank display name', () => validMember({ displayName: '   ' }), 'displayName'],
      ['a blank skill', () => validMember({ skills: ['ok', ' '] }), 'skills'],
      ['zero hours a week', () => validMember({ availability: { hoursPerWeek: 0 } }), 'availability.hoursPerWeek'],
      ['a date in year 1', () => validMember({ availability: { hoursPerWeek: 4, from: '0001-01-01' } }), 'availability.from'],
      ['a date in year 9999', () => validMember({ availability: { hoursPerWeek: 4, until: '9999-12-31' } }), 'availability.until'],
    ])('member: %s is a 400', async (_, body, field) => {
      const res = await t.http().post('/v1/members').send(body());
      expect(res.status).toBe(400);
      expect(about(res, field)).toHaveLength(1);
    });

    it.each([
      ['a project radius of 0 km', { radiusKm: 0 }, 'radiusKm'],
      ['a blank title', { title: ' \t ' }, 'title'],
      ['a blank theme', { themes: [''] }, 'themes'],
      ['a need of 0 hours', { needs: [{ role: 'r', skills: ['x'], hoursPerWeek: 0 }] }, 'needs[0].hoursPerWeek'],
      ['a blank need role', { needs: [{ role: '  ', skills: ['x'] }] }, 'needs[0].role'],
    ])('project: %s is a 400', async (_, overrides, field) => {
      const res = await t.http().post('/v1/projects').set('Authorization', t.asMember(holderId)).send(validProject(holderId, overrides));
      expect(res.status).toBe(400);
      expect(about(res, field)).toHaveLength(1);
    });

    it('messages carry the bounds the rules declare, in both languages', async () => {
      const max = PROJECT_RULES.title.max;
      const res = await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holderId))
        .send(validProject(holderId, { title: 'x'.repeat(max + 1), radiusKm: RADIUS_KM.max + 1 }));
      expect(about(res, 'title')).toEqual([`title: doit faire au plus ${max} caractères / must be at most ${max} characters long`]);
      expect(about(res, 'radiusKm')).toEqual([`radiusKm: doit être ≤ ${RADIUS_KM.max} / must be ≤ ${RADIUS_KM.max}`]);
      const shapeless = await t
        .http()
        .post('/v1/members')
        .send(validMember({ territories: [{ lat: 44 }] }));
      expect(about(shapeless, 'territories[0]')[0]).toContain('{lat, lon, radiusKm} | {postcode, radiusKm}');
    });

    it('a referent territory radius of 0 km is a 400', async () => {
      const res = await t
        .http()
        .post('/v1/referents')
        .set('Authorization', t.asAdmin())
        .send({
          displayName: 'Dominique Roux',
          email: `d.${randomUUID().slice(0, 8)}@example.org`,
          territories: [{ communeCode: '04088', radiusKm: 0 }],
        });
      expect(res.status).toBe(400);
      expect(about(res, 'territories[0].radiusKm')).toHaveLength(1);
    });
  });
});
