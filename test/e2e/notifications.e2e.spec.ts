import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SqliteEventStore } from '@trame/event-store';
import { startSmtpSink, type SmtpSink } from '../../libs/mail/src/testing/smtp-sink';
import { validMember, validProject } from '../../apps/api/test/api-test-app';
import { idOf } from '../../apps/api/test/typed-reads';
import { deleteQueueKeys, json, kill, newMemberId, sessionBearer, startApp, type AppProcess } from './processes';

const ROOT = join(__dirname, '..', '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// E2E_DIST_DIR runs a build compiled aside (dist/ by default, as `npm test` builds it).
const DIST = process.env.E2E_DIST_DIR ?? 'dist';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/*
 * Issue 4's end-to-end check with real processes: the api, the matcher and the notifier,
 * real Redis and a real SMTP server on loopback; emails parsed with mailparser.
 */
describe('notifications end to end (api, matcher, notifier processes; Redis; SMTP on loopback)', () => {
  jest.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-notify-'));
  const prefix = `e2e-notify-${randomUUID()}`;
  let smtp: SmtpSink;
  let api: AppProcess;
  let matcher: AppProcess;
  let notifier: AppProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    env = {
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Trame <bonjour@trame.test>',
      PUBLIC_URL: 'http://trame.test',
      LINK_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
      NOTIFIER_PORT: '0',
      NOTIFIER_BACKOFF_MS: '100',
      // `info`: startApp waits for the "<app> started" log line.
      LOG_LEVEL: 'info',
    };
    // One by one, so that afterAll stops whatever started if one of them fails to.
    api = await startApp('api', env, { distDir: DIST });
    matcher = await startApp('matcher', env, { distDir: DIST });
    notifier = await startApp('notifier', env, { distDir: DIST });
  });

  afterAll(async () => {
    await Promise.all([api, matcher, notifier].filter(Boolean).map((p) => kill(p, 'SIGTERM').catch(() => kill(p, 'SIGKILL'))));
    await smtp?.close();
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Registers, waits for the confirmation a registration emails and follows it (double opt-in: nothing is matched or
   * mailed before), so the counts below are of match emails only.
   */
  const register = async (overrides: Record<string, unknown>) => {
    const member = validMember(overrides);
    const before = smtp.messages.length;
    const res = await json(`${api.url}/v1/members`, 'POST', member);
    expect(res.status).toBe(202);
    const welcome = await simpleParser((await smtp.waitFor(before + 1, 60_000))[before].raw);
    const token = /\/confirmer\?token=([A-Za-z0-9_-]{43})\b/.exec(welcome.text ?? '')?.[1];
    expect((await json(`${api.url}/v1/members/confirm`, 'POST', { token })).status).toBe(200);
    return newMemberId(env.LINK_SECRET, member.email);
  };
  const parsed = async (count: number): Promise<ParsedMail[]> =>
    Promise.all((await smtp.waitFor(count, 60_000)).map((m) => simpleParser(m.raw)));
  /** A header's raw value (mailparser folds List-* headers into a structure; the raw line is what clients read). */
  const header = (mail: ParsedMail, key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, '');
  const unsubscribeUrl = (mail: ParsedMail) => /<([^>]+)>/.exec(header(mail, 'list-unsubscribe') ?? '')?.[1];
  const recipientsOf = (mails: ParsedMail[]) => mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address).sort();

  it('mails exactly the two instant partners, with reasons and a one-click unsubscribe; the weekly one gets one digest', async () => {
    const lea = await register({ displayName: 'Léa Dubois', email: 'lea@trame.test', skills: ['maraîchage'] });
    const hugo = await register({
      displayName: 'Hugo Marchand',
      email: 'hugo@trame.test',
      skills: ['Maraichages', 'apiculture'],
      locale: 'en',
    });
    const nora = await register({ displayName: 'Nora Semaine', email: 'nora@trame.test', skills: ['maraîchage'], notify: 'weekly' });
    await register({
      displayName: 'Loin Ailleurs',
      email: 'loin@trame.test',
      skills: ['maraîchage'],
      territories: [{ postcode: '59000', radiusKm: 10 }],
    });
    // The holder reads their partners in a daily digest: no instant email for them.
    const holder = await register({ displayName: 'Camille Porteuse', email: 'camille@trame.test', skills: [], notify: 'daily' });
    // Each registration's confirmation came first (one each, awaited by `register`); what follows are match emails.
    const welcomes = smtp.messages.length;
    expect(welcomes).toBe(5);
    const project = await json(
      `${api.url}/v1/projects`,
      'POST',
      validProject(holder, { needs: [{ role: 'maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 4 }] }),
      {
        authorization: sessionBearer(env.LINK_SECRET, { memberIds: [holder] }),
      },
    );
    expect(project.status).toBe(201);

    const mails = (await parsed(welcomes + 2)).slice(welcomes);
    await sleep(2000);
    expect(smtp.messages).toHaveLength(welcomes + 2);
    expect(recipientsOf(mails)).toEqual(['hugo@trame.test', 'lea@trame.test']);
    for (const mail of mails) {
      const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address!;
      const memberId = to.startsWith('lea') ? lea : hugo;
      expect(mail.subject).toBeTruthy();
      expect(mail.text).toContain('Ferme maraîchère coopérative');
      // The reasons of the match, French first for Léa, English first for Hugo (both present).
      expect(mail.text).toMatch(/compétence/);
      expect(mail.text).toMatch(/skill/);
      expect(unsubscribeUrl(mail)).toContain(`http://trame.test/v1/members/${memberId}/unsubscribe?token=`);
      expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.messageId).toContain(idOf(project));
      // Only the recipient's own address is in the email: nobody else's.
      expect(mail.text!.match(/[\w.+-]+@[\w.-]+/g) ?? []).toEqual([]);
    }

    // RFC 8058: the mail client POSTs the one-click body to the header's URL.
    const leaMail = mails.find((m) => recipientsOf([m])[0] === 'lea@trame.test')!;
    const oneClick = unsubscribeUrl(leaMail)!.replace('http://trame.test', api.url);
    const res = await fetch(oneClick, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const { events } = await store.readStream(`member-${lea}`);
    await store.close();
    expect(events.map((e) => [e.type, (e.data as { notify?: string }).notify])).toContainEqual(['MemberNotificationsChanged', 'never']);

    // The weekly tick: Nora's digest, once; a second tick with nothing new sends nothing.
    const digest = new Queue('digest', { connection: { url: REDIS_URL }, prefix });
    try {
      await digest.add('tick', { frequency: 'weekly', periodEnd: '2026-11-23T07:00:00.000Z' }, { jobId: `e2e-weekly-1` });
      const [third] = (await parsed(welcomes + 3)).slice(welcomes).filter((m) => recipientsOf([m])[0] === 'nora@trame.test');
      expect(third).toBeDefined();
      expect(third.text).toContain('Ferme maraîchère coopérative');
      await digest.add('tick', { frequency: 'weekly', periodEnd: '2026-11-30T07:00:00.000Z' }, { jobId: `e2e-weekly-2` });
      await sleep(2000);
      expect(smtp.messages).toHaveLength(welcomes + 3);
      expect(nora).toBeDefined();
    } finally {
      await digest.close();
    }

    // Replay: a rebuild of the read models, then a matcher restarted from scratch (its
    // in-memory read models are rebuilt and every list re-published): no new email.
    await promisify(execFile)(process.execPath, [join(ROOT, DIST, 'apps/matcher/src/rebuild.js')], {
      cwd: ROOT,
      env: { ...process.env, ...env, MONGO_URL: '', EVENTSTORE_URL: '' },
    });
    await kill(matcher, 'SIGTERM');
    matcher = await startApp('matcher', env, { distDir: DIST });
    await sleep(3000);
    expect(smtp.messages).toHaveLength(welcomes + 3);
  });
});
