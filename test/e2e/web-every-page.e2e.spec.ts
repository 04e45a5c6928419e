import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { LinkSigner } from '@trame/mail';
import { waitUntil } from '@trame/testing';
import { validMember, validProject } from '../../apps/api/test/api-test-app';
import { bodyOf, idOf } from '../../apps/api/test/typed-reads';
import { deleteQueueKeys, freePort, json, kill, newMemberId, startApp, type AppProcess } from './processes';
import { sessionTokensFor } from '../../apps/api/src/auth/session-tokens';
import { screenshot } from './screenshots';

const ROOT = join(__dirname, '..', '..');
const ROUTES = join(ROOT, 'apps', 'web', 'src', 'routes');
const SCREENSHOTS = join(ROOT, '.tmp', 'screenshots', 'every-page');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
];
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LINK_SECRET = 'e2e-every-page-secret-e2e-every-page-secret';
const TOKEN = 'A'.repeat(43);

/** Every page of the web app, as the route files declare them: `/projets/[id]`, … */
function routesOnDisk(dir = ROUTES): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...routesOnDisk(path));
    else if (name === '+page.svelte') found.push(`/${relative(ROUTES, dir).split(sep).join('/')}`.replace(/\/$/, '') || '/');
  }
  return found.sort();
}

type Who = 'visitor' | 'member' | 'holder' | 'referent';
type Ids = { projectId: string; memberId: string; holderId: string; introductionId: string; unsubscribe: string };
/** How to reach each page, as whom, and (for forms) how to show its error state. */
type Visit = { path: (ids: Ids) => string; as: Who; error?: { button: RegExp } };

const VISITS: Record<string, Visit> = {
  '/': { path: () => '/', as: 'visitor' },
  '/au-revoir': { path: () => '/au-revoir', as: 'visitor' },
  '/confirmer': { path: () => '/confirmer', as: 'visitor', error: { button: /Confirmer mon adresse/ } },
  '/connexion': { path: () => '/connexion', as: 'visitor', error: { button: /Recevoir mon lien de connexion/ } },
  '/connexion/code': { path: () => '/connexion/code', as: 'visitor', error: { button: /^Me connecter$/ } },
  '/connexion/lien': { path: () => `/connexion/lien?token=${TOKEN}`, as: 'visitor' },
  '/desabonnement/[memberId]': { path: (i) => `/desabonnement/${i.memberId}?token=${i.unsubscribe}`, as: 'visitor' },
  '/inscription': { path: () => '/inscription', as: 'visitor', error: { button: /Créer mon profil/ } },
  '/mises-en-relation/[id]': { path: (i) => `/mises-en-relation/${i.introductionId}`, as: 'holder' },
  '/moi': { path: () => '/moi', as: 'member' },
  '/moi/a-traiter': { path: () => '/moi/a-traiter', as: 'referent' },
  '/moi/email': { path: () => '/moi/email', as: 'member', error: { button: /Recevoir le lien de confirmation/ } },
  '/moi/email/confirmer': { path: () => `/moi/email/confirmer?token=${TOKEN}`, as: 'visitor' },
  '/moi/mises-en-relation': { path: () => '/moi/mises-en-relation', as: 'member' },
  '/moi/profil': { path: () => '/moi/profil', as: 'member' },
  '/moi/profil/territoires': { path: () => '/moi/profil/territoires', as: 'member' },
  '/moi/projets': { path: () => '/moi/projets', as: 'holder' },
  '/moi/supprimer': { path: () => '/moi/supprimer', as: 'member' },
  '/projets': { path: () => '/projets', as: 'visitor' },
  '/projets/[id]': { path: (i) => `/projets/${i.projectId}`, as: 'holder' },
  '/projets/[id]/clore': { path: (i) => `/projets/${i.projectId}/clore`, as: 'holder', error: { button: /Clore définitivement/ } },
  '/projets/[id]/interesse': { path: (i) => `/projets/${i.projectId}/interesse`, as: 'member' },
  '/projets/[id]/modifier': { path: (i) => `/projets/${i.projectId}/modifier`, as: 'holder' },
  '/projets/nouveau': { path: () => '/projets/nouveau', as: 'holder', error: { button: /Publier le projet/ } },
};

/*
 * Every page of the web app (the list comes from the route files: a new page without a way
 * to reach it here fails the first test), as the person it is for, with JavaScript on (axe's
 * WCAG 2.1 A/AA rules) and off, at 390 px without sideways scrolling; each form also in its
 * error state, in both modes. Screenshots in .tmp/screenshots/every-page.
 */
describe('every page of the web app, as the person it is for (npm start, Chromium, axe)', () => {
  jest.setTimeout(300_000);
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let ids: Ids;
  const tokens: Partial<Record<Who, string>> = {};
  const prefix = `e2e-every-page-${randomUUID()}`;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'trame-every-page-'));
    const port = String(await freePort());
    app = await startApp('standalone', {
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      LINK_SECRET,
    });
    const sessions = sessionTokensFor(LINK_SECRET);
    const issue = (principal: { memberIds?: string[]; referentIds?: string[]; admin?: boolean }) =>
      sessions.issue({ subject: `e2e-${randomUUID()}`, memberIds: [], referentIds: [], admin: false, ...principal });
    const admin = `Bearer ${issue({ admin: true })}`;

    const register = async (displayName: string) => {
      const member = validMember({ displayName, email: `${randomUUID().slice(0, 8)}@trame.test` });
      expect((await json(`${app.url}/v1/members`, 'POST', member)).status).toBe(202);
      return newMemberId(LINK_SECRET, member.email);
    };
    const holderId = await register('Camille Porteuse');
    const memberId = await register('Léa Dubois');
    const holder = `Bearer ${issue({ memberIds: [holderId] })}`;
    const referent = await json(
      `${app.url}/v1/referents`,
      'POST',
      {
        displayName: 'Dominique Roux',
        email: `dominique.${randomUUID().slice(0, 6)}@trame.test`,
        territories: [{ departementCode: '04' }],
      },
      { authorization: admin },
    );
    expect(referent.status).toBe(201);
    const posted = await json(`${app.url}/v1/projects`, 'POST', validProject(holderId), { authorization: holder });
    expect(posted.status).toBe(201);
    const projectId = idOf(posted);
    await waitUntil(
      () => json(`${app.url}/v1/projects/${projectId}`, 'GET'),
      (r) => r.status === 200,
      'the project readable',
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const asked = await json(
      `${app.url}/v1/introductions`,
      'POST',
      { projectId, memberId, requestedBy: 'holder', message: 'Bonjour, venez voir la ferme.' },
      { authorization: holder },
    );
    expect(asked.status).toBe(201);
    const signer = new LinkSigner(Buffer.from(LINK_SECRET, 'utf8'), app.url);
    ids = { projectId, memberId, holderId, introductionId: idOf(asked), unsubscribe: signer.unsubscribeToken(memberId) };
    tokens.member = issue({ memberIds: [memberId] });
    tokens.holder = issue({ memberIds: [holderId] });
    tokens.referent = issue({ referentIds: [bodyOf<{ id: string }>(referent).id] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (app) await kill(app, 'SIGTERM').catch(() => kill(app, 'SIGKILL'));
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('knows how to reach every page the routes declare', () => {
    expect(routesOnDisk().filter((route) => !(route in VISITS))).toEqual([]);
    expect(Object.keys(VISITS).filter((route) => !routesOnDisk().includes(route))).toEqual([]);
  });

  async function as(who: Who, javaScriptEnabled: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const token = tokens[who];
    if (token) await context.addCookies([{ name: 'trame_session', value: token, url: app.url, httpOnly: true, sameSite: 'Lax' }]);
    return context;
  }

  async function check(page: Page, what: string, javaScriptEnabled: boolean): Promise<void> {
    await screenshot(page, join(SCREENSHOTS, `${what.replace(/[^a-z0-9]+/gi, '_')}-${javaScriptEnabled ? 'js' : 'sans-js'}.png`));
    expect({ what, width: await page.evaluate<number>('document.documentElement.scrollWidth') }).toEqual({ what, width: 390 });
    expect({ what, h1: await page.locator('h1').count() }).toEqual({ what, h1: 1 });
    if (!javaScriptEnabled) return;
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
    const summary = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
    expect({ what, violations: summary }).toEqual({ what, violations: [] });
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'on (no axe violation)' : 'off';
    it(`renders each page, and each form's error state, with JavaScript ${mode}`, async () => {
      for (const [route, visit] of Object.entries(VISITS)) {
        const context = await as(visit.as, javaScriptEnabled);
        const page = await context.newPage();
        const response = await page.goto(`${app.url}${visit.path(ids)}`);
        expect({ route, status: response?.status() }).toEqual({ route, status: 200 });
        expect({ route, at: new URL(page.url()).pathname }).toEqual({ route, at: new URL(`${app.url}${visit.path(ids)}`).pathname });
        await check(page, route, javaScriptEnabled);
        if (visit.error) {
          await page.getByRole('button', { name: visit.error.button }).last().click();
          await page.waitForLoadState();
          // The error summary at the top, and the page still in place (nothing typed is lost).
          expect({ route, alert: await page.locator('[role="alert"], .error-summary').count() }).not.toEqual({ route, alert: 0 });
          await check(page, `${route} (erreurs)`, javaScriptEnabled);
        }
        await context.close();
      }
    });
  }
});
