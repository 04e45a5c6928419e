import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import Database from 'better-sqlite3';
import { createApiTestApp, type ApiTestApp, validMember } from './api-test-app';
import { bodyOf, dataOf, type ErrorBody, idOf, type MemberBody } from './typed-reads';

describe('members over HTTP', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('registers a member, keeps only the first name in clear and seals the rest', async () => {
    const payload = validMember({ displayName: 'Camille Martin-Lefèvre', email: 'Camille.Secret@Example.org' });
    const res = await t.http().post('/v1/members').send(payload).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(String), firstName: 'Camille', status: 'active', locale: 'fr' });
    const member = bodyOf<MemberBody>(res);
    expect(member.territories[0]).toMatchObject({ kind: 'radius', communeCode: '04088', departementCode: '04', regionCode: '93' });
    expect(member.notes[0].field).toBe('territories[0].postcode');
    const text = JSON.stringify(res.body).toLowerCase();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('lefèvre');

    const { events } = await t.store.readStream(`member-${member.id}`);
    expect(events.map((e) => e.type)).toEqual(['MemberRegistered']);
    expect(dataOf(events[0], 'MemberRegistered').firstName).toBe('Camille');
    const stored = JSON.stringify(events[0]).toLowerCase();
    expect(stored).not.toContain('secret');
    expect(stored).not.toContain('lefèvre');
    // Not even in the event log's bytes on disk.
    for (const file of readdirSync(t.dataDir).filter((f) => f.startsWith('events'))) {
      expect(readFileSync(join(t.dataDir, file)).toString('latin1').toLowerCase()).not.toContain('camille.secret');
    }
  });

  it('changes each facet with one event, and nothing when nothing changes', async () => {
    const id = idOf(await t.http().post('/v1/members').send(validMember()).expect(201));
    const auth = t.asMember(id);
    await t
      .http()
      .put(`/v1/members/${id}/skills`)
      .set('Authorization', auth)
      .send({ skills: ['menuiserie', 'plomberie'] })
      .expect(200);
    await t
      .http()
      .put(`/v1/members/${id}/interests`)
      .set('Authorization', auth)
      .send({ interests: ['habitat'] })
      .expect(200);
    await t
      .http()
      .put(`/v1/members/${id}/territories`)
      .set('Authorization', auth)
      .send({ territories: [{ departementCode: '04' }, { lat: 43.3, lon: 5.4, radiusKm: 10 }] })
      .expect(200);
    await t
      .http()
      .put(`/v1/members/${id}/availability`)
      .set('Authorization', auth)
      .send({ hoursPerWeek: 12, from: '2026-01-01', until: '2026-12-31' })
      .expect(200);
    const last = await t.http().put(`/v1/members/${id}/notifications`).set('Authorization', auth).send({ notify: 'weekly' }).expect(200);
    expect(last.body).toMatchObject({
      skills: ['menuiserie', 'plomberie'],
      interests: ['habitat'],
      notify: 'weekly',
      availability: { hoursPerWeek: 12 },
    });
    expect(bodyOf<MemberBody>(last).territories.map((x) => x.kind)).toEqual(['area', 'radius']);
    await t.http().put(`/v1/members/${id}/notifications`).set('Authorization', auth).send({ notify: 'weekly' }).expect(200);
    const { events } = await t.store.readStream(`member-${id}`);
    expect(events.map((e) => e.type)).toEqual([
      'MemberRegistered',
      'MemberSkillsDeclared',
      'MemberInterestsChanged',
      'MemberTerritoriesChanged',
      'MemberAvailabilityDeclared',
      'MemberNotificationsChanged',
    ]);
  });

  it('answers 422 for rule violations, naming each field, and appends nothing (not even a key or a sign-in index entry)', async () => {
    const keyCount = () => {
      const db = new Database(join(t.dataDir, 'keys.sqlite'), { readonly: true });
      const { n } = db.prepare('SELECT (SELECT count(*) FROM subject_keys) + (SELECT count(*) FROM subject_lookups) AS n').get() as {
        n: number;
      };
      db.close();
      return n;
    };
    const keysBefore = keyCount();
    const before = (await t.allEvents()).length;
    const res = await t
      .http()
      .post('/v1/members')
      .send(
        validMember({ territories: [], skills: Array.from({ length: 31 }, (_, i) => `skill ${i}`), availability: { hoursPerWeek: 61 } }),
      )
      .expect(422);
    const fields = bodyOf<ErrorBody>(res).message.join('\n');
    expect(fields).toContain('territories');
    expect(fields).toContain('skills');
    expect(fields).toContain('availability.hoursPerWeek');
    expect((await t.allEvents()).length).toBe(before);
    expect(keyCount()).toBe(keysBefore);
  });

  it('answers 404 for an unknown member and 409 once erased', async () => {
    // An admin session, so that 404 is about the member, not about access.
    await t.http().delete(`/v1/members/${randomUUID()}`).set('Authorization', t.asAdmin()).expect(404);
    const unknown = randomUUID();
    await t.http().put(`/v1/members/${unknown}/skills`).set('Authorization', t.asMember(unknown)).send({ skills: [] }).expect(404);
    const id = idOf(await t.http().post('/v1/members').send(validMember()).expect(201));
    const auth = t.asMember(id);
    await t.http().delete(`/v1/members/${id}`).set('Authorization', auth).expect(204);
    const res = await t
      .http()
      .put(`/v1/members/${id}/skills`)
      .set('Authorization', auth)
      .send({ skills: ['x'] })
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    await t.http().delete(`/v1/members/${id}`).set('Authorization', auth).expect(409);
  });
});
