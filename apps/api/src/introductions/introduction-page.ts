import type { EndReason, IntroductionStatus, Party } from '@trame/domain';
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

/** What the page says of an introduction: its status, who decided, why it ended. */
export type StatusFacts = Readonly<{
  status: IntroductionStatus;
  consentingParty: Party;
  /** Approved or declined by a referent, or by the network's team (no referent covers the place). */
  reviewedBy?: Readonly<{ kind: 'referent' | 'admin' }>;
  endReason?: EndReason;
  /** Set while the project is paused: the introduction waits. */
  heldSince?: string;
}>;

export const statusText = ({ status, consentingParty, reviewedBy, endReason, heldSince }: StatusFacts): Bilingual => {
  const byTeam = reviewedBy?.kind === 'admin';
  if (heldSince !== undefined && (status === 'awaiting-referent' || status === 'awaiting-consent')) {
    return {
      fr: 'Le projet est en pause : cette mise en relation attend sa reprise.',
      en: 'The project is paused: this introduction waits until it resumes.',
    };
  }
  switch (status) {
    case 'awaiting-referent':
      return { fr: 'En attente de l’avis du référent local.', en: 'Waiting for the local referent’s approval.' };
    case 'awaiting-consent': {
      const by = byTeam
        ? { fr: 'Approuvée par l’équipe du réseau', en: 'Approved by the network’s team' }
        : { fr: 'Approuvée par le référent', en: 'Approved by the referent' };
      return consentingParty === 'member'
        ? { fr: `${by.fr} ; en attente de la réponse du membre.`, en: `${by.en}; waiting for the member’s answer.` }
        : { fr: `${by.fr} ; en attente de la réponse du porteur du projet.`, en: `${by.en}; waiting for the project holder’s answer.` };
    }
    case 'introduced':
      return {
        fr: 'Mise en relation faite : chacun a reçu les coordonnées de l’autre par e-mail.',
        en: 'Introduced: each side has received the other’s contact details by email.',
      };
    case 'declined':
      return byTeam
        ? { fr: 'L’équipe du réseau a décliné cette mise en relation.', en: 'The network’s team declined this introduction.' }
        : { fr: 'Le référent a décliné cette mise en relation.', en: 'The referent declined this introduction.' };
    case 'refused':
      return { fr: 'Cette mise en relation n’a pas eu de suite.', en: 'This introduction was not taken further.' };
    case 'expired':
      return { fr: 'Cette mise en relation a expiré sans réponse.', en: 'This introduction expired without an answer.' };
    case 'ended':
      return endReason === 'project-closed'
        ? { fr: 'Le projet est clos : cette mise en relation a pris fin.', en: 'The project is closed: this introduction has ended.' }
        : {
            fr: 'Une des deux personnes a quitté Trame : cette mise en relation a pris fin.',
            en: 'One of the two people left Trame: this introduction has ended.',
          };
    case 'withdrawn':
      return {
        fr: 'La demande a été retirée par la personne qui l’avait faite.',
        en: 'The request was withdrawn by the person who made it.',
      };
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
