import {
  INTRODUCTION_EMAIL_STEPS,
  type IntroductionEmailJob,
  type IntroductionEmailStep,
  type IntroductionRecipient,
} from '@trame/messaging';
import { renderIntroductionEmail, type IntroductionRenderContext } from './introduction-email';

const ids = {
  introduction: '11111111-1111-4111-8111-111111111111',
  project: '22222222-2222-4222-8222-222222222222',
  holder: '33333333-3333-4333-8333-333333333333',
  member: '44444444-4444-4444-8444-444444444444',
  referent: '55555555-5555-4555-8555-555555555555',
};
const ACTION = 'https://trame.example/mises-en-relation/x?as=y&token=z';

const RECIPIENT: Record<IntroductionEmailStep, IntroductionRecipient> = {
  requested: { kind: 'referent', referentId: ids.referent },
  'escalated-to': { kind: 'referent', referentId: ids.referent },
  'escalated-from': { kind: 'referent', referentId: ids.referent },
  'referent-reminder': { kind: 'referent', referentId: ids.referent },
  approved: { kind: 'member', memberId: ids.member },
  'party-reminder': { kind: 'member', memberId: ids.member },
  introduced: { kind: 'member', memberId: ids.member },
  declined: { kind: 'member', memberId: ids.holder },
  refused: { kind: 'member', memberId: ids.holder },
  expired: { kind: 'member', memberId: ids.holder },
  ended: { kind: 'member', memberId: ids.member },
  withdrawn: { kind: 'referent', referentId: ids.referent },
};
const WITH_ACTION = new Set<IntroductionEmailStep>(['requested', 'escalated-to', 'referent-reminder', 'approved', 'party-reminder']);

const job = (step: IntroductionEmailStep, overrides: Partial<IntroductionEmailJob> = {}): IntroductionEmailJob => ({
  kind: 'introduction',
  step,
  factId: `intro.${ids.introduction}.0.${step}.x`,
  introductionId: ids.introduction,
  revision: 0,
  projectId: ids.project,
  projectTitle: 'Ferme <maraîchère> coopérative',
  holderId: ids.holder,
  memberId: ids.member,
  holderFirstName: 'Camille',
  memberFirstName: 'Léa',
  requestedBy: 'holder',
  recipient: RECIPIENT[step],
  ...(WITH_ACTION.has(step) ? { actorId: ids.referent } : {}),
  ...(step.startsWith('escalated')
    ? { escalation: { fromLevel: 'commune', toLevel: 'departement', fromFirstName: 'Dominique', toFirstName: 'Sacha' } }
    : {}),
  stepAt: '2026-03-02T09:00:00.000Z',
  ...overrides,
});

const ctx = (step: IntroductionEmailStep, overrides: Partial<IntroductionRenderContext> = {}): IntroductionRenderContext => ({
  locale: 'fr',
  recipientFirstName: 'Dominique',
  publicUrl: 'https://trame.example',
  ...(WITH_ACTION.has(step) ? { actionUrl: ACTION } : {}),
  ...(step === 'introduced' ? { contact: { displayName: 'Camille Porteuse', email: 'camille@example.org' } } : {}),
  ...overrides,
});

describe('renderIntroductionEmail', () => {
  it.each(INTRODUCTION_EMAIL_STEPS.map((s) => [s]))(
    '%s: French first then English, the project named, the action link only where one acts',
    async (step) => {
      const fr = await renderIntroductionEmail(job(step), ctx(step));
      const en = await renderIntroductionEmail(job(step), ctx(step, { locale: 'en' }));
      for (const mail of [fr, en]) {
        expect(mail.subject).toContain(' · ');
        expect(mail.text).toContain('Bonjour Dominique,');
        expect(mail.text).toContain('Hello Dominique,');
        // Escaped in HTML, verbatim in text.
        expect(mail.html).not.toContain('<maraîchère>');
        expect(mail.html).toContain('&lt;maraîchère&gt;');
        expect(mail.text).toContain('Ferme <maraîchère> coopérative');
        expect(mail.text.includes(ACTION)).toBe(WITH_ACTION.has(step));
        expect(mail.html.includes(ACTION.replace(/&/g, '&amp;'))).toBe(WITH_ACTION.has(step));
        // Only the introduced email carries an address.
        expect(/@/.test(mail.text)).toBe(step === 'introduced');
        expect(mail.text).not.toMatch(/undefined|null|\$\{/);
      }
      expect(fr.text.indexOf('Bonjour')).toBeLessThan(fr.text.indexOf('Hello'));
      expect(en.text.indexOf('Hello')).toBeLessThan(en.text.indexOf('Bonjour'));
      // Each subject ends with the other language's tagline, which opens that language's subject.
      expect(en.subject.startsWith(fr.subject.split(' · ')[1])).toBe(true);
      expect(fr.subject.startsWith(en.subject.split(' · ')[1])).toBe(true);
    },
  );

  it('introduced: the other party’s name and address, and the requester’s message with its line breaks', async () => {
    const mail = await renderIntroductionEmail(
      job('introduced'),
      ctx('introduced', { message: 'Bonjour Léa,\nvotre expérience en maraîchage nous intéresse.' }),
    );
    expect(mail.text).toContain('Camille Porteuse\n  E-mail : camille@example.org');
    expect(mail.text).toContain('  Email: camille@example.org');
    expect(mail.text).toContain('Son message\n  Bonjour Léa,\n  votre expérience en maraîchage nous intéresse.');
    expect(mail.html).toContain('Bonjour Léa,<br>votre expérience');
    const without = await renderIntroductionEmail(job('introduced'), ctx('introduced'));
    expect(without.text).not.toContain('Son message');
    await expect(renderIntroductionEmail(job('introduced'), ctx('introduced', { contact: undefined }))).rejects.toThrow(/contact/);
  });

  it('a decline is kindly worded, names whom the requester asked for, and carries the referent’s note', async () => {
    const mail = await renderIntroductionEmail(
      job('declined'),
      ctx('declined', { recipientFirstName: 'Camille', note: 'Le projet cherche plutôt en 2027.' }),
    );
    expect(mail.text).toContain(
      'Merci pour votre demande de mise en relation avec Léa pour votre projet « Ferme <maraîchère> coopérative ».',
    );
    expect(mail.text).toContain('Ce n’est un jugement ni sur vous ni sur le projet');
    expect(mail.text).toContain('Le projet cherche plutôt en 2027.');
    const byMember = await renderIntroductionEmail(
      job('refused', { requestedBy: 'member', recipient: { kind: 'member', memberId: ids.member } }),
      ctx('refused'),
    );
    expect(byMember.text).toContain('pour le projet « Ferme <maraîchère> coopérative »');
    expect(byMember.text).toContain('Camille n’a pas souhaité y donner suite');
  });

  it('the consent request speaks to whoever consents: the member for a holder’s request, the holder for a member’s', async () => {
    const toMember = await renderIntroductionEmail(job('approved'), ctx('approved', { note: 'Belle rencontre en perspective.' }));
    expect(toMember.text).toContain(
      'Camille, qui porte le projet « Ferme <maraîchère> coopérative », aimerait entrer en contact avec vous',
    );
    expect(toMember.text).toContain('Accepter ou refuser : https://trame.example/');
    expect(toMember.text).toContain('Belle rencontre en perspective.');
    const toHolder = await renderIntroductionEmail(
      job('approved', { requestedBy: 'member', recipient: { kind: 'member', memberId: ids.holder } }),
      ctx('approved'),
    );
    expect(toHolder.text).toContain('Léa souhaite rejoindre votre projet');
  });

  it('escalation: the new referent may act, the previous one is thanked; the admins are told nobody is above', async () => {
    const from = await renderIntroductionEmail(job('escalated-from'), ctx('escalated-from'));
    expect(from.text).toContain('transmise à Sacha, référent·e du territoire englobant');
    const toAdmins = await renderIntroductionEmail(
      job('escalated-to', {
        recipient: { kind: 'admin' },
        escalation: { fromLevel: 'region', toLevel: 'admin', fromFirstName: 'Sacha', toFirstName: '' },
      }),
      ctx('escalated-to', { recipientFirstName: '' }),
    );
    expect(toAdmins.text).toContain('Bonjour,');
    expect(toAdmins.text).toContain('revient aux administrateurs');
    expect(toAdmins.text).toContain('en tant qu’administrateur·rice de Trame');
  });

  it('an admin’s decision is the network’s team’s, in the emails, never “the local referent”', async () => {
    const approved = await renderIntroductionEmail(job('approved', { reviewedBy: 'admin' }), ctx('approved', { note: 'Bienvenue' }));
    expect(approved.text).toContain('l’équipe du réseau a approuvé cette mise en relation, aucun·e référent·e ne couvrant ce territoire');
    expect(approved.text).toContain('the network’s team approved this introduction, as no referent covers this place');
    expect(approved.text).toContain('Le mot de l’équipe du réseau');
    expect(approved.text).not.toMatch(/référent·e local·e|local referent|Le mot du ou de la référent·e/);
    const declined = await renderIntroductionEmail(job('declined', { reviewedBy: 'admin' }), ctx('declined'));
    expect(declined.text).toContain('L’équipe du réseau n’a pas pu y donner suite cette fois-ci.');
    expect(declined.text).not.toMatch(/référent·e local·e|local referent/);
    const byReferent = await renderIntroductionEmail(job('approved', { reviewedBy: 'referent' }), ctx('approved'));
    expect(byReferent.text).toContain('le ou la référent·e local·e a approuvé cette mise en relation');
  });

  it('ended: kindly, to each party still there; an erased person is not named', async () => {
    const closed = await renderIntroductionEmail(job('ended', { endReason: 'project-closed' }), ctx('ended'));
    expect(closed.text).toContain('Le projet est désormais clos : cette mise en relation s’arrête donc ici.');
    expect(closed.text).toContain('The project is now closed, so this introduction stops here.');
    expect(closed.text).toContain('Ce n’est le fait de personne');
    const toHolder = await renderIntroductionEmail(
      job('ended', { endReason: 'party-erased', recipient: { kind: 'member', memberId: ids.holder } }),
      ctx('ended'),
    );
    expect(toHolder.text).toContain('L’autre personne a quitté Trame');
    expect(toHolder.text).toContain('The other person has left Trame');
    expect(toHolder.text).not.toContain('Léa');
  });

  it('withdrawn: the referent, or the party asked to consent, is told there is nothing left to do', async () => {
    const toReferent = await renderIntroductionEmail(job('withdrawn'), ctx('withdrawn'));
    expect(toReferent.text).toContain('Camille a retiré sa demande de mise en relation pour le projet « Ferme <maraîchère> coopérative ».');
    expect(toReferent.text).toContain('Camille withdrew their introduction request for the project');
    expect(toReferent.text).toContain('Vous n’avez plus rien à faire');
    const toHolder = await renderIntroductionEmail(
      job('withdrawn', { requestedBy: 'member', recipient: { kind: 'member', memberId: ids.holder } }),
      ctx('withdrawn'),
    );
    expect(toHolder.text).toContain('Léa a retiré sa demande de mise en relation pour votre projet');
  });

  it('falls back to plain words without a title or first names', async () => {
    const mail = await renderIntroductionEmail(
      job('requested', { projectTitle: '', holderFirstName: '', memberFirstName: 'x@y.z' }),
      ctx('requested'),
    );
    expect(mail.subject.startsWith('Demande de mise en relation · ')).toBe(true);
    expect(mail.text).toContain(
      'La personne à l’origine du projet, qui porte le projet, souhaite être mis·e en relation avec une personne.',
    );
    expect(mail.text).not.toContain('x@y.z');
  });
});
