import { escapeHtml as e } from '@trame/mail';

export type Bilingual = Readonly<{ fr: string; en: string }>;

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

/** The one line of the JSON answers: French, then English. */
export const oneLine = (m: Bilingual) => `${m.fr} / ${m.en}`;

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
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Trame</title>
<style>body{font-family:Helvetica,Arial,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2d1f}
p{line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem;background:#2f6b3b;color:#fff;border:0;border-radius:4px;cursor:pointer}</style>
</head>
<body>
<p>${e(message.fr)}</p>
<p lang="en">${e(message.en)}</p>
${button}
</body>
</html>
`;
}
