import type { DigestEmailJob, MatchEmailJob, MatchItem, PartnersEmailJob } from '@trame/messaging';
import { renderEmail, type RenderContext } from './render-email';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const MEMBER = '22222222-2222-4222-8222-222222222222';
const HOLDER = '33333333-3333-4333-8333-333333333333';

const item = (overrides: Partial<MatchItem> = {}): MatchItem => ({
  projectId: PROJECT,
  projectTitle: 'Ferme maraîchère coopérative',
  memberId: MEMBER,
  memberFirstName: 'Camille',
  role: 'maraîcher·e',
  score: 0.82,
  distanceKm: 12.4,
  reasons: {
    fr: '1 compétence sur 1 : maraîchage · 12 km · 6 h/semaine',
    en: '1 of 1 skill: maraîchage · 12 km · 6 h/week',
  },
  ...overrides,
});

const memberJob = (match: MatchItem = item()): MatchEmailJob => ({
  kind: 'match',
  factId: `match.member.${PROJECT}.${MEMBER}`,
  audience: 'member',
  recipientId: MEMBER,
  match,
  decidedAt: '2026-03-01T10:00:00.000Z',
});

const holderJob = (match: MatchItem = item()): MatchEmailJob => ({
  ...memberJob(match),
  factId: `match.holder.${PROJECT}.${MEMBER}`,
  audience: 'holder',
  recipientId: HOLDER,
});

const ctx = (overrides: Partial<RenderContext> = {}): RenderContext => ({
  locale: 'fr',
  recipientFirstName: 'Camille',
  publicUrl: 'https://trame.example/',
  unsubscribeUrl: `https://trame.example/desabonnement/${MEMBER}?token=abc`,
  ...overrides,
});

/** The HTML without tags, entities decoded: what a reader sees. */
const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('renderEmail', () => {
  it('member match in French: French first, English below, with reasons, distance, role and links', async () => {
    const { subject, text, html } = await renderEmail(memberJob(), ctx());
    expect(subject).toBe('Un nouveau projet vous correspond : Ferme maraîchère coopérative · A new project fits you');
    const fr = text.indexOf('Bonjour Camille,');
    const en = text.indexOf('Hello Camille,');
    expect(fr).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(fr);
    const [frPart, enPart] = [text.slice(0, en), text.slice(en)];
    expect(frPart).toContain('Pourquoi : 1 compétence sur 1 : maraîchage · 12 km · 6 h/semaine');
    expect(frPart).toContain('Distance : 12 km');
    expect(frPart).toContain('Rôle : maraîcher·e');
    expect(frPart).toContain(`Voir le projet : https://trame.example/projets/${PROJECT}`);
    expect(frPart).toContain('Toutes vos recommandations : https://trame.example/moi');
    expect(enPart).toContain('Why: 1 of 1 skill: maraîchage · 12 km · 6 h/week');
    expect(enPart).toContain('Distance: 12 km');
    expect(enPart).toContain('Role: maraîcher·e');
    expect(text).not.toMatch(/^-- $/m);

    const seen = visible(html);
    expect(seen.indexOf('Bonjour Camille,')).toBeLessThan(seen.indexOf('Hello Camille,'));
    expect(seen).toContain('Pourquoi : 1 compétence sur 1 : maraîchage · 12 km · 6 h/semaine');
    expect(seen).toContain('Why: 1 of 1 skill: maraîchage · 12 km · 6 h/week');
    expect(html).toContain(`href="https://trame.example/projets/${PROJECT}"`);
    expect(html).toContain(`href="https://trame.example/desabonnement/${MEMBER}?token=abc"`);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('lang="fr"');
  });

  it('member match in English: English first, French below', async () => {
    const { subject, text, html } = await renderEmail(memberJob(item({ distanceKm: 3.5 })), ctx({ locale: 'en' }));
    expect(text).toContain('Distance: 3.5 km');
    expect(text).toContain('Distance : 3,5 km');
    expect(subject).toBe('A new project fits you: Ferme maraîchère coopérative · Un nouveau projet vous correspond');
    expect(text.indexOf('Hello Camille,')).toBeLessThan(text.indexOf('Bonjour Camille,'));
    const seen = visible(html);
    expect(seen.indexOf('Hello Camille,')).toBeLessThan(seen.indexOf('Bonjour Camille,'));
    expect(seen.indexOf('Why:')).toBeLessThan(seen.indexOf('Pourquoi :'));
  });

  it('holder match: the partner by first name and a link to the project’s partners', async () => {
    const { subject, text, html } = await renderEmail(holderJob(), ctx({ recipientFirstName: 'Sacha' }));
    expect(subject).toBe('Un nouveau partenaire pour votre projet : Ferme maraîchère coopérative · A new partner fits your project');
    expect(text).toContain('Bonjour Sacha,');
    expect(text).toContain('Camille, pour votre projet « Ferme maraîchère coopérative »');
    expect(text).toContain('Camille, for your project “Ferme maraîchère coopérative”');
    expect(text).toContain(`https://trame.example/projets/${PROJECT}#partenaires`);
    expect(text).not.toContain('https://trame.example/moi');
    expect(html).toContain(`href="https://trame.example/projets/${PROJECT}#partenaires"`);
  });

  it('digest: every item, in order, in both languages, with a count', async () => {
    const second = '44444444-4444-4444-8444-444444444444';
    const job: DigestEmailJob = {
      kind: 'digest',
      factId: `digest.weekly.${MEMBER}.20260301`,
      recipientId: MEMBER,
      frequency: 'weekly',
      periodEnd: '2026-03-01T00:00:00.000Z',
      items: [
        { ...item(), audience: 'member', factId: 'a' },
        {
          ...item({ projectId: second, projectTitle: 'Atelier vélo solidaire', role: 'mécanicien·ne', distanceKm: null }),
          audience: 'member',
          factId: 'b',
        },
        { ...item({ projectTitle: 'Habitat partagé des Lavandes', memberFirstName: 'Noé' }), audience: 'holder', factId: 'c' },
      ],
    };
    const { subject, text, html } = await renderEmail(job, ctx());
    expect(subject).toBe('Votre récapitulatif hebdomadaire : 3 nouveautés · Your weekly digest');
    const en = text.indexOf('Hello Camille,');
    const [frPart, enPart] = [text.slice(0, en), text.slice(en)];
    for (const part of [frPart, enPart]) {
      const positions = ['Ferme maraîchère coopérative', 'Atelier vélo solidaire', 'Noé'].map((s) => part.indexOf(s));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(frPart).toContain('Voici 3 nouveautés depuis votre dernier récapitulatif');
    expect(enPart).toContain('Here are 3 new matches since your last digest');
    // The item without a kilometre figure (an area, a remote project) has no distance line: its reasons say the place.
    expect(frPart.match(/Distance : /g)).toHaveLength(2);
    expect(enPart.match(/Distance: /g)).toHaveLength(2);
    expect(text).toContain(`https://trame.example/projets/${second}`);
    expect(visible(html)).toContain('Atelier vélo solidaire');
    expect(html.match(/Voir le projet/g)).toHaveLength(2);
  });

  it('partner batch: every new partner of the window by first name, with role, distance and why, and one button', async () => {
    const partner = (memberFirstName: string, role: string, fr: string, en: string, factId: string) => ({
      ...item({ memberFirstName, role, reasons: { fr, en } }),
      audience: 'holder' as const,
      factId,
      decidedAt: '2026-03-01T10:00:00.000Z',
    });
    const job: PartnersEmailJob = {
      kind: 'partners',
      factId: `partners.${PROJECT}.${HOLDER}.20260301100000000`,
      recipientId: HOLDER,
      projectId: PROJECT,
      windowStart: '2026-03-01T10:00:00.000Z',
      items: [
        partner('Léa Dubois', 'maraîcher·e', '2 compétences sur 2 : maraîchage, irrigation', '2 of 2 skills: maraîchage, irrigation', 'a'),
        partner('<b>Noé</b>', 'menuisier·e', '1 compétence sur 1 : menuiserie', '1 of 1 skill: menuiserie', 'b'),
      ],
    };
    const { subject, text, html } = await renderEmail(job, ctx({ recipientFirstName: 'Sacha' }));
    expect(subject).toBe('2 nouveaux partenaires pour votre projet : Ferme maraîchère coopérative · New partners for your project');
    const en = text.indexOf('Hello Sacha,');
    const [frPart, enPart] = [text.slice(0, en), text.slice(en)];
    expect(frPart).toContain('2 nouvelles personnes correspondent à votre projet « Ferme maraîchère coopérative »');
    expect(enPart).toContain('2 new people fit your project “Ferme maraîchère coopérative”, best first.');
    expect(frPart).toMatch(
      /Léa\n {2}Rôle : maraîcher·e\n {2}Distance : 12 km\n {2}Pourquoi : 2 compétences sur 2 : maraîchage, irrigation/,
    );
    expect(enPart).toMatch(/Léa\n {2}Role: maraîcher·e\n/);
    expect(frPart.indexOf('Léa')).toBeLessThan(frPart.indexOf('menuisier·e'));
    expect(text).not.toContain('Dubois');
    expect(frPart).toContain(`Voir les partenaires proposés : https://trame.example/projets/${PROJECT}#partenaires`);
    expect(html.match(/href="https:\/\/trame\.example\/projets\/[^"]+#partenaires"/g)).toHaveLength(2); // one button per language
    expect(html).not.toContain('<b>Noé');
    expect(visible(html)).toContain('Pourquoi : 1 compétence sur 1 : menuiserie');

    const one = await renderEmail({ ...job, items: [job.items[0]] }, ctx({ locale: 'en' }));
    expect(one.subject).toBe('A new partner fits your project: Ferme maraîchère coopérative · Nouveaux partenaires pour votre projet');
    expect(one.text).toContain('A new partner fits your project “Ferme maraîchère coopérative”.');
  });

  it('escapes every interpolated value in the HTML', async () => {
    const nasty = item({
      projectTitle: '<script>alert("x")</script> & co',
      role: '<img src=x onerror=alert(1)>',
      memberFirstName: '<b>Eve</b>',
      reasons: { fr: '<i>raison</i>', en: '"><svg onload=alert(1)>' },
    });
    const memberHtml = (await renderEmail(memberJob(nasty), ctx({ recipientFirstName: '<u>Zoé</u>' }))).html;
    const holderHtml = (await renderEmail(holderJob(nasty), ctx())).html;
    for (const html of [memberHtml, holderHtml]) {
      expect(html).not.toMatch(/<script|<img|<svg|<i>raison|<u>Zo|<b>Eve/);
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    }
    const { text } = await renderEmail(memberJob(nasty), ctx());
    expect(text).toContain('<script>alert("x")</script> & co');
  });

  it('never shows an email address or a last name', async () => {
    const job = holderJob(item({ memberFirstName: 'Camille Martin' }));
    const out = await renderEmail(job, ctx({ recipientFirstName: 'sacha.dupont@example.org' }));
    for (const part of [out.subject, out.text, out.html]) {
      expect(part).not.toContain('Martin');
      expect(part).not.toContain('@example.org');
    }
    expect(out.text).toContain('Bonjour,');
    expect(out.text).toContain('Camille, pour votre projet');
  });

  it('keeps data on one line in the text part', async () => {
    const { text, subject } = await renderEmail(memberJob(item({ projectTitle: 'Ferme\r\nBcc: x\n\nfausse ligne' })), ctx());
    expect(subject).not.toMatch(/[\r\n]/);
    expect(text).toContain('Projet « Ferme Bcc: x fausse ligne »');
  });
});
