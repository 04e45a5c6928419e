import type { IntroductionEmailJob } from '@trame/messaging';
import { bilingualHtml, bilingualText, languageOrder, mjmlButton } from './bilingual-layout';
import { type Locale, oneLine, projectUrl, safeFirstName } from './email-copy';
import { escapeHtml as e } from './escape-html';
import type { RenderedEmail } from './render-email';

/** What the notifier read at send time, beside the job: never in a payload. */
export type IntroductionRenderContext = Readonly<{
  /** The recipient's locale: it comes first, the other language follows. Referents and admins: 'fr'. */
  locale: Locale;
  recipientFirstName: string;
  /** Base of every link (`PUBLIC_URL`). */
  publicUrl: string;
  /** Steps with an action: the signed one-click link (`LinkSigner.introductionLinkUrl`). */
  actionUrl?: string;
  /** `introduced`: the other party's contact, unsealed at send time. */
  contact?: Readonly<{ displayName: string; email: string }>;
  /** `introduced`, to the one who did not ask: the requester's message (omitted once their key is gone). */
  message?: string;
  /** `approved`, `declined`: the referent's note. */
  note?: string;
}>;

type Block = Readonly<{ heading: string; lines: readonly string[] }>;
type Link = Readonly<{ label: string; url: string }>;

/** One language's version of an introduction email. */
type IntroductionCopy = Readonly<{
  locale: Locale;
  subject: string;
  /** Short subject twin, appended to the other language's subject. */
  tagline: string;
  greeting: string;
  paragraphs: readonly string[];
  blocks: readonly Block[];
  action?: Link;
  links: readonly Link[];
  footer: string;
}>;

/** A free text's lines (a message keeps its line breaks, nothing else). */
const textLines = (value: string): string[] =>
  value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this strips from a message line
    .map((l) => l.replace(/[\u0000-\u001f\u007f]+/g, ' ').trimEnd())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));

type Names = Readonly<{ project: string; holder: string; member: string }>;

const namesIn = (job: IntroductionEmailJob, locale: Locale): Names => {
  const fr = locale === 'fr';
  const title = oneLine(job.projectTitle);
  return {
    // With its leading space, so that "le projet" reads right without a title too.
    project: title ? (fr ? ` « ${title} »` : ` “${title}”`) : '',
    holder: safeFirstName(job.holderFirstName) || (fr ? 'la personne à l’origine du projet' : 'the project’s holder'),
    member: safeFirstName(job.memberFirstName) || (fr ? 'une personne' : 'someone'),
  };
};

/** The request in one sentence, as a referent reads it. */
const requestSentence = (job: IntroductionEmailJob, n: Names, locale: Locale): string => {
  if (locale === 'fr') {
    if (job.requestedBy === 'holder')
      return `${n.holder}, qui porte le projet${n.project}, souhaite être mis·e en relation avec ${n.member}.`;
    if (job.requestedBy === 'member') return `${n.member} souhaite rejoindre le projet${n.project}, porté par ${n.holder}.`;
    return `Trame propose de mettre ${n.member} en relation avec le projet${n.project}, porté par ${n.holder}.`;
  }
  if (job.requestedBy === 'holder') return `${n.holder}, who leads the project${n.project}, would like to be introduced to ${n.member}.`;
  if (job.requestedBy === 'member') return `${n.member} would like to join the project${n.project}, led by ${n.holder}.`;
  return `Trame suggests introducing ${n.member} to the project${n.project}, led by ${n.holder}.`;
};

const WORDS = {
  fr: {
    hello: (name: string) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    decide:
      'Vous pouvez approuver ou décliner cette mise en relation. ' +
      'Les coordonnées ne sont transmises qu’une fois votre accord et celui de l’autre personne obtenus.',
    approveOrDecline: 'Approuver ou décliner',
    acceptOrRefuse: 'Accepter ou refuser',
    seeProject: 'Voir le projet',
    note: 'Le mot du ou de la référent·e',
    teamNote: 'Le mot de l’équipe du réseau',
    approvedByReferent: 'le ou la référent·e local·e a approuvé cette mise en relation',
    approvedByTeam: 'l’équipe du réseau a approuvé cette mise en relation, aucun·e référent·e ne couvrant ce territoire',
    suggestedByReferent: 'le ou la référent·e local·e propose de vous mettre en relation',
    suggestedByTeam: 'l’équipe du réseau propose de vous mettre en relation',
    declinedByReferent: 'Le ou la référent·e local·e n’a pas pu y donner suite cette fois-ci.',
    declinedByTeam: 'L’équipe du réseau n’a pas pu y donner suite cette fois-ci.',
    message: 'Son message',
    email: 'E-mail',
    colon: ' : ',
    footer: {
      member: 'Vous recevez cet e-mail parce que vous participez à une mise en relation sur Trame.',
      referent: 'Vous recevez cet e-mail en tant que référent·e sur Trame.',
      admin: 'Vous recevez cet e-mail en tant qu’administrateur·rice de Trame.',
    },
    noCover: 'Aucun·e référent·e ne couvre ce territoire : la décision revient aux administrateurs.',
    reminderSubject: (title: string) => `Rappel : une mise en relation attend votre réponse${title ? ` (${title})` : ''}`,
    reminderTagline: 'Rappel : une mise en relation attend votre réponse',
    otherEncounters: 'D’autres rencontres restent possibles, et Trame continuera de vous en proposer.',
  },
  en: {
    hello: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    decide: 'You can approve or decline this introduction. Contact details are only shared once you and the other person have agreed.',
    approveOrDecline: 'Approve or decline',
    acceptOrRefuse: 'Accept or refuse',
    seeProject: 'See the project',
    note: 'A word from the referent',
    teamNote: 'A word from the network’s team',
    approvedByReferent: 'the local referent approved this introduction',
    approvedByTeam: 'the network’s team approved this introduction, as no referent covers this place',
    suggestedByReferent: 'the local referent suggests an introduction',
    suggestedByTeam: 'the network’s team suggests an introduction',
    declinedByReferent: 'The local referent could not take it forward this time.',
    declinedByTeam: 'The network’s team could not take it forward this time.',
    message: 'Their message',
    email: 'Email',
    colon: ': ',
    footer: {
      member: 'You receive this email because you take part in an introduction on Trame.',
      referent: 'You receive this email as a referent on Trame.',
      admin: 'You receive this email as an admin of Trame.',
    },
    noCover: 'No referent covers this place, so the decision rests with the admins.',
    reminderSubject: (title: string) => `Reminder: an introduction awaits your answer${title ? ` (${title})` : ''}`,
    reminderTagline: 'Reminder: an introduction awaits your answer',
    otherEncounters: 'Other encounters remain possible, and Trame will keep suggesting them.',
  },
} as const;

/** The email's copy in one language. */
function introductionCopy(job: IntroductionEmailJob, locale: Locale, ctx: IntroductionRenderContext): IntroductionCopy {
  const w = WORDS[locale];
  const fr = locale === 'fr';
  const n = namesIn(job, locale);
  const title = oneLine(job.projectTitle);
  const withTitle = (s: string) => (title ? `${s}${w.colon}${title}` : s);
  const toAdmins = job.recipient.kind === 'admin';
  const recipientIsHolder = job.recipient.kind === 'member' && job.recipient.memberId === job.holderId;
  // The other party, as the recipient (a member or holder) sees them.
  const other = recipientIsHolder ? n.member : n.holder;
  // For outcomes told to the requester: whom or what they had asked for.
  const asked =
    job.requestedBy === 'member'
      ? fr
        ? `pour le projet${n.project}`
        : `for the project${n.project}`
      : fr
        ? `avec ${n.member} pour votre projet${n.project}`
        : `with ${n.member} for your project${n.project}`;
  const action = (label: string): Link | undefined => (ctx.actionUrl ? { label, url: ctx.actionUrl } : undefined);
  // Who decided: the local referent, or the network's team when no referent covers the place.
  const byTeam = job.reviewedBy === 'admin';
  const noteBlock: Block[] = ctx.note ? [{ heading: byTeam ? w.teamNote : w.note, lines: textLines(ctx.note) }] : [];
  const approvedBy = byTeam ? w.approvedByTeam : w.approvedByReferent;
  const suggestedBy = byTeam ? w.suggestedByTeam : w.suggestedByReferent;
  const seeProject: Link = { label: w.seeProject, url: projectUrl(ctx.publicUrl, job.projectId) };

  const base = {
    locale,
    greeting: w.hello(safeFirstName(ctx.recipientFirstName)),
    footer: w.footer[job.recipient.kind],
    blocks: [] as Block[],
    links: [] as Link[],
  };

  switch (job.step) {
    case 'requested':
      return {
        ...base,
        subject: withTitle(fr ? 'Demande de mise en relation' : 'Introduction request'),
        tagline: fr ? 'Demande de mise en relation' : 'Introduction request',
        paragraphs: [requestSentence(job, n, locale), ...(toAdmins ? [w.noCover] : []), w.decide],
        action: action(w.approveOrDecline),
        links: [seeProject],
      };
    case 'escalated-to': {
      const lead = fr
        ? `Cette demande attend une réponse depuis plusieurs jours : ` +
          `elle ${toAdmins ? 'revient aux administrateurs' : 'vous est transmise, en tant que référent·e du territoire englobant'}.`
        : `This request has been waiting for an answer for several days, ` +
          `so it ${toAdmins ? 'now rests with the admins' : 'is handed over to you, as the referent of the enclosing territory'}.`;
      return {
        ...base,
        subject: withTitle(fr ? 'Mise en relation transmise' : 'Introduction handed over to you'),
        tagline: fr ? 'Mise en relation transmise' : 'Introduction handed over to you',
        paragraphs: [lead, requestSentence(job, n, locale), w.decide],
        action: action(w.approveOrDecline),
        links: [seeProject],
      };
    }
    case 'escalated-from': {
      const to = job.escalation;
      const whom =
        !to || to.toLevel === 'admin'
          ? fr
            ? 'aux administrateurs'
            : 'the admins'
          : fr
            ? `à ${safeFirstName(to.toFirstName) || 'un·e référent·e'}, référent·e du territoire englobant`
            : `${safeFirstName(to.toFirstName) || 'a referent'}, referent of the enclosing territory`;
      return {
        ...base,
        subject: withTitle(fr ? 'Mise en relation transmise' : 'Introduction handed over'),
        tagline: fr ? 'Mise en relation transmise' : 'Introduction handed over',
        paragraphs: [
          requestSentence(job, n, locale),
          fr
            ? `Faute de réponse, cette demande a été transmise ${whom}. Vous n’avez plus rien à faire ; merci pour votre engagement !`
            : `Without an answer, this request was handed over to ${whom}. ` +
              `There is nothing left for you to do; thank you for your commitment!`,
        ],
      };
    }
    case 'referent-reminder':
      return {
        ...base,
        subject: w.reminderSubject(title),
        tagline: w.reminderTagline,
        paragraphs: [
          fr ? 'Petit rappel : cette demande attend toujours votre réponse.' : 'A gentle reminder: this request still awaits your answer.',
          requestSentence(job, n, locale),
          ...(toAdmins
            ? []
            : [
                fr
                  ? 'Sans réponse, elle sera transmise au territoire englobant.'
                  : 'Without an answer, it will be handed over to the enclosing territory.',
              ]),
          w.decide,
        ],
        action: action(w.approveOrDecline),
        links: [seeProject],
      };
    case 'approved': {
      const lead = recipientIsHolder
        ? fr
          ? `${n.member} souhaite rejoindre votre projet${n.project}, et ${approvedBy}.`
          : `${n.member} would like to join your project${n.project}, and ${approvedBy}.`
        : job.requestedBy === 'matcher'
          ? fr
            ? `Le projet${n.project}, porté par ${n.holder}, pourrait vous intéresser, et ${suggestedBy}.`
            : `The project${n.project}, led by ${n.holder}, could interest you, and ${suggestedBy}.`
          : fr
            ? `${n.holder}, qui porte le projet${n.project}, aimerait entrer en contact avec vous, et ${approvedBy}.`
            : `${n.holder}, who leads the project${n.project}, would like to get in touch with you, and ${approvedBy}.`;
      return {
        ...base,
        subject: withTitle(fr ? 'Mise en relation proposée' : 'Introduction proposed'),
        tagline: fr ? 'Mise en relation proposée' : 'Introduction proposed',
        paragraphs: [
          lead,
          fr
            ? `Acceptez-vous d’échanger vos coordonnées avec ${other} ? Rien n’est transmis sans votre accord.`
            : `Do you agree to exchange contact details with ${other}? Nothing is shared without your consent.`,
        ],
        blocks: noteBlock,
        action: action(w.acceptOrRefuse),
        links: [seeProject],
      };
    }
    case 'party-reminder':
      return {
        ...base,
        subject: w.reminderSubject(title),
        tagline: w.reminderTagline,
        paragraphs: [
          fr
            ? `Petit rappel : une mise en relation avec ${other} pour le projet${n.project} attend votre réponse. ` +
              `Sans réponse, la proposition expirera.`
            : `A gentle reminder: an introduction to ${other} for the project${n.project} awaits your answer. ` +
              `Without an answer, the proposal will expire.`,
        ],
        action: action(w.acceptOrRefuse),
        links: [seeProject],
      };
    case 'introduced': {
      if (!ctx.contact) throw new Error(`${job.factId}: an introduced email needs the other party's contact`);
      const name = oneLine(ctx.contact.displayName);
      return {
        ...base,
        subject: withTitle(fr ? 'Vous voici en relation' : 'You are introduced'),
        tagline: fr ? 'Vous voici en relation' : 'You are introduced',
        paragraphs: [
          fr
            ? `Bonne nouvelle : la mise en relation pour le projet${n.project} est faite. ` +
              `Voici les coordonnées de ${other} ; les vôtres lui ont été transmises aussi. ` +
              `À vous de jouer !`
            : `Good news: the introduction for the project${n.project} is done. ` +
              `Here are ${other}’s contact details; yours were sent to them too. Over to you!`,
        ],
        blocks: [
          { heading: name, lines: [`${w.email}${w.colon}${oneLine(ctx.contact.email)}`] },
          ...(ctx.message ? [{ heading: w.message, lines: textLines(ctx.message) }] : []),
        ],
        links: [seeProject],
      };
    }
    case 'declined':
      return {
        ...base,
        subject: withTitle(fr ? 'Votre demande de mise en relation' : 'Your introduction request'),
        tagline: fr ? 'Votre demande de mise en relation' : 'Your introduction request',
        paragraphs: [
          fr
            ? `Merci pour votre demande de mise en relation ${asked}. ` +
              `${byTeam ? w.declinedByTeam : w.declinedByReferent} ` +
              `Ce n’est un jugement ni sur vous ni sur le projet. ${w.otherEncounters}`
            : `Thank you for your introduction request ${asked}. ` +
              `${byTeam ? w.declinedByTeam : w.declinedByReferent} ` +
              `This is no judgement on you or on the project. ${w.otherEncounters}`,
        ],
        blocks: noteBlock,
      };
    case 'refused':
      return {
        ...base,
        subject: withTitle(fr ? 'Votre demande de mise en relation' : 'Your introduction request'),
        tagline: fr ? 'Votre demande de mise en relation' : 'Your introduction request',
        paragraphs: [
          fr
            ? `Merci pour votre demande de mise en relation ${asked}. ` +
              `${capitalise(other)} n’a pas souhaité y donner suite pour le moment ; ` +
              `chacun·e a ses raisons et ses disponibilités. ${w.otherEncounters}`
            : `Thank you for your introduction request ${asked}. ` +
              `${capitalise(other)} chose not to take it further for now; ` +
              `everyone has their own reasons and availability. ${w.otherEncounters}`,
        ],
      };
    case 'expired':
      return {
        ...base,
        subject: withTitle(fr ? 'Votre demande de mise en relation' : 'Your introduction request'),
        tagline: fr ? 'Votre demande de mise en relation' : 'Your introduction request',
        paragraphs: [
          fr
            ? `Votre demande de mise en relation ${asked} est restée sans réponse et a expiré. ` +
              `Ce n’est pas un refus : vous pouvez la renouveler. ${w.otherEncounters}`
            : `Your introduction request ${asked} went unanswered and has expired. ` +
              `It is not a refusal: you can ask again. ${w.otherEncounters}`,
        ],
      };
    case 'ended': {
      // About the other party: the project, as the member sees it; the member, as the holder does.
      // An erased person is never named, not even by first name.
      const erased = job.endReason === 'party-erased';
      const about = recipientIsHolder
        ? fr
          ? `${erased ? '' : `avec ${n.member} `}pour votre projet${n.project}`
          : `${erased ? '' : `with ${n.member} `}for your project${n.project}`
        : fr
          ? `pour le projet${n.project}`
          : `for the project${n.project}`;
      const why =
        job.endReason === 'project-closed'
          ? recipientIsHolder
            ? fr
              ? 'Votre projet est désormais clos : cette mise en relation s’arrête donc ici.'
              : 'Your project is now closed, so this introduction stops here.'
            : fr
              ? 'Le projet est désormais clos : cette mise en relation s’arrête donc ici.'
              : 'The project is now closed, so this introduction stops here.'
          : fr
            ? 'L’autre personne a quitté Trame : cette mise en relation s’arrête donc ici.'
            : 'The other person has left Trame, so this introduction stops here.';
      return {
        ...base,
        subject: withTitle(fr ? 'Une mise en relation s’arrête' : 'An introduction comes to an end'),
        tagline: fr ? 'Une mise en relation s’arrête' : 'An introduction comes to an end',
        paragraphs: [
          fr
            ? `Nous vous écrivons au sujet de la mise en relation ${about}. ${why} ` +
              `Ce n’est le fait de personne, et rien ne vous est demandé. ` +
              `Merci pour votre engagement ; ${w.otherEncounters.charAt(0).toLowerCase()}${w.otherEncounters.slice(1)}`
            : `We are writing about the introduction ${about}. ${why} ` +
              `Nobody is at fault, and nothing is asked of you. ` +
              `Thank you for your commitment; ${w.otherEncounters.charAt(0).toLowerCase()}${w.otherEncounters.slice(1)}`,
        ],
      };
    }
    case 'withdrawn': {
      // Told to whoever was waiting on it: the referent (or the team), or the party asked to consent.
      const requester = job.requestedBy === 'holder' ? n.holder : n.member;
      const what = recipientIsHolder
        ? fr
          ? `pour votre projet${n.project}`
          : `for your project${n.project}`
        : fr
          ? `pour le projet${n.project}`
          : `for the project${n.project}`;
      return {
        ...base,
        subject: withTitle(fr ? 'Demande de mise en relation retirée' : 'Introduction request withdrawn'),
        tagline: fr ? 'Demande de mise en relation retirée' : 'Introduction request withdrawn',
        paragraphs: [
          fr
            ? `${requester} a retiré sa demande de mise en relation ${what}. ` +
              `Vous n’avez plus rien à faire à ce sujet ; merci pour votre attention.`
            : `${requester} withdrew their introduction request ${what}. ` +
              `There is nothing left for you to do about it; thank you for your attention.`,
        ],
        links: job.recipient.kind === 'member' ? [] : [seeProject],
      };
    }
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const textOf = (c: IntroductionCopy): string => {
  const colon = WORDS[c.locale].colon;
  const blocks = c.blocks.map((b) => [b.heading, ...b.lines.map((l) => `  ${l}`)].join('\n'));
  const links = [...(c.action ? [c.action] : []), ...c.links].map((l) => `${l.label}${colon}${l.url}`);
  return [c.greeting, ...c.paragraphs, ...blocks, ...(links.length ? [links.join('\n')] : []), c.footer].join('\n\n');
};

const mjmlSection = (c: IntroductionCopy): string => {
  const lang = `lang="${c.locale}"`;
  const blocks = c.blocks
    .map(
      (b) =>
        `<mj-text><div ${lang}><h3 style="margin:0 0 6px;font-size:16px">${e(b.heading)}</h3>` +
        `<p style="margin:0">${b.lines.map((l) => e(l)).join('<br>')}</p></div></mj-text>`,
    )
    .join('\n      ');
  const action = c.action ? mjmlButton(c.action.url, c.action.label) : '';
  const links = c.links.length
    ? `<mj-text><div ${lang}>${c.links.map((l) => `<p><a href="${e(l.url)}">${e(l.label)}</a></p>`).join('')}</div></mj-text>`
    : '';
  return `
  <mj-section background-color="#ffffff">
    <mj-column>
      <mj-text><div ${lang}><p>${e(c.greeting)}</p>${c.paragraphs.map((p) => `<p>${e(p)}</p>`).join('')}</div></mj-text>
      ${blocks}
      ${action}
      ${links}
      <mj-text font-size="12px" color="#666666"><div ${lang}>${e(c.footer)}</div></mj-text>
    </mj-column>
  </mj-section>`;
};

/**
 * Subject, plain text and HTML of an introduction email, in the recipient's language first
 * and the other one below, like every Trame email. Every interpolated value is escaped in
 * the HTML; contact details and messages appear only in what the notifier passes in.
 */
export async function renderIntroductionEmail(job: IntroductionEmailJob, ctx: IntroductionRenderContext): Promise<RenderedEmail> {
  const copies = languageOrder(ctx.locale).map((locale): IntroductionCopy => {
    const copy = introductionCopy(job, locale, ctx);
    // A sentence may open with a name's lower-case stand-in ("une personne…").
    return { ...copy, paragraphs: copy.paragraphs.map(capitalise) };
  });
  const [first, second] = copies as [IntroductionCopy, IntroductionCopy];
  const subject = `${first.subject} · ${second.tagline}`;
  const text = bilingualText(textOf(first), textOf(second));
  const html = await bilingualHtml({
    lang: first.locale,
    subject,
    preview: first.paragraphs[0] ?? '',
    sections: [mjmlSection(first), mjmlSection(second)],
  });
  return { subject, text, html };
}
