import type { IntroductionStatus, Party } from '@trame/domain';
import { escapeHtml as e } from '@trame/mail';
import { type Bilingual, htmlPage } from '../shared/html-page';

/** The four workflow actions, in the order buttons are shown. */
export const INTRODUCTION_ACTIONS = ['approve', 'decline', 'accept', 'refuse'] as const;
export type IntroductionAction = (typeof INTRODUCTION_ACTIONS)[number];

export const PAGE_TEXT = {
  heading: { fr: 'Mise en relation', en: 'Introduction' },
  forbidden: { fr: 'Ce lien n’est pas valide.', en: 'This link is not valid.' },
  notFound: { fr: 'Cette mise en relation est introuvable.', en: 'This introduction cannot be found.' },
  nothingToDo: {
    fr: 'Il n’y a rien à faire pour vous sur cette mise en relation pour le moment.',
    en: 'There is nothing for you to do on this introduction at the moment.',
  },
  note: {
    fr: 'Note (facultative, visible des deux parties, sans coordonnées)',
    en: 'Note (optional, shown to both sides, no contact details)',
  },
} satisfies Record<string, Bilingual>;

export const BUTTONS: Record<IntroductionAction, Bilingual> = {
  approve: { fr: 'Approuver', en: 'Approve' },
  decline: { fr: 'Décliner', en: 'Decline' },
  accept: { fr: 'Accepter', en: 'Accept' },
  refuse: { fr: 'Ne pas donner suite', en: 'Decline politely' },
};

export const DONE: Record<IntroductionAction, Bilingual> = {
  approve: {
    fr: 'C’est noté : la mise en relation est approuvée. L’autre partie va être invitée à répondre.',
    en: 'Done: the introduction is approved. The other side will be asked to answer.',
  },
  decline: { fr: 'C’est noté : la mise en relation est déclinée.', en: 'Done: the introduction is declined.' },
  accept: {
    fr: 'Merci ! Chacun va recevoir les coordonnées de l’autre par e-mail.',
    en: 'Thank you! Each side will receive the other’s contact details by email.',
  },
  refuse: { fr: 'C’est noté, merci d’avoir répondu.', en: 'Noted, thank you for answering.' },
};

export const statusText = (status: IntroductionStatus, consentingParty: Party): Bilingual => {
  switch (status) {
    case 'awaiting-referent':
      return { fr: 'En attente de l’avis du référent local.', en: 'Waiting for the local referent’s approval.' };
    case 'awaiting-consent':
      return consentingParty === 'member'
        ? {
            fr: 'Approuvée par le référent ; en attente de la réponse du membre.',
            en: 'Approved by the referent; waiting for the member’s answer.',
          }
        : {
            fr: 'Approuvée par le référent ; en attente de la réponse du porteur du projet.',
            en: 'Approved by the referent; waiting for the project holder’s answer.',
          };
    case 'introduced':
      return {
        fr: 'Mise en relation faite : chacun a reçu les coordonnées de l’autre par e-mail.',
        en: 'Introduced: each side has received the other’s contact details by email.',
      };
    case 'declined':
      return { fr: 'Le référent a décliné cette mise en relation.', en: 'The referent declined this introduction.' };
    case 'refused':
      return { fr: 'Cette mise en relation n’a pas eu de suite.', en: 'This introduction was not taken further.' };
    case 'expired':
      return { fr: 'Cette mise en relation a expiré sans réponse.', en: 'This introduction expired without an answer.' };
  }
};

export type PageForm = Readonly<{
  /** A note field (approve, decline). */
  note: boolean;
  /** Relative action URLs (they carry `as` and `token`), one button each. */
  buttons: readonly Readonly<{ action: string; label: Bilingual }>[];
}>;

/**
 * A small self-contained page, French first then English, every value escaped. Buttons
 * POST (a GET never acts: mail scanners follow links).
 */
export function introductionPage(lines: readonly Bilingual[], form?: PageForm): string {
  const section = (lang: 'fr' | 'en') =>
    `<section lang="${lang}">
<h1>${e(PAGE_TEXT.heading[lang])}</h1>
${lines.map((line) => `<p>${e(line[lang])}</p>`).join('\n')}
</section>`;
  const note = form?.note
    ? `<label for="note">${e(PAGE_TEXT.note.fr)} / <span lang="en">${e(PAGE_TEXT.note.en)}</span></label>
<textarea id="note" name="note" rows="4" maxlength="1000"></textarea>`
    : '';
  const buttons = (form?.buttons ?? [])
    .map((b) => `<button type="submit" formaction="${e(b.action)}">${e(b.label.fr)} / <span lang="en">${e(b.label.en)}</span></button>`)
    .join('\n');
  const formHtml =
    form && form.buttons.length > 0
      ? `<form method="post" action="${e(form.buttons[0].action)}">\n${note}\n<p>${buttons}</p>\n</form>`
      : '';
  return htmlPage(
    `${section('fr')}
${section('en')}
${formHtml}`,
    `h1{font-size:1.3rem}section[lang=en]{color:#4a5a4a}label{display:block;margin-top:1rem}
textarea{width:100%;box-sizing:border-box;font:inherit}button{margin:0 .5rem .5rem 0}`,
  );
}
