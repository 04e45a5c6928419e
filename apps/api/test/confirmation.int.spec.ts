import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { simpleParser, type ParsedMail } from 'mailparser';
import { type MemberPersonalData, memberDecider, streamId } from '@trame/domain';
import { aggregateStream } from '@trame/event-store';
import { PersonalDataCipher } from '@trame/personal-data';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { RecipientDirectory } from '../../notifier/src/recipient-directory';
import { SignInService } from '../src/auth/sign-in.service';
import { ConfirmationService } from '../src/members/confirmation.service';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { bodyOf, type ErrorBody, idOf, type ProjectRecommendationsBody, type SessionBody } from './typed-reads';

/*
 * Double opt-in over HTTP, with the notifier and the matcher in the same process and a real
 * SMTP server on loopback: a new member gets a confirmation email (link and code) and nothing
 * else, is matched and mailed only once confirmed, and is erased when never confirmed.
 */

const CODE_IN_TEXT = /\n {4}([0-9]{3}) ([0-9]{3})\n/;
const TOKEN_IN_LINK = /http:\/\/trame\.test\/confirmer\?token=([A-Za-z0-9_-]{43})\b/;

describe('confirming a member’s address (api + notifier + matcher, real Redis and SMTP)', () => {
  let smtp: SmtpSink;
  let t: ApiTestApp;
  let readModels: ReadModelStore;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createApiTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://trame.test' }, [NotifierModule, MatcherModule]);
    await t.app.get(MatcherService).ready;
    readModels = t.app.get<ReadModelStore>(READ_MODEL_STORE);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = async (address: string): Promise<ParsedMail[]> => {
    const parsed = await Promise.all(smtp.messages.map((m) => simpleParser(m.raw)));
    return parsed.filter((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address === address);
  };
  const tokenOf = (m: ParsedMail) => TOKEN_IN_LINK.exec(m.text ?? '')?.[1];
  const codeOf = (m: ParsedMail) => {
    const [, a, b] = CODE_IN_TEXT.exec(m.text ?? '') ?? [];
    return a && b ? `${a}${b}` : undefined;
  };
  /** Registers over HTTP, leaves the address unconfirmed, and returns its id and its confirmation email. */
  const registerUnconfirmed = async (overrides: Record<string, unknown>) => {
    const email = `${randomUUID().slice(0, 8)}@example.org`;
    const memberId = await t.registerMember({ ...overrides, email }, { confirmed: false });
    await t.app.get(ConfirmationService).idle();
    const [welcome] = await waitUntil(
      () => mailsTo(email),
      (m) => m.length === 1,
      'the confirmation email',
    );
    return { memberId, email, welcome };
  };
  const eventTypes = async (memberId: string) => (await t.store.readStream(streamId('member', memberId))).events.map((e) => e.type);

  it('sends a new address a link and a code; the link’s page changes nothing, the link confirms and signs in once', async () => {
    const { memberId, email, welcome } = await registerUnconfirmed({ displayName: 'Sophie Laurent', locale: 'en' });
    expect(welcome.subject).toBe('Confirm your address for Trame · Confirmez votre adresse pour Trame');
    expect(welcome.text!.indexOf('Hello Sophie')).toBeLessThan(welcome.text!.indexOf('Bonjour Sophie'));
    expect(welcome.text).toMatch(/valid for 7 days/);
    expect(welcome.headers.get('list-unsubscribe')).toBeUndefined();
    const token = tokenOf(welcome)!;
    expect(codeOf(welcome)).toMatch(/^[0-9]{6}$/);
    const [registered] = (await t.store.readStream(streamId('member', memberId))).events;
    expect(registered.data).toMatchObject({ confirmationRequired: true });

    // The page changes nothing (mail scanners follow links).
    const page = await t.http().get(`/v1/members/confirm?token=${token}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<form method="post" action="confirm">');
    expect(page.text.indexOf('Confirmer votre adresse')).toBeLessThan(page.text.indexOf('Confirm your address'));
    expect(await eventTypes(memberId)).toEqual(['MemberRegistered']);
    await t.http().get('/v1/members/confirm?token=abc').expect(400);

    const session = await t.http().post('/v1/members/confirm').send({ token }).expect(200);
    expect(session.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      memberIds: [memberId],
      referentIds: [],
      admin: false,
    });
    expect(await eventTypes(memberId)).toEqual(['MemberRegistered', 'MemberConfirmed']);
    // The session is the member's.
    await t
      .http()
      .put(`/v1/members/${memberId}/skills`)
      .set('Authorization', `Bearer ${bodyOf<SessionBody>(session).accessToken}`)
      .send({ skills: ['vannerie'] })
      .expect(200);
    // Once: the link and its code are spent.
    const again = await t.http().post('/v1/members/confirm').send({ token }).expect(401);
    expect(bodyOf<ErrorBody>(again).message).toEqual([
      expect.stringMatching(/^Ce lien de confirmation n’est pas valide.* \/ This confirmation/),
    ]);
    await t
      .http()
      .post('/v1/members/confirm')
      .send({ email, code: codeOf(welcome) })
      .expect(401);
    expect(await eventTypes(memberId)).toEqual(['MemberRegistered', 'MemberConfirmed', 'MemberSkillsDeclared']);
  });

  it('confirms with the address and the code typed (the page’s form gets a page back); a wrong code confirms nothing', async () => {
    const { memberId, email, welcome } = await registerUnconfirmed({ displayName: 'Julien Morel' });
    const code = codeOf(welcome)!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await t.http().post('/v1/members/confirm').send({ email, code: wrong }).expect(401);
    // Another address's code confirms nothing either.
    await t
      .http()
      .post('/v1/members/confirm')
      .send({ email: `x${email}`, code })
      .expect(401);
    expect(await eventTypes(memberId)).toEqual(['MemberRegistered']);

    const page = await t
      .http()
      .post('/v1/members/confirm')
      .set('Accept', 'text/html')
      .type('form')
      .send({ email: email.toUpperCase(), code })
      .expect(200);
    expect(page.text).toMatch(/votre adresse est confirmée/);
    expect(page.text).toContain('<textarea readonly');
    expect(await eventTypes(memberId)).toEqual(['MemberRegistered', 'MemberConfirmed']);
  });

  it('names every invalid field of a confirmation and of a resend, French then English, and appends nothing', async () => {
    const before = (await t.allEvents()).length;
    const none = await t.http().post('/v1/members/confirm').send({}).expect(400);
    const fields = (res: { body: unknown }) => bodyOf<ErrorBody>(res).message.map((m) => m.split(':')[0]);
    expect(fields(none)).toEqual(expect.arrayContaining(['token', 'email', 'code']));
    const bad = await t.http().post('/v1/members/confirm').send({ email: 'pas-une-adresse', code: '12 345' }).expect(400);
    expect(fields(bad).sort()).toEqual(['code', 'email']);
    expect(bodyOf<ErrorBody>(bad).message.join('\n')).toMatch(/6 chiffres \/ must be a 6-digit code/);
    await t.http().post('/v1/members/confirm').send({ token: 42 }).expect(400);
    const resend = await t.http().post('/v1/members/confirm/resend').send({ email: 'nope' }).expect(400);
    expect(fields(resend)).toEqual(['email']);
    expect((await t.allEvents()).length).toBe(before);
  });

  it('resends neutrally: a new confirmation to an unconfirmed address, the same answer for an unknown one', async () => {
    const { memberId, email } = await registerUnconfirmed({});
    const known = await t.http().post('/v1/members/confirm/resend').send({ email }).expect(202);
    const unknown = await t
      .http()
      .post('/v1/members/confirm/resend')
      .send({ email: `nobody.${randomUUID().slice(0, 8)}@example.org` })
      .expect(202);
    expect(known.body).toEqual(unknown.body);
    expect(bodyOf<{ message: string }>(known).message).toMatch(/nouvel e-mail de confirmation.* \/ .*new confirmation email/);
    await t.app.get(ConfirmationService).idle();
    const mails = await waitUntil(
      () => mailsTo(email),
      (m) => m.length === 2,
      'the second confirmation email',
    );
    // Either email works; the second confirms.
    await t
      .http()
      .post('/v1/members/confirm')
      .send({ token: tokenOf(mails[1]) })
      .expect(200);
    expect(await eventTypes(memberId)).toEqual(['MemberRegistered', 'MemberConfirmed']);
  });

  it('limits resends per address', async () => {
    const email = `flood.${randomUUID().slice(0, 8)}@example.org`;
    // SIGN_IN_RATE_LIMIT_PER_ADDRESS (5) per window, like sign-in links.
    for (let i = 0; i < 5; i += 1) await t.http().post('/v1/members/confirm/resend').send({ email }).expect(202);
    await t.http().post('/v1/members/confirm/resend').send({ email }).expect(429);
  });

  it('following a sign-in link confirms the address too', async () => {
    const { memberId, email } = await registerUnconfirmed({});
    const signIn = t.app.get(SignInService);
    signIn.request(email);
    await signIn.idle();
    const [, link] = await waitUntil(
      () => mailsTo(email),
      (m) => m.length === 2,
      'the sign-in email',
    );
    expect(link.subject).toMatch(/lien de connexion/);
    const token = /\/connexion\/lien\?token=([A-Za-z0-9_-]{43})\b/.exec(link.text ?? '')?.[1];
    await t.http().post('/v1/auth/token').send({ token }).expect(200);
    expect(await eventTypes(memberId)).toEqual(['MemberRegistered', 'MemberConfirmed']);
  });

  it('an unconfirmed member is neither matched, shown to a holder nor emailed, until confirmed', async () => {
    const holderId = await t.registerMember({ skills: [], notify: 'instant' });
    const projectId = idOf(
      await t
        .http()
        .post('/v1/projects')
        .set('Authorization', t.asMember(holderId))
        .send(validProject(holderId, { title: `Jardin ${randomUUID().slice(0, 6)}` }))
        .expect(201),
    );
    const { memberId, email } = await registerUnconfirmed({
      displayName: 'Inès Faure',
      skills: ['maraîchage'],
      availability: { hoursPerWeek: 12 },
      notify: 'instant',
    });
    // The matcher has seen the registration (its read model has the profile), and yet:
    await waitUntil(
      () => readModels.collection('member_profiles').get(memberId),
      (d) => d !== null,
      'the member in the read model',
    );
    const partners = async () =>
      bodyOf<ProjectRecommendationsBody>(
        await t.http().get(`/v1/projects/${projectId}/recommendations`).set('Authorization', t.asMember(holderId)).expect(200),
      ).partners.map((p) => p.memberId);
    expect(await partners()).not.toContain(memberId);
    const own = await t.http().get(`/v1/members/${memberId}/recommendations`).set('Authorization', t.asMember(memberId)).expect(200);
    expect(own.body).toEqual({ memberId, projects: [] });
    // The notifier refuses any other email to the address (match emails, digests, introductions).
    const directory = t.app.get(RecipientDirectory);
    expect(await directory.find(memberId)).toEqual({ reachable: false, memberId, reason: 'unconfirmed' });
    expect(await mailsTo(email)).toHaveLength(1);

    // Confirmed: the member enters the engine, the holder's list, and gets their match email.
    await t.http().post('/v1/members/confirm/resend').send({ email }).expect(202);
    await t.app.get(ConfirmationService).idle();
    const [, second] = await waitUntil(
      () => mailsTo(email),
      (m) => m.length === 2,
      'the second confirmation email',
    );
    await t
      .http()
      .post('/v1/members/confirm')
      .send({ token: tokenOf(second) })
      .expect(200);
    await waitUntil(partners, (ids) => ids.includes(memberId), 'the member among the partners');
    expect(await directory.find(memberId)).toMatchObject({ reachable: true, confirmed: true });
    const mails = await waitUntil(
      () => mailsTo(email),
      (m) => m.length === 3,
      'the match email',
      { timeoutMs: 15_000 },
    );
    expect(mails[2].text).toContain('Jardin');
  });
});

describe('an address not confirmed in time (MEMBER_CONFIRMATION_SECONDS=2)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({ MEMBER_CONFIRMATION_SECONDS: '2' }, [MatcherModule]);
    await t.app.get(MatcherService).ready;
  });
  afterAll(() => t?.close());

  it('is erased as an erasure does (MemberErased, key deleted); a confirmed one is kept', async () => {
    const email = `late.${randomUUID().slice(0, 8)}@example.org`;
    const lateId = await t.registerMember({ email }, { confirmed: false });
    const keptId = await t.registerMember({});
    const stream = async (id: string) => (await t.store.readStream(streamId('member', id))).events;
    const erased = await waitUntil(
      () => stream(lateId),
      (events) => events.some((e) => e.type === 'MemberErased'),
      'the unconfirmed member erased',
      { timeoutMs: 15_000 },
    );
    expect(erased.map((e) => e.type)).toEqual(['MemberRegistered', 'MemberErased']);
    expect(erased[1].data).toMatchObject({ memberId: lateId, reason: 'unconfirmed' });
    const { state } = await aggregateStream(t.store, streamId('member', lateId), memberDecider);
    expect(state.status).toBe('erased');
    const registered = erased[0].data as { pii: string };
    expect(await t.app.get(PersonalDataCipher).open<MemberPersonalData>(lateId, registered.pii)).toBeNull();
    expect(await t.memberIdsOf(email)).toEqual([]);
    // The timer of the confirmed member fell due too, and did nothing.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await stream(keptId)).map((e) => e.type)).toEqual(['MemberRegistered', 'MemberConfirmed']);
  });
});
