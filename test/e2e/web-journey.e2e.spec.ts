import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { simpleParser, type ParsedMail } from 'mailparser';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { waitUntil } from '@trame/testing';
import { deleteQueueKeys, freePort, json, kill, sessionBearer, startApp, type AppProcess } from './processes';
import { screenshot } from './screenshots';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, '.tmp', 'screenshots', 'journey');
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
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LINK_SECRET = 'e2e-journey-secret-e2e-journey-secret-e2e';

/*
 * The journey, through the browser only, on the built `npm start` process (api,
 * matcher, notifier and web app in one; emails as files in DATA_DIR/outbox): a member signs
 * up and confirms with the emailed code; a holder signs in with the 6-digit code, posts a
 * project, sees the member among the partners with reasons in words and asks for an
 * introduction; the referent approves from the emailed link (no session); the member
 * accepts in the web app; both get the "introduced" email. Once with JavaScript, once
 * without. Only setup goes through the api: the admin appointing the referent and the
 * holder's account (the admin pages come in a later issue). Every page: screenshots at 390
 * and 1280 px in .tmp/screenshots/journey, and axe-core's WCAG 2.1 A/AA rules (where
 * scripts run).
 */
describe('the web journey in a browser: sign up, post a project, introduce (npm start, Chromium)', () => {
  jest.setTimeout(300_000);
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  const prefix = `e2e-web-journey-${randomUUID()}`;
  const blocked: string[] = [];
  const dominique = 'dominique.roux@trame.test';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'trame-web-journey-'));
    const port = String(await freePort());
    app = await startApp('standalone', {
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      LINK_SECRET,
      ADMIN_EMAILS: 'admin@trame.test',
      NOTIFIER_BACKOFF_MS: '100',
    });
    // The referent of the Alpes-de-Haute-Provence, appointed by the admin (the admin pages come later).
    const appointed = await json(
      `${app.url}/v1/referents`,
      'POST',
      { displayName: 'Dominique Roux', email: dominique, territories: [{ departementCode: '04' }] },
      { authorization: sessionBearer(LINK_SECRET, { admin: true }) },
    );
    expect(appointed.status).toBe(201);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (app) await kill(app, 'SIGTERM').catch(() => kill(app, 'SIGKILL'));
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  // ── emails, read from the outbox as a person reads their inbox ──────────────────────

  async function mailsTo(address: string): Promise<ParsedMail[]> {
    const outbox = join(dataDir, 'outbox');
    let files: string[];
    try {
      files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    } catch {
      return []; // No email yet: the outbox folder is created with the first one.
    }
    const mails = await Promise.all(files.map((f) => simpleParser(readFileSync(join(outbox, f)))));
    const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));
    return mails.filter((m) => to(m).includes(address)).sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0));
  }

  /** The newest email to `address` whose subject or text matches `pattern`, that `seen` did not hold yet. */
  async function mailTo(address: string, pattern: RegExp, seen: readonly string[] = []): Promise<ParsedMail> {
    const found = await waitUntil(
      async () =>
        (await mailsTo(address)).filter((m) => !seen.includes(m.messageId ?? '') && pattern.test(`${m.subject}\n${m.text}`)).pop(),
      (mail) => mail !== undefined,
      `an email to ${address} matching ${pattern}`,
      { timeoutMs: 60_000, intervalMs: 200, context: () => app.output().slice(-3000) },
    );
    return found!;
  }
  const seenBy = async (address: string) => (await mailsTo(address)).map((m) => m.messageId ?? '');
  const codeIn = (mail: ParsedMail) =>
    /\b(\d{3}) ?(\d{3})\b/
      .exec(mail.text ?? '')!
      .slice(1)
      .join('');
  const linkIn = (mail: ParsedMail, path: RegExp) => {
    const link = [...(mail.text ?? '').matchAll(/https?:\/\/[^\s>)"\]]+/g)].map((m) => m[0]).find((l) => path.test(new URL(l).pathname));
    if (!link) throw new Error(`no link to ${path} in:\n${mail.text}`);
    return link;
  };

  // ── the browser ───────────────────────────────────────────────────────────────────

  async function person(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || LOOPBACK.has(url.hostname)) return route.continue();
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    });
    return { context, page: await context.newPage() };
  }

  /** Each page a person meets: screenshots at 390 and 1280 px, and no axe violation where scripts run. */
  async function look(page: Page, name: string, mode: string, javaScriptEnabled: boolean): Promise<void> {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await screenshot(page, join(SCREENSHOTS, `${mode}-${name}-${width}.png`));
    }
    await page.setViewportSize({ width: 390, height: 844 });
    if (javaScriptEnabled) {
      const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      const summary = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
      expect({ page: name, violations: summary }).toEqual({ page: name, violations: [] });
    }
  }

  /** Waits for the page to reach `url`; if it does not, its screenshot and text tell why. */
  async function arriveAt(page: Page, url: RegExp, name: string): Promise<void> {
    try {
      await page.waitForURL(url, { timeout: 20_000 });
    } catch (error) {
      await screenshot(page, join(SCREENSHOTS, `failed-${name}.png`));
      const text = await page
        .locator('body')
        .innerText()
        .catch(() => '');
      throw new Error(`${name}: still at ${page.url()}, expected ${url}:\n${text.slice(0, 2000)}`, { cause: error });
    }
  }

  /** The place field resolved on submit: when several places match, the page lists them; the first is taken. */
  async function pickFirstPlaceIfAsked(page: Page, choice: string, submit: () => Promise<void>): Promise<void> {
    const choices = page.locator(`input[type=radio][name="${choice}"]`);
    if ((await choices.count()) > 0) {
      await choices.first().check();
      await submit();
    }
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'sans-js';

    const steps = 'sign up → confirm → post → partner → request → approve → accept → introduced';
    it(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: ${steps}`, async () => {
      const base = app.url;
      const tag = randomUUID().slice(0, 6);
      // Two journeys on one service: two members, so that each holder finds the right one.
      const first = javaScriptEnabled ? 'Léa' : 'Inès';
      const lea = `${javaScriptEnabled ? 'lea' : 'ines'}.${tag}@trame.test`;
      const camille = `camille.${tag}@trame.test`;

      // Setup through the api: the holder's account (the referent is the suite's).
      const registered = await json(`${base}/v1/members`, 'POST', {
        displayName: 'Camille Porteuse',
        email: camille,
        locale: 'fr',
        territories: [{ postcode: '04300', radiusKm: 20 }],
      });
      expect(registered.status).toBe(202);

      // 1. Léa signs up in the browser, then confirms her address with the emailed code.
      const member = await person(javaScriptEnabled);
      const m = member.page;
      await m.goto(`${base}/inscription`);
      await look(m, '01-inscription', mode, javaScriptEnabled);
      await m.getByLabel('Prénom').fill(first);
      await m.getByLabel('Nom (facultatif)').fill('Dubois');
      await m.getByLabel('Adresse e-mail').fill(lea);
      await m.getByLabel('Territoire 1', { exact: true }).fill('Forcalquier');
      await m.getByLabel('Compétence 1', { exact: true }).fill('maraîchage');
      await m.getByLabel('Heures par semaine').fill('10');
      const createProfile = () => m.getByRole('button', { name: 'Créer mon profil' }).last().click();
      await createProfile();
      await pickFirstPlaceIfAsked(m, 'placeChoice0', createProfile);
      await arriveAt(m, /\/confirmer/, 'signed-up');
      await look(m, '02-verifiez-vos-mails', mode, javaScriptEnabled);
      const confirmation = await mailTo(lea, /confirm/i);
      await m.getByLabel('Code à 6 chiffres').fill(codeIn(confirmation));
      await m.getByRole('button', { name: 'Confirmer mon adresse' }).last().click();
      await arriveAt(m, /\/moi/, 'confirmed');
      await look(m, '03-mon-espace', mode, javaScriptEnabled);

      // 2. Camille signs in with the 6-digit code.
      const holder = await person(javaScriptEnabled);
      const h = holder.page;
      await h.goto(`${base}/connexion`);
      await look(h, '04-connexion', mode, javaScriptEnabled);
      const before = await seenBy(camille);
      await h.getByLabel('Votre adresse e-mail').fill(camille);
      await h.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
      await arriveAt(h, /\/connexion\/code/, 'code-asked');
      await look(h, '05-code', mode, javaScriptEnabled);
      const signInMail = await mailTo(camille, /connexion|connect/i, before);
      await h.getByLabel('Code à 6 chiffres').fill(codeIn(signInMail));
      await h.getByRole('button', { name: 'Me connecter' }).last().click();
      await arriveAt(h, /^(?!.*\/connexion)/, 'signed-in');

      // 3. She posts her project near Forcalquier.
      await h.goto(`${base}/projets/nouveau`);
      await look(h, '06-nouveau-projet', mode, javaScriptEnabled);
      await h.getByLabel('Nom du projet').fill(`Ferme maraîchère de Mane ${tag}`);
      await h.getByLabel('Résumé').fill('Une ferme coopérative qui cherche des maraîcher·es pour deux hectares.');
      await h.getByLabel('Type de projet').selectOption('ferme-cooperative');
      await h.getByLabel('Avancement').selectOption('maturing');
      await h.getByLabel('alimentation', { exact: true }).check();
      await h.getByLabel('Commune du projet').fill('Mane');
      await h.getByLabel('Rôle', { exact: true }).first().fill('maraîcher·e');
      await h.getByLabel('Compétence 1 du rôle 1').fill('maraîchage');
      await h.getByLabel('Heures par semaine (facultatif)').first().fill('8');
      const publish = () => h.getByRole('button', { name: 'Publier le projet' }).last().click();
      await publish();
      await pickFirstPlaceIfAsked(h, 'placeCode', publish);
      await arriveAt(h, /\/projets\/[0-9a-f-]{36}/, 'project-posted');
      const projectPath = new URL(h.url()).pathname;

      // 4. Léa appears among the partners, with reasons in words.
      const partners = h.locator('#partenaires');
      await waitUntil(
        async () => {
          await h.goto(`${base}${projectPath}`);
          return partners.innerText().catch(() => '');
        },
        (text) => text.includes(first),
        `${first} among the partners of the project`,
        { timeoutMs: 60_000, intervalMs: 500, context: () => app.output().slice(-3000) },
      );
      expect(await partners.innerText()).toMatch(new RegExp(`${first} est à \\d+ km`));
      await look(h, '07-projet-porteur', mode, javaScriptEnabled);

      // 5. Camille asks for an introduction, with a message for the referent.
      const card = partners.locator('article').filter({ has: h.getByRole('heading', { name: first, exact: true }) });
      await card.getByText(`Demander une mise en relation avec ${first}`).click();
      await card.getByLabel('Votre message (facultatif)').fill(`Bonjour ${first}, venez voir la ferme un samedi !`);
      await card.getByRole('button', { name: 'Demander une mise en relation', exact: true }).click();
      await h.waitForLoadState();
      expect(await h.locator('main').innerText()).toContain('envoyée');
      await look(h, '08-demande-envoyee', mode, javaScriptEnabled);

      // 6. Dominique approves from the emailed link, without signing in.
      const referent = await person(javaScriptEnabled);
      const r = referent.page;
      const ask = await mailTo(dominique, new RegExp(`Ferme maraîchère de Mane ${tag}`));
      await r.goto(linkIn(ask, /^\/mises-en-relation\//));
      expect(await r.locator('main').innerText()).toContain(`Bonjour ${first}, venez voir la ferme un samedi !`);
      await look(r, '09-decision-referent', mode, javaScriptEnabled);
      await r.getByLabel(DECISION.noteLabel).fill('Deux projets qui se ressemblent, bonne rencontre !');
      await r.getByRole('button', { name: DECISION.approve }).click();
      await r.waitForLoadState();
      expect(await r.locator('main').innerText()).toMatch(DECISION.approvedText);
      await look(r, '10-approuvee', mode, javaScriptEnabled);

      // 7. Léa accepts in the web app (her session from the confirmation).
      const seenByLea = await seenBy(lea);
      await mailTo(lea, /mise en relation|introduction/i);
      await m.goto(`${base}/moi/mises-en-relation`);
      await look(m, '11-mes-mises-en-relation', mode, javaScriptEnabled);
      await m.getByRole('link', { name: new RegExp(`Voir le détail.*Ferme maraîchère de Mane ${tag}`) }).click();
      await m.getByRole('button', { name: DECISION.accept }).click();
      await m.waitForLoadState();
      await look(m, '12-acceptee', mode, javaScriptEnabled);

      // 8. Both get the "introduced" email, each with the other's contact.
      const toLea = await mailTo(lea, DECISION.introducedMail, seenByLea);
      const toCamille = await mailTo(camille, DECISION.introducedMail);
      expect(toLea.text).toContain(camille);
      expect(toCamille.text).toContain(lea);

      for (const c of [member, holder, referent]) await c.context.close();
      expect(blocked).toEqual([]);
    });
  }
});

/** The decision page's words (the introductions pages' catalogue). */
const DECISION = {
  noteLabel: 'Un mot pour les deux personnes (facultatif)',
  approve: 'Approuver la mise en relation',
  approvedText: /la mise en relation est approuvée/,
  accept: 'Accepter la mise en relation',
  introducedMail: /Vous voici en relation/,
};
