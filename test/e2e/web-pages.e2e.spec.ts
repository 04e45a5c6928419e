import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';
import { waitUntil } from '@trame/testing';
import { validMember, validProject } from '../../apps/api/test/api-test-app';
import { bodyOf, idOf } from '../../apps/api/test/typed-reads';
import { deleteQueueKeys, freePort, json, kill, newMemberId, sessionBearer, startApp, type AppProcess } from './processes';
import { screenshot } from './screenshots';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, '.tmp', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const JS_BUDGET_GZIP = 50 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/*
 * The web app's pages in headless Chromium, served by the built `npm start` process (the web
 * app mounted next to the api): each page with JavaScript on and off, axe-core's WCAG 2.1
 * A/AA rules, the keyboard's first stop (the skip link), no horizontal scrolling at 390 px,
 * no request leaving the machine, the JavaScript weight; screenshots at 390 and 1280 px in
 * .tmp/screenshots for a person to look at.
 */
describe('web pages in a browser (npm start, Chromium)', () => {
  jest.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-web-'));
  const prefix = `e2e-web-${randomUUID()}`;
  const linkSecret = 'e2e-web-secret-e2e-web-secret-e2e-web';
  let app: AppProcess;
  let browser: Browser;
  let projectId: string;
  const blocked: string[] = [];
  const jsBytes = new Map<string, number>();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const port = String(await freePort());
    app = await startApp('standalone', {
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      LINK_SECRET: linkSecret,
    });
    // A holder and two projects, through the api as the pages read them.
    const member = validMember({ displayName: 'Sophie Martin', email: `sophie.${randomUUID().slice(0, 8)}@trame.test` });
    expect((await json(`${app.url}/v1/members`, 'POST', member)).status).toBe(202);
    const holderId = newMemberId(linkSecret, member.email);
    const authorization = sessionBearer(linkSecret, { memberIds: [holderId] });
    const posted = await json(
      `${app.url}/v1/projects`,
      'POST',
      validProject(holderId, {
        description: 'Nous cultivons 2 ha de légumes.\n\nNous cherchons deux associé·es pour le printemps.',
        remoteFriendly: true,
        needs: [
          { role: 'maraîcher·e', skills: ['maraîchage', 'irrigation'], hoursPerWeek: 10, count: 2 },
          { role: 'comptable', skills: ['comptabilité'], hoursPerWeek: 2 },
        ],
      }),
      { authorization },
    );
    expect(posted.status).toBe(201);
    projectId = idOf(posted);
    const repair = validProject(holderId, { title: 'Atelier de réparation de vélos', kind: 'atelier-reparation', stage: 'idea' });
    expect((await json(`${app.url}/v1/projects`, 'POST', repair, { authorization })).status).toBe(201);
    await waitUntil(
      () => json(`${app.url}/v1/projects`, 'GET'),
      (r) => bodyOf<{ items: unknown[] }>(r).items.length === 2,
      'both projects in the list',
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (app) await kill(app, 'SIGTERM').catch(() => kill(app, 'SIGKILL'));
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
    if (jsBytes.size > 0) {
      process.stdout.write(`JavaScript per page (gzip): ${[...jsBytes].map(([p, b]) => `${p} ${(b / 1024).toFixed(1)} kB`).join(', ')}\n`);
    }
  });

  /** A browser context that lets only loopback requests through (the others are recorded, and fail the test). */
  async function contextWith(javaScriptEnabled: boolean, width: number): Promise<BrowserContext> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 900 }, locale: 'fr-FR' });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || LOOPBACK.has(url.hostname)) return route.continue();
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    });
    return context;
  }

  /** Opens a page, checks its status, and counts the JavaScript it loads (gzipped, as served to a browser that accepts it). */
  async function open(page: Page, path: string, status = 200): Promise<void> {
    let bytes = 0;
    const counting = (response: Response) => {
      if (response.request().resourceType() !== 'script') return;
      void response.body().then((body) => (bytes += gzipSync(body).length));
    };
    page.on('response', counting);
    const response = await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(status);
    await page.waitForLoadState('networkidle');
    page.off('response', counting);
    jsBytes.set(path, Math.max(jsBytes.get(path) ?? 0, bytes));
    expect(bytes).toBeLessThanOrEqual(JS_BUDGET_GZIP);
  }

  async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
    const summary = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
    expect({ page: what, violations: summary }).toEqual({ page: what, violations: [] });
  }

  async function expectSkipLinkFirst(page: Page): Promise<void> {
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('class')).toContain('skip-link');
    await page.keyboard.press('Enter');
    // The hash changes after the key press is handled: wait for it rather than read it at once.
    await page.waitForURL((url) => url.hash === '#contenu', { timeout: 5000 });
    expect(new URL(page.url()).hash).toBe('#contenu');
  }

  /** No horizontal scrolling: what is wider than the screen makes a phone user pan sideways. */
  const expectFitsWidth = async (page: Page, width: number) =>
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);

  const pages = () => [
    { name: 'accueil', path: '/', heading: 'Des projets écologiques collectifs' },
    { name: 'projets', path: '/projets', heading: 'Les projets qui cherchent des partenaires' },
    { name: 'projets-filtres', path: '/projets?type=ferme-cooperative&avancement=maturing', heading: 'Les projets' },
    { name: 'projets-lieux', path: '/projets?pres=mane', heading: 'Les projets' },
    { name: 'projet', path: `/projets/${projectId}`, heading: 'Ferme maraîchère coopérative' },
    { name: 'introuvable', path: '/projets/00000000-0000-4000-8000-000000000000', heading: 'Page introuvable', status: 404 },
  ];

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'sans-js';
    const checks = javaScriptEnabled ? 'keyboard, 390 px, no axe violation' : 'keyboard, 390 px';
    it(`renders every page with JavaScript ${javaScriptEnabled ? 'on' : 'off'} (${checks})`, async () => {
      for (const width of [390, 1280]) {
        const context = await contextWith(javaScriptEnabled, width);
        try {
          for (const p of pages()) {
            const page = await context.newPage();
            await open(page, p.path, p.status);
            expect(await page.getAttribute('html', 'lang')).toBe('fr');
            expect(await page.locator('h1').innerText()).toContain(p.heading);
            await screenshot(page, join(SCREENSHOTS, `${p.name}-${mode}-${width}.png`));
            if (width === 390) await expectFitsWidth(page, width);
            // axe-core runs as a script in the page: only where scripts run (the HTML is the same).
            if (javaScriptEnabled) await expectNoAxeViolations(page, `${p.path} at ${width} px`);
            await expectSkipLinkFirst(page);
            await page.close();
          }
        } finally {
          await context.close();
        }
      }
      expect(blocked).toEqual([]);
    });
  }

  it('shows a project with its needs, preview tags and the way to say "interested"', async () => {
    const context = await contextWith(false, 390);
    const page = await context.newPage();
    await open(page, `/projets/${projectId}`);
    const main = page.locator('main');
    for (const text of [
      'Ferme coopérative',
      'En préparation',
      'Forcalquier',
      'maraîchage, irrigation',
      '10 h par semaine',
      '2 personnes',
    ]) {
      await main.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
    }
    await main.getByText('accompagnée par l’équipe du réseau').waitFor({ timeout: 10_000 });
    const meta = (selector: string) => page.getAttribute(selector, 'content');
    expect(await meta('meta[property="og:title"]')).toBe('Ferme maraîchère coopérative');
    expect(await meta('meta[property="og:url"]')).toBe(`${app.url}/projets/${projectId}`);
    expect(await meta('meta[property="og:image"]')).toBe(`${app.url}/og-image.png`);
    expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image');
    expect(await page.getByRole('link', { name: 'Je suis intéressé·e' }).getAttribute('href')).toBe(`/projets/${projectId}/interesse`);
    // The preview image is served (a link preview fetches it).
    expect((await fetch(`${app.url}/og-image.png`)).headers.get('content-type')).toBe('image/png');
    await context.close();
  });

  it('switches to English with a link (no JavaScript) and keeps the choice', async () => {
    const context = await contextWith(false, 390);
    const page = await context.newPage();
    await open(page, '/projets?type=fablab');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${app.url}/projets?type=fablab`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Projects looking for partners');
    await open(page, '/');
    expect(await page.getByRole('link', { name: 'I have a project' }).getAttribute('href')).toBe(
      `/inscription?profil=porteur&retour=${encodeURIComponent('/projets/nouveau')}`,
    );
    expect(await page.getByRole('link', { name: 'I want to help' }).getAttribute('href')).toBe('/inscription');
    await screenshot(page, join(SCREENSHOTS, 'accueil-en-390.png'));
    await open(page, '/nulle-part', 404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    await page.getByRole('link', { name: 'Français' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await context.close();
  });

  it('filters the list with the form and picks a place among several, without JavaScript', async () => {
    const context = await contextWith(false, 390);
    const page = await context.newPage();
    await open(page, '/projets');
    await page.getByRole('heading', { name: '2 projets' }).waitFor({ timeout: 10_000 });
    // The less used filters are folded on a phone; <details> opens without JavaScript.
    await page.getByText('Plus de filtres').click();
    await page.getByLabel('Type de projet').selectOption('atelier-reparation');
    await page.getByRole('button', { name: 'Afficher les projets' }).click();
    await page.getByRole('heading', { name: '1 projet' }).waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: 'Atelier de réparation de vélos' }).waitFor({ timeout: 10_000 });

    await page.getByLabel('Type de projet').selectOption('');
    await page.getByLabel('Près de').fill('mane');
    await page.getByRole('button', { name: 'Afficher les projets' }).click();
    await page.getByRole('link', { name: 'Mane (04300)' }).click();
    await page.getByRole('heading', { name: '2 projets autour de Mane (04300), à moins de 30 km' }).waitFor({ timeout: 10_000 });
    await screenshot(page, join(SCREENSHOTS, 'projets-mane-sans-js-390.png'));
    await context.close();
  });

  it('leaves the api its paths and gives the web app the rest', async () => {
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${app.url}/docs/openapi.json`)).headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${app.url}/v1/projects`)).headers.get('content-type')).toContain('application/json');
    const home = await fetch(`${app.url}/`);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(await home.text()).toContain('Je porte un projet');
  });
});
