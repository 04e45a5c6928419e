import { escapeHtml as e } from '@trame/mail';
import { type Bilingual, htmlPage } from '../shared/html-page';

export const MESSAGES = {
  done: {
    fr: 'C’est noté : vous ne recevrez plus d’e-mails de Trame.',
    en: 'Done: you will no longer receive emails from Trame.',
  },
  already: {
    fr: 'Vous ne recevez déjà plus d’e-mails de Trame.',
    en: 'You already receive no emails from Trame.',
  },
  confirm: {
    fr: 'Ne plus recevoir d’e-mails de Trame (projets et partenaires proposés, récapitulatifs) ?',
    en: 'Stop receiving emails from Trame (suggested projects and partners, digests)?',
  },
  button: { fr: 'Me désabonner', en: 'Unsubscribe' },
  forbidden: {
    fr: 'Ce lien de désabonnement n’est pas valide.',
    en: 'This unsubscribe link is not valid.',
  },
  notFound: { fr: 'Ce membre est introuvable.', en: 'This member cannot be found.' },
} satisfies Record<string, Bilingual>;

/**
 * A tiny self-contained page, French first then English. `action` (relative) is given only
 * when the page asks for confirmation: a GET must never unsubscribe, mail scanners follow links.
 */
export function unsubscribePage(message: Bilingual, form?: { action: string }): string {
  const button = form
    ? `<form method="post" action="${e(form.action)}">
  <input type="hidden" name="List-Unsubscribe" value="One-Click">
  <button type="submit">${e(MESSAGES.button.fr)} / <span lang="en">${e(MESSAGES.button.en)}</span></button>
</form>`
    : '';
  return htmlPage(`<p>${e(message.fr)}</p>
<p lang="en">${e(message.en)}</p>
${button}`);
}
