import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { simpleParser, type ParsedMail } from 'mailparser';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { LinkSigner, signInToken, signInTokenHash } from '@trame/mail';
import { QUEUES, REDIS, type SignInEmailJob } from '@trame/messaging';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { SignInService } from '../src/auth/sign-in.service';
import { ConfirmationService } from '../src/members/confirmation.service';
import { createApiTestApp, type ApiTestApp, validMember } from './api-test-app';
import { bodyOf, type ErrorBody, idOf, type SessionBody } from './typed-reads';

/*
 * Passwordless sign-in over HTTP, with the notifier's workers in the same process (as under
 * `npm start`) and a real SMTP server on loopback: link requested → email → token
 * exchanged once → the session works.
 */

const ADMIN = 'alix.admin@example.org';
const TOKEN_IN_LINK = /http:\/\/trame\.test\/connexion\/lien\?token=([A-Za-z0-9_-]{43})\b/;

/** Every key under the prefix with its value (strings and hashes: what sign-in and BullMQ jobs use). */
async function redisText(redis: Redis, prefix: string): Promise<string> {
  const keys = await redis.keys(`${prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    const value = type === 'string' ? await redis.get(key) : type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : '';
    parts.push(`${key} ${value}`);
  }
  return parts.join('\n');
}

describe('sign-in by emailed link (api + notifier, real Redis and SMTP)', () => {
  let smtp: SmtpSink;
  let t: ApiTestApp;
  let redis: Redis;
  let queue: Queue<SignInEmailJob>;
  const prefix = `test-sign-in-${randomUUID()}`;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createApiTestApp(
      {
        QUEUE_PREFIX: prefix,
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'http://trame.test',
        ADMIN_EMAILS: ` ${ADMIN.toUpperCase()} , ops@example.org`,
      },
      [NotifierModule],
    );
    redis = t.app.get<Redis>(REDIS);
    queue = t.app.get<Queue<SignInEmailJob>>(getQueueToken(QUEUES.signIn));
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const queuedJobs = async () =>
    Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).reduce((a, b) => a + b, 0);
  const confirmationJobs = async () =>
    Object.values(
      await t.app.get<Queue>(getQueueToken(QUEUES.confirmation)).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed'),
    ).reduce((a, b) => a + b, 0);
  /** Registers a member and waits until the email a registration sends (a confirmation) has gone (so later counts start clean). */
  const register = async (overrides: Record<string, unknown>) => {
    const id = await t.registerMember(overrides);
    await t.app.get(SignInService).idle();
    await t.app.get(ConfirmationService).idle();
    await waitUntil(
      async () => (await queuedJobs()) + (await confirmationJobs()),
      (n) => n === 0,
      'the registration’s email to be sent',
    );
    return id;
  };
  /** Requests a link and waits until the api has done the work it does after answering. */
  const requestLink = async (email: string) => {
    const res = await t.http().post('/v1/auth/link').send({ email }).expect(202);
    await t.app.get(SignInService).idle();
    return res;
  };
  /** The n-th email received (1-based), parsed. */
  const mail = async (n: number): Promise<ParsedMail> => simpleParser((await smtp.waitFor(n, 15_000))[n - 1].raw);
  const tokenOf = (m: ParsedMail) => TOKEN_IN_LINK.exec(m.text ?? '')?.[1];
  const recipientOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address;
  const exchange = (token: unknown) => t.http().post('/v1/auth/token').send({ token });

  it('a member who is also a referent gets one link; exchanged once, it gives a session of both accounts', async () => {
    const email = `camille.${randomUUID().slice(0, 8)}@example.org`;
    const memberId = await register({ displayName: 'Camille Martin', email });
    const referentId = idOf(
      await t
        .http()
        .post('/v1/referents')
        .set('Authorization', t.asAdmin())
        .send({ displayName: 'Camille Martin', email: email.toUpperCase(), territories: [{ communeCode: '04088' }] })
        .expect(201),
    );

    const sent = smtp.messages.length;
    // Case and surrounding spaces do not matter: addresses are compared normalised.
    const res = await requestLink(email.replace('camille', 'Camille'));
    expect(res.body).toEqual({ message: expect.stringMatching(/lien de connexion.* \/ .*sign-in link/) });
    const m = await mail(sent + 1);
    expect(recipientOf(m)).toBe(email);
    expect(m.subject).toMatch(/^Votre lien de connexion à Trame · Your Trame sign-in link$/);
    expect(m.text!.indexOf('Bonjour Camille')).toBeLessThan(m.text!.indexOf('Hello Camille'));
    expect(m.text).toMatch(/15 minutes/);
    expect(m.headers.get('list-unsubscribe')).toBeUndefined();
    const token = tokenOf(m)!;
    expect(token).toBeDefined();

    // Redis holds neither the address nor the token: only the token's sha256.
    const stored = await redisText(redis, prefix);
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(token);
    expect(stored).toContain(signInTokenHash(token));

    // The page the link opens changes nothing (mail scanners follow links).
    const page = await t.http().get(`/v1/auth/sign-in?token=${token}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<form method="post" action="token">');
    expect(page.text).toContain(`name="token" value="${token}"`);
    expect(page.text.indexOf('Se connecter')).toBeLessThan(page.text.indexOf('Sign in to Trame'));

    const session = await exchange(token).expect(200);
    expect(session.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      memberIds: [memberId],
      referentIds: [referentId],
      admin: false,
    });
    expect(JSON.stringify(session.body)).not.toContain('@');

    // The session works for this member's own profile, and for nobody else's.
    const auth = `Bearer ${bodyOf<SessionBody>(session).accessToken}`;
    await t
      .http()
      .put(`/v1/members/${memberId}/skills`)
      .set('Authorization', auth)
      .send({ skills: ['apiculture'] })
      .expect(200);
    const other = await t.registerMember();
    await t
      .http()
      .put(`/v1/members/${other}/skills`)
      .set('Authorization', auth)
      .send({ skills: ['apiculture'] })
      .expect(403);

    // Single use.
    const again = await exchange(token).expect(401);
    expect(again.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: [expect.stringMatching(/^Ce lien de connexion n’est pas valide.* \/ This sign-in link is not valid/)],
    });
  });

  it('an address without an account gets the same 202 and nothing is queued or mailed; nor for an erased member', async () => {
    const known = `lea.${randomUUID().slice(0, 8)}@example.org`;
    const knownId = await register({ email: known });
    const tokenKeys = async () => (await redis.keys(`${prefix}:sign-in:token:*`)).length;
    const jobs = queuedJobs;

    const answerForKnown = bodyOf<unknown>(await requestLink(known));
    await waitUntil(
      () => jobs(),
      (n) => n === 0,
      'the known address’s email to be sent',
    );
    const [keysBefore, mailsBefore] = [await tokenKeys(), smtp.messages.length];

    const unknown = await requestLink(`nobody.${randomUUID().slice(0, 8)}@example.org`);
    expect(unknown.body).toEqual(answerForKnown);
    await t.http().delete(`/v1/members/${knownId}`).set('Authorization', t.asMember(knownId)).expect(204);
    expect((await requestLink(known)).body).toEqual(answerForKnown);

    expect(await jobs()).toBe(0);
    expect(await tokenKeys()).toBe(keysBefore);
    expect(smtp.messages.length).toBe(mailsBefore);
  });

  it('one member per address: a new address is registered and sent a link; again, a sign-in link and no second profile', async () => {
    const email = `yann.${randomUUID().slice(0, 8)}@example.org`;
    const registered = async () => (await t.allEvents()).filter((e) => e.type === 'MemberRegistered').length;
    const sent = smtp.messages.length;
    const first = await t
      .http()
      .post('/v1/members')
      .send(validMember({ displayName: 'Yann Le Goff', email }))
      .expect(202);
    expect(first.body).toEqual({ message: expect.stringMatching(/^Merci ! .* \/ Thank you! /), notes: expect.any(Array) });
    expect(JSON.stringify(first.body)).not.toMatch(/@|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await t.app.get(ConfirmationService).idle();
    // The new address is asked to confirm it (double opt-in); confirming signs in, and the session tells the id.
    const welcome = await mail(sent + 1);
    expect(recipientOf(welcome)).toBe(email);
    expect(welcome.subject).toMatch(/^Confirmez votre adresse/);
    const confirmToken = /\/confirmer\?token=([A-Za-z0-9_-]{43})\b/.exec(welcome.text ?? '')?.[1];
    const session = bodyOf<SessionBody>(await t.http().post('/v1/members/confirm').send({ token: confirmToken }).expect(200));
    expect(session.memberIds).toHaveLength(1);
    const [memberId] = session.memberIds;
    const count = await registered();

    const again = await t
      .http()
      .post('/v1/members')
      .send(validMember({ displayName: 'Quelqu’un d’Autre', email: email.toUpperCase(), skills: ['vannerie'] }))
      .expect(202);
    expect(again.body).toEqual(first.body);
    await t.app.get(SignInService).idle();
    const link = await mail(sent + 2);
    expect(recipientOf(link)).toBe(email);
    expect(link.subject).toMatch(/lien de connexion/);
    // Written to the account that exists, not to the name typed the second time.
    expect(link.text).toContain('Bonjour Yann');
    expect(bodyOf<SessionBody>(await exchange(tokenOf(link)).expect(200)).memberIds).toEqual([memberId]);
    expect(await registered()).toBe(count);
    expect((await t.store.readStream(`member-${memberId}`)).events.map((e) => e.type)).toEqual(['MemberRegistered', 'MemberConfirmed']);
  });

  it('an address listed only in ADMIN_EMAILS gets a link to an admin session', async () => {
    const sent = smtp.messages.length;
    await requestLink(ADMIN);
    const m = await mail(sent + 1);
    expect(recipientOf(m)).toBe(ADMIN);
    const job = (await queue.getJobs(['completed', 'waiting', 'active'])).find((j) => j.data.recipient.kind === 'admin');
    // If the job is still kept, it names the ADMIN_EMAILS entry by hash, not by address.
    if (job) expect(JSON.stringify(job.data)).not.toContain('@');
    const session = await exchange(tokenOf(m)).expect(200);
    expect(session.body).toMatchObject({ memberIds: [], referentIds: [], admin: true });
    const auth = `Bearer ${bodyOf<SessionBody>(session).accessToken}`;
    await t.http().get('/v1/admin/queues/failed').set('Authorization', auth).expect(200);
    await t
      .http()
      .post('/v1/referents')
      .set('Authorization', auth)
      .send({ displayName: 'Sam Girard', email: `sam.${randomUUID().slice(0, 8)}@example.org`, territories: [{ departementCode: '04' }] })
      .expect(201);
  });

  it('the page’s form flow: a page with the session token, then a page saying the link is spent', async () => {
    const email = `noe.${randomUUID().slice(0, 8)}@example.org`;
    await register({ displayName: 'Noé Vidal', email });
    const sent = smtp.messages.length;
    await requestLink(email);
    const token = tokenOf(await mail(sent + 1))!;
    const form = () => t.http().post('/v1/auth/token').set('Accept', 'text/html').type('form').send(`token=${token}`);
    const first = await form().expect(200);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    const jwt = /<textarea readonly rows="6">([^<]+)<\/textarea>/.exec(first.text)?.[1];
    expect(jwt).toBeDefined();
    expect(first.text).not.toContain('@');
    const second = await form().expect(401);
    expect(second.text).toContain('a déjà servi ou a expiré');
    expect(second.text).not.toContain('<textarea');
  });

  it('the email also holds a 6-digit code, in large type, that signs in once and spends the link', async () => {
    const email = `rose.${randomUUID().slice(0, 8)}@example.org`;
    const memberId = await register({ displayName: 'Rose Blanc', email });
    const sent = smtp.messages.length;
    await requestLink(email);
    const m = await mail(sent + 1);
    const code = /\n {4}(\d{3}) (\d{3})\n/.exec(m.text ?? '');
    expect(code).not.toBeNull();
    expect(m.text).toMatch(/Le code et le lien sont valables 15 minutes/);
    expect(m.text).toMatch(/The code and the link are valid for 15 minutes/);
    expect(m.html).toMatch(new RegExp(`font-size:32px[^>]*>${code![1]} ${code![2]}<`));
    const session = await t
      .http()
      .post('/v1/auth/code')
      .send({ email, code: `${code![1]}${code![2]}` })
      .expect(200);
    expect(bodyOf<SessionBody>(session).memberIds).toEqual([memberId]);
    await exchange(tokenOf(m)).expect(401);
  });

  it('refuses a bad address (400 naming email), and a missing or malformed token', async () => {
    const bad = await t.http().post('/v1/auth/link').send({ email: 'pas-une-adresse' }).expect(400);
    expect(bodyOf<ErrorBody>(bad).message).toEqual([expect.stringMatching(/^email: /)]);
    const missing = await t.http().post('/v1/auth/token').send({}).expect(400);
    expect(bodyOf<ErrorBody>(missing).message).toEqual([expect.stringMatching(/^token: /)]);
    await exchange('a'.repeat(10)).expect(401);
    // Well-formed but never issued.
    await exchange('A'.repeat(43)).expect(401);
    await t.http().get('/v1/auth/sign-in?token=abc').expect(400);
  });
});

describe('sign-in link expiry (SIGN_IN_LINK_TTL_SECONDS=1)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp({ SIGN_IN_LINK_TTL_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('an expired token is a 401, like a used one', async () => {
    const email = `ines.${randomUUID().slice(0, 8)}@example.org`;
    await t.registerMember({ email });
    await t.app.get(SignInService).idle();
    // No notifier here: the token is derived from the queued job, as the notifier would.
    const queue = t.app.get<Queue<SignInEmailJob>>(getQueueToken(QUEUES.signIn));
    const registrationJobs = new Set((await queue.getJobs(['waiting'])).map((j) => j.id));
    await t.http().post('/v1/auth/link').send({ email }).expect(202);
    await t.app.get(SignInService).idle();
    const [job] = (await queue.getJobs(['waiting'])).filter((j) => !registrationJobs.has(j.id));
    const token = signInToken(t.app.get(LinkSigner), job.data.requestId);
    expect(Date.parse(job.data.expiresAt) - Date.parse(job.data.requestedAt)).toBe(1000);
    const redis = t.app.get<Redis>(REDIS);
    const { QUEUE_PREFIX } = t.app.get<TrameConfig>(TRAME_CONFIG);
    const key = `${QUEUE_PREFIX}:sign-in:token:${signInTokenHash(token)}`;
    expect(await redis.exists(key)).toBe(1);
    await waitUntil(
      () => redis.exists(key),
      (n) => n === 0,
      'the token to expire',
      { timeoutMs: 5000, intervalMs: 100 },
    );
    const res = await t.http().post('/v1/auth/token').send({ token }).expect(401);
    expect(bodyOf<ErrorBody>(res).message[0]).toMatch(/expiré.* \/ .*expired/);
  });
});
