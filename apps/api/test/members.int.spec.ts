import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import Database from 'better-sqlite3';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { memberDecider } from '@trame/domain';
import { type ConfirmationEmailJob, QUEUES, type SignInEmailJob } from '@trame/messaging';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import { AccountDirectory } from '../src/auth/account-directory';
import { SignInService } from '../src/auth/sign-in.service';
import { ConfirmationService } from '../src/members/confirmation.service';
import { MemberRegistration } from '../src/members/member-registration';
import { createApiTestApp, type ApiTestApp, validMember } from './api-test-app';
import { bodyOf, dataOf, type ErrorBody, type MemberBody, type RegistrationBody } from './typed-reads';

describe('members over HTTP', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  it('registers a member, keeps only the first name in clear and seals the rest', async () => {
    const payload = validMember({ displayName: 'Camille Martin-Lefèvre', email: 'Camille.Secret@Example.org' });
    const res = await t.http().post('/v1/members').send(payload).expect(202);
    // The neutral answer: how the places were read, no id, nothing of the person.
    expect(res.body).toEqual({ message: expect.stringMatching(/^Merci ! .* \/ Thank you! /), notes: [expect.any(Object)] });
    expect(bodyOf<RegistrationBody>(res).notes[0].field).toBe('territories[0].postcode');
    const text = JSON.stringify(res.body).toLowerCase();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('lefèvre');
    expect(text).not.toContain('camille');

    // The id is what signing in gives (`memberIds`), whatever the case of the address.
    const [id] = await t.memberIdsOf('camille.secret@example.org');
    const { events } = await t.store.readStream(`member-${id}`);
    expect(events.map((e) => e.type)).toEqual(['MemberRegistered']);
    const registered = dataOf(events[0], 'MemberRegistered');
    expect(registered.firstName).toBe('Camille');
    expect(registered.territories[0]).toMatchObject({ kind: 'radius', communeCode: '04088', departementCode: '04', regionCode: '93' });
    const stored = JSON.stringify(events[0]).toLowerCase();
    expect(stored).not.toContain('secret');
    expect(stored).not.toContain('lefèvre');
    // Not even in the event log's bytes on disk.
    for (const file of readdirSync(t.dataDir).filter((f) => f.startsWith('events'))) {
      expect(readFileSync(join(t.dataDir, file)).toString('latin1').toLowerCase()).not.toContain('camille.secret');
    }
  });

  it("registers a holder's short profile: name, address, language and commune only", async () => {
    const payload = {
      displayName: 'Sophie Bernard',
      email: 'sophie.short@example.org',
      locale: 'fr',
      territories: [{ communeCode: '04088' }],
    };
    await t.http().post('/v1/members').send(payload).expect(202);
    const [id] = await t.memberIdsOf('sophie.short@example.org');
    const { events } = await t.store.readStream(`member-${id}`);
    // No time offered: never proposed as a partner until she says how many hours.
    expect(dataOf(events[0], 'MemberRegistered')).toMatchObject({
      skills: [],
      interests: [],
      availability: { hoursPerWeek: 0 },
      notify: 'weekly',
    });
  });

  describe('one member per address', () => {
    const registrations = async () => (await t.allEvents()).filter((e) => e.type === 'MemberRegistered');
    const signInJobs = async () => {
      await t.app.get(SignInService).idle();
      return (await t.app.get<Queue<SignInEmailJob>>(getQueueToken(QUEUES.signIn)).getJobs(['waiting'])).map((j) => j.data);
    };

    it('a known address gets the same 202 and body, a sign-in link, and no second profile', async () => {
      const email = `lou.${randomUUID().slice(0, 8)}@example.org`;
      const first = await t
        .http()
        .post('/v1/members')
        .send(validMember({ displayName: 'Lou Garnier', email }))
        .expect(202);
      const [id] = await t.memberIdsOf(email);
      const count = (await registrations()).length;
      const again = await t
        .http()
        .post('/v1/members')
        .send(validMember({ displayName: 'Autre Personne', email: email.toUpperCase(), skills: ['vannerie'], notify: 'never' }))
        .expect(202);
      expect(again.body).toEqual(first.body);
      expect(await t.memberIdsOf(email)).toEqual([id]);
      expect((await registrations()).length).toBe(count);
      expect((await t.store.readStream(`member-${id}`)).events.map((e) => e.type)).toEqual(['MemberRegistered']);
      // The first registration queued a confirmation (double opt-in), the second a sign-in link, both to the one account.
      const jobs = await signInJobs();
      expect(jobs.filter((j) => j.recipient.kind === 'member' && j.recipient.id === id)).toHaveLength(1);
      await t.app.get(ConfirmationService).idle();
      const confirmations = await t.app.get<Queue<ConfirmationEmailJob>>(getQueueToken(QUEUES.confirmation)).getJobs(['waiting']);
      expect(confirmations.filter((j) => j.data.memberId === id)).toHaveLength(1);
    });

    it('a refused profile is the same 422 for a known and a new address', async () => {
      const known = `known.${randomUUID().slice(0, 8)}@example.org`;
      await t.registerMember({ email: known });
      const bad = { territories: [], availability: { hoursPerWeek: 61 } };
      const forKnown = await t
        .http()
        .post('/v1/members')
        .send(validMember({ ...bad, email: known }))
        .expect(422);
      const forNew = await t
        .http()
        .post('/v1/members')
        .send(validMember({ ...bad, email: `new.${randomUUID().slice(0, 8)}@example.org` }))
        .expect(422);
      expect(forKnown.body).toEqual(forNew.body);
    });

    it('registrations of one new address at once create one member', async () => {
      const email = `zelie.${randomUUID().slice(0, 8)}@example.org`;
      const count = (await registrations()).length;
      // Five: the per-address limit of registrations (SIGN_IN_RATE_LIMIT_PER_ADDRESS), each sending that address a link.
      const answers = await Promise.all(Array.from({ length: 5 }, () => t.http().post('/v1/members').send(validMember({ email }))));
      expect(answers.map((r) => r.status)).toEqual(Array(5).fill(202));
      expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await t.memberIdsOf(email)).toHaveLength(1);
      expect((await registrations()).length).toBe(count + 1);
      // A sixth within the window is refused: a registration must not be a way to flood an address with links.
      await t.http().post('/v1/members').send(validMember({ email })).expect(429);
    });

    it('two registrations of one new address that both find it new race for one id: the loser answers the same 202', async () => {
      const email = `noa.${randomUUID().slice(0, 8)}@example.org`;
      const registration = t.app.get(MemberRegistration);
      const lookupHash = t.app.get(AccountDirectory).lookupHash(email);
      // Both decided before either appends: the same derived id, so the store lets one stream be created.
      const [a, b] = await Promise.all([registration.decide(lookupHash), registration.decide(lookupHash)]);
      expect(a.memberId).toEqual(expect.any(String));
      expect(b.memberId).toBe(a.memberId);

      const first = await t.http().post('/v1/members').send(validMember({ email })).expect(202);
      const count = (await registrations()).length;
      // The loser: it read the address as new (as if just before the winner's append), then finds the stream taken.
      const decide = jest.spyOn(registration, 'decide').mockResolvedValueOnce(a);
      try {
        const late = await t
          .http()
          .post('/v1/members')
          .send(validMember({ email, displayName: 'Noa Tardif' }))
          .expect(202);
        expect(late.body).toEqual(first.body);
      } finally {
        decide.mockRestore();
      }
      expect((await registrations()).length).toBe(count);
      expect(await t.memberIdsOf(email)).toEqual([a.memberId]);
    });

    it('an erased member’s address may register again, as a new member', async () => {
      const email = `remi.${randomUUID().slice(0, 8)}@example.org`;
      const first = await t.registerMember({ email });
      await t.http().delete(`/v1/members/${first}`).set('Authorization', t.asMember(first)).expect(204);
      expect(await t.memberIdsOf(email)).toEqual([]);
      const second = await t.registerMember({ email });
      expect(second).not.toBe(first);
      // (registerMember confirms the address, as following the confirmation email does.)
      expect((await t.store.readStream(`member-${second}`)).events.map((e) => e.type)).toEqual(['MemberRegistered', 'MemberConfirmed']);
    });

    it('a member registered before ids came from the address still counts: their address registers nothing new', async () => {
      // As registrations made before this change: a random id, found by the blind index only.
      const email = `ancien.${randomUUID().slice(0, 8)}@example.org`;
      const legacy = randomUUID();
      const cipher = t.app.get(PersonalDataCipher);
      const keys = t.app.get<KeyStore>(KEY_STORE);
      const directory = t.app.get(AccountDirectory);
      await keys.addLookup(directory.lookupHash(email), { subjectId: legacy, kind: 'member' });
      const [registered] = memberDecider.decide(
        {
          type: 'RegisterMember',
          data: {
            memberId: legacy,
            firstName: 'Ancien',
            pii: await cipher.seal(legacy, { displayName: 'Ancien Membre', email }),
            locale: 'fr',
            skills: [],
            interests: [],
            territories: [{ kind: 'area', level: 'departement', code: '04', lat: 44.1, lon: 6.2, label: 'Alpes-de-Haute-Provence' }],
            availability: { hoursPerWeek: 2 },
            notify: 'never',
          },
          metadata: { now: new Date() },
        },
        memberDecider.initialState(),
      );
      await t.store.appendToStream(`member-${legacy}`, [{ eventId: randomUUID(), ...registered }], { expectedRevision: 'no_stream' });
      const count = (await registrations()).length;
      await t.http().post('/v1/members').send(validMember({ email })).expect(202);
      expect(await t.memberIdsOf(email)).toEqual([legacy]);
      expect((await registrations()).length).toBe(count);
    });
  });

  it('changes each facet with one event, and nothing when nothing changes', async () => {
    const id = await t.registerMember();
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
      'MemberConfirmed',
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

  it('answers 404 for an unknown member and 409 once erased (401 to the erased member’s own session)', async () => {
    // An admin session, so that 404 is about the member, not about access.
    await t.http().delete(`/v1/members/${randomUUID()}`).set('Authorization', t.asAdmin()).expect(404);
    const unknown = randomUUID();
    await t.http().put(`/v1/members/${unknown}/skills`).set('Authorization', t.asMember(unknown)).send({ skills: [] }).expect(404);
    const id = await t.registerMember();
    const auth = t.asMember(id);
    await t.http().delete(`/v1/members/${id}`).set('Authorization', auth).expect(204);
    // Erasure revokes the member's sessions (issue 14): their token names nobody any more.
    await t
      .http()
      .put(`/v1/members/${id}/skills`)
      .set('Authorization', auth)
      .send({ skills: ['x'] })
      .expect(401);
    await t.http().delete(`/v1/members/${id}`).set('Authorization', auth).expect(401);
    // An admin (who may erase anyone) meets the erased state: 409.
    const res = await t.http().delete(`/v1/members/${id}`).set('Authorization', t.asAdmin()).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
  });
});
