import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { simpleParser, type ParsedMail } from 'mailparser';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../libs/mail/src/testing/smtp-sink';
import { validMember, validProject } from '../../apps/api/test/api-test-app';
import { bodyOf, idOf, type IntroductionBody, type RegistrationBody, type SessionBody } from '../../apps/api/test/typed-reads';
import { deleteQueueKeys, kill, startApp, type AppProcess } from './processes';

// E2E_DIST_DIR runs a build compiled aside (dist/ by default, as `npm test` builds it).
const DIST = process.env.E2E_DIST_DIR ?? 'dist';

const ADMIN = 'admin@trame.test';
const HOLDER = { displayName: 'Camille Porteuse', email: 'camille.porteuse@trame.test' };
const MEMBER = { displayName: 'Léa Dubois', email: 'lea.dubois@trame.test' };
const REFERENT = { displayName: 'Dominique Roux', email: 'dominique.roux@trame.test' };
const ADDRESSES = [ADMIN, HOLDER.email, MEMBER.email, REFERENT.email];
const LAST_NAMES = ['Porteuse', 'Dubois', 'Roux'];

/*
 * Issue 5's journey with real processes: the api, the matcher and the notifier as three
 * processes sharing the event log (SQLite in DATA_DIR), read models in MongoDB (FerretDB
 * from jest's global setup, or MONGO_URL), real Redis and an SMTP server on loopback.
 * Every person signs in through the emailed link, like a real user; every API response
 * of the journey is recorded and checked for contact details at the end.
 */
describe('introduction journey near Forcalquier (api, matcher, notifier processes; Redis; MongoDB; SMTP)', () => {
  jest.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-journey-'));
  const prefix = `e2e-journey-${randomUUID()}`;
  const mongoDb = `journey_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const responses: { call: string; status: number; text: string }[] = [];
  let smtp: SmtpSink;
  let apps: AppProcess[] = [];
  let api: AppProcess;

  beforeAll(async () => {
    if (!process.env.MONGO_URL)
      throw new Error('MONGO_URL is not set: the jest global setup (test/services.js) should have started FerretDB');
    smtp = await startSmtpSink();
    const env = {
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      MONGO_URL: process.env.MONGO_URL,
      MONGO_DB: mongoDb,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Trame <bonjour@trame.test>',
      PUBLIC_URL: 'http://trame.test',
      LINK_SECRET: 'journey-secret-journey-secret-journey-secret',
      ADMIN_EMAILS: ADMIN,
      NOTIFIER_PORT: '0',
      NOTIFIER_BACKOFF_MS: '100',
      // `info`: startApp waits for the "<app> started" log line.
      LOG_LEVEL: 'info',
    };
    // One by one, so that afterAll stops whatever started if one of them fails to.
    api = await startApp('api', env, { distDir: DIST });
    apps.push(api);
    apps.push(await startApp('matcher', env, { distDir: DIST }));
    apps.push(await startApp('notifier', env, { distDir: DIST }));
  });

  afterAll(async () => {
    await Promise.all(apps.map((p) => kill(p, 'SIGTERM').catch(() => kill(p, 'SIGKILL'))));
    apps = [];
    await smtp?.close();
    await deleteQueueKeys(prefix);
    if (process.env.MONGO_URL) {
      const client = await MongoClient.connect(process.env.MONGO_URL);
      await client
        .db(mongoDb)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every call goes through here, so that every response body is checked at the end. */
  async function call(method: string, path: string, body?: unknown, token?: string) {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    responses.push({ call: `${method} ${path}`, status: res.status, text });
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // HTML pages stay text.
    }
    return { status: res.status, body: parsed, text };
  }

  /** Links in emails point at PUBLIC_URL; the test reaches the same paths on the api process. */
  const linksOf = (mail: ParsedMail) => [...(mail.text ?? '').matchAll(/https?:\/\/trame\.test\/[^\s>)"\]]+/g)].map((m) => m[0]);

  /** The first email to `to` (after `after` emails already seen) whose text matches `pattern`. */
  async function mailTo(to: string, pattern: RegExp, timeoutMs = 60_000): Promise<ParsedMail> {
    const find = async () => {
      for (const message of smtp.messages) {
        if (!message.to.includes(to)) continue;
        const mail = await simpleParser(message.raw);
        if (pattern.test(`${mail.subject}\n${mail.text}`)) return mail;
      }
      return undefined;
    };
    return (await waitUntil(find, (mail) => mail !== undefined, `an email to ${to} matching ${pattern}`, {
      timeoutMs,
      intervalMs: 100,
      context: () => apps.map((p) => p.output().slice(-2000)).join('\n'),
    }))!;
  }

  /**
   * The session of the link in the `n`-th email (0-based) to `email`, exchanged as the page's button does: a
   * sign-in link's token at `/v1/auth/token`, a confirmation link's (a registration's email, to the web page
   * `/confirmer`) at `/v1/members/confirm`.
   */
  async function sessionFromEmail(email: string, n: number): Promise<SessionBody> {
    await waitUntil(
      () => smtp.messages.filter((m) => m.to.includes(email)).length,
      (count) => count > n,
      `sign-in email to ${email}`,
      { timeoutMs: 30_000 },
    );
    const message = smtp.messages.filter((m) => m.to.includes(email))[n];
    const mail = await simpleParser(message.raw);
    const link = linksOf(mail).find((l) => /[?&]token=/.test(l));
    expect(link).toBeDefined();
    const url = new URL(link!);
    const token = url.searchParams.get('token')!;
    const res = await call('POST', url.pathname === '/confirmer' ? '/v1/members/confirm' : '/v1/auth/token', { token });
    expect(res.status).toBe(200);
    return bodyOf<SessionBody>(res);
  }

  /** Passwordless sign-in as a real user does it: ask for a link, open it, exchange the token. */
  async function signIn(email: string): Promise<string> {
    const before = smtp.messages.filter((m) => m.to.includes(email)).length;
    expect((await call('POST', '/v1/auth/link', { email })).status).toBe(202);
    return (await sessionFromEmail(email, before)).accessToken;
  }

  const JOURNEY =
    'holder requests, the commune referent approves by email, the member accepts: ' +
    'both get each other’s address, no API response ever holds one';
  it(JOURNEY, async () => {
    // The admin appoints the referent of Forcalquier (commune 04088).
    const admin = await signIn(ADMIN);
    const appointed = await call('POST', '/v1/referents', { ...REFERENT, territories: [{ communeCode: '04088' }] }, admin);
    expect(appointed.status).toBe(201);
    const referentId = idOf(appointed);

    // The holder and a member living in Mane (04300, 4 km away) register.
    const holder = await call('POST', '/v1/members', validMember({ ...HOLDER, skills: ['comptabilité'], notify: 'never' }));
    expect(holder.status).toBe(202);
    const member = await call(
      'POST',
      '/v1/members',
      validMember({
        ...MEMBER,
        skills: ['maraîchage', 'menuiserie'],
        territories: [{ communeCode: '04111', radiusKm: 20 }],
        availability: { hoursPerWeek: 12 },
        notify: 'never',
      }),
    );
    expect(member.status).toBe(202);
    // Neither answer names an account: each learns their id by confirming their address with the link the registration
    // emailed (double opt-in), which signs them in.
    expect(bodyOf<RegistrationBody>(member).message).toBe(bodyOf<RegistrationBody>(holder).message);
    const holderSession = await sessionFromEmail(HOLDER.email, 0);
    const [holderId] = holderSession.memberIds;
    const [memberId] = (await sessionFromEmail(MEMBER.email, 0)).memberIds;
    expect([holderId, memberId]).toEqual([expect.any(String), expect.any(String)]);

    // The holder posts a project near Forcalquier and sees the member recommended.
    const holderToken = holderSession.accessToken;
    const project = await call('POST', '/v1/projects', validProject(holderId), holderToken);
    expect(project.status).toBe(201);
    const projectId = idOf(project);
    const recommendations = await waitUntil(
      () => call('GET', `/v1/projects/${projectId}/recommendations`, undefined, holderToken),
      (r) =>
        r.status === 200 &&
        (bodyOf<{ partners?: { memberId?: string; id?: string }[] }>(r).partners ?? []).some((p) => (p.memberId ?? p.id) === memberId),
      'the member among the project’s partners',
      { timeoutMs: 30_000, intervalMs: 200, context: () => JSON.stringify(responses.at(-1)) },
    );
    const { referents } = bodyOf<{ referents: { id?: string; referentId?: string }[] }>(recommendations);
    expect(referents.map((r) => r.id ?? r.referentId)).toContain(referentId);

    // The holder asks for an introduction.
    const requested = await call(
      'POST',
      '/v1/introductions',
      { projectId, memberId, requestedBy: 'holder', message: 'Bonjour Léa, votre expérience en maraîchage nous intéresse.' },
      holderToken,
    );
    expect(requested.status).toBe(201);
    const introductionId = idOf(requested);

    // The commune's referent gets the request with a link, opens it and approves.
    const request = await mailTo(REFERENT.email, new RegExp(introductionId.slice(0, 8) + '|Ferme maraîchère coopérative'));
    // The link opens the web page; the api's own page answers the same query (older emails point there).
    const referentLink = linksOf(request).find((l) => l.includes(`/mises-en-relation/${introductionId}?`));
    expect(referentLink).toBeDefined();
    const apiPage = (link: string, action = 'respond') => `/v1/introductions/${introductionId}/${action}${new URL(link).search}`;
    const page = await call('GET', apiPage(referentLink!));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ferme maraîchère coopérative');
    const approveUrl = apiPage(referentLink!, 'approve');
    expect((await call('POST', approveUrl, { note: 'Belle rencontre en perspective.' })).status).toBe(200);

    // The member is asked for consent, opens the link and accepts.
    const asked = await mailTo(MEMBER.email, /accept/i);
    const memberLink = linksOf(asked).find((l) => l.includes(`/mises-en-relation/${introductionId}?`));
    expect(memberLink).toBeDefined();
    expect(new URL(memberLink!).searchParams.get('as')).toBe(memberId);
    expect((await call('GET', apiPage(memberLink!))).status).toBe(200);
    expect((await call('POST', apiPage(memberLink!, 'accept'))).status).toBe(200);

    // Both are introduced, each with the other's address and the holder's message.
    const toHolder = await mailTo(HOLDER.email, new RegExp(MEMBER.email.replace('.', '\\.')));
    const toMember = await mailTo(MEMBER.email, new RegExp(HOLDER.email.replace('.', '\\.')));
    expect(toHolder.text).toContain(MEMBER.displayName);
    expect(toMember.text).toContain(HOLDER.displayName);
    expect(toMember.text).toContain('votre expérience en maraîchage');

    // The status and history, as the holder sees them.
    const status = await call('GET', `/v1/introductions/${introductionId}`, undefined, holderToken);
    expect(status.status).toBe(200);
    const introduction = bodyOf<IntroductionBody>(status);
    expect(introduction.status).toBe('introduced');
    expect(introduction.history.map((h) => h.type)).toEqual(['IntroductionRequested', 'IntroductionApproved', 'IntroductionAccepted']);

    // No API response of the whole journey held an address or a last name.
    expect(responses.length).toBeGreaterThan(10);
    for (const { call: what, text } of responses) {
      for (const address of ADDRESSES) expect({ what, leaked: text.includes(address) }).toEqual({ what, leaked: false });
      expect({ what, at: /[\w.+-]+@[\w-]+\.[\w.-]+/.test(text) }).toEqual({ what, at: false });
      for (const name of LAST_NAMES) expect({ what, leaked: text.includes(name) }).toEqual({ what, leaked: false });
    }
  });
});
