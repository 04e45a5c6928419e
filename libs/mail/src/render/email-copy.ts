import type { DigestEmailJob, EmailJob, MatchAudience, MatchEmailJob, MatchItem, PartnersEmailJob } from '@trame/messaging';

export type Locale = 'fr' | 'en';

export type RenderContext = Readonly<{
  /** The recipient's locale: it comes first, the other language follows. */
  locale: Locale;
  recipientFirstName: string;
  /** Base of every link (`PUBLIC_URL`). */
  publicUrl: string;
  /** The visible unsubscribe link: the web page (see `LinkSigner.unsubscribePageUrl`). */
  unsubscribeUrl: string;
}>;

export type Link = Readonly<{ label: string; url: string }>;
export type CopyItem = Readonly<{ heading: string; lines: readonly string[]; links: readonly Link[] }>;

/** One language's version of an email, before it becomes text or HTML. */
export type Copy = Readonly<{
  locale: Locale;
  subject: string;
  /** Short subject twin, appended to the other language's subject. */
  tagline: string;
  greeting: string;
  intro: string;
  items: readonly CopyItem[];
  /** One button after the items, for an email whose items share it (a holder's partner batch). */
  action?: Link;
  /** Links after the items (e.g. all of a member's recommendations). */
  links: readonly Link[];
  unsubscribe: Readonly<{ lead: string; link: Link }>;
}>;

/** One line of plain text: no newlines or control characters from data into the layout. */
export const oneLine = (value: string): string =>
  value
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this strips from data
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * First names only, ever: keep the first word, and drop it altogether if it looks like an
 * address (a member may have typed their email as their name).
 */
export const safeFirstName = (name: string): string => {
  const first = oneLine(name).split(' ')[0] ?? '';
  return first.includes('@') || first.length > 60 ? '' : first;
};

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');
const seg = encodeURIComponent;

/** The project's web page; its partners section for the holder. */
export const projectUrl = (publicUrl: string, projectId: string) => `${base(publicUrl)}/projets/${seg(projectId)}`;
export const projectPartnersUrl = (publicUrl: string, projectId: string) => `${projectUrl(publicUrl, projectId)}#partenaires`;
/** The member's space on the web, which lists their recommendations (the session says whose). */
export const memberRecommendationsUrl = (publicUrl: string, _memberId: string) => `${base(publicUrl)}/moi`;

const number = (x: number, locale: Locale) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: x < 10 ? 1 : 0 }).format(x);

const WORDS = {
  fr: {
    hello: (name: string) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    role: 'Rôle',
    distance: 'Distance',
    why: 'Pourquoi',
    colon: ' : ',
    quote: (title: string) => `« ${title} »`,
    seeProject: 'Voir le projet',
    allRecommendations: 'Toutes vos recommandations',
    seePartners: 'Voir les partenaires proposés',
    unsubscribeLead: 'Vous recevez cet e-mail parce que vous êtes inscrit·e sur Trame.',
    unsubscribe: 'Ne plus recevoir d’e-mails',
  },
  en: {
    hello: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    role: 'Role',
    distance: 'Distance',
    why: 'Why',
    colon: ': ',
    quote: (title: string) => `“${title}”`,
    seeProject: 'See the project',
    allRecommendations: 'All your recommendations',
    seePartners: 'See the suggested partners',
    unsubscribeLead: 'You receive this email because you signed up on Trame.',
    unsubscribe: 'Stop receiving emails',
  },
} as const;

const details = (item: MatchItem, locale: Locale): string[] => {
  const w = WORDS[locale];
  // No distance line for an area or a remote project: the reasons say "dans votre département" or "ouvert à distance".
  return [
    `${w.role}${w.colon}${oneLine(item.role)}`,
    ...(item.distanceKm === null ? [] : [`${w.distance}${w.colon}${number(item.distanceKm, locale)} km`]),
    `${w.why}${w.colon}${oneLine(item.reasons[locale])}`,
  ];
};

const itemFor = (audience: MatchAudience, item: MatchItem, locale: Locale, ctx: RenderContext): CopyItem => {
  const w = WORDS[locale];
  const title = w.quote(oneLine(item.projectTitle));
  if (audience === 'member') {
    return {
      heading: locale === 'fr' ? `Projet ${title}` : `Project ${title}`,
      lines: details(item, locale),
      links: [{ label: w.seeProject, url: projectUrl(ctx.publicUrl, item.projectId) }],
    };
  }
  const partner = safeFirstName(item.memberFirstName) || (locale === 'fr' ? 'Une personne' : 'Someone');
  return {
    heading: locale === 'fr' ? `${partner}, pour votre projet ${title}` : `${partner}, for your project ${title}`,
    lines: details(item, locale),
    links: [{ label: w.seePartners, url: projectPartnersUrl(ctx.publicUrl, item.projectId) }],
  };
};

const allRecommendations = (memberId: string, locale: Locale, ctx: RenderContext): Link => ({
  label: WORDS[locale].allRecommendations,
  url: memberRecommendationsUrl(ctx.publicUrl, memberId),
});

const common = (locale: Locale, ctx: RenderContext) => ({
  locale,
  greeting: WORDS[locale].hello(safeFirstName(ctx.recipientFirstName)),
  unsubscribe: { lead: WORDS[locale].unsubscribeLead, link: { label: WORDS[locale].unsubscribe, url: ctx.unsubscribeUrl } },
});

const matchCopy = (job: MatchEmailJob, locale: Locale, ctx: RenderContext): Copy => {
  const title = oneLine(job.match.projectTitle);
  const fr = locale === 'fr';
  const texts =
    job.audience === 'member'
      ? fr
        ? {
            subject: `Un nouveau projet vous correspond : ${title}`,
            tagline: 'Un nouveau projet vous correspond',
            intro: 'Un nouveau projet vous correspond.',
          }
        : { subject: `A new project fits you: ${title}`, tagline: 'A new project fits you', intro: 'A new project fits you.' }
      : fr
        ? {
            subject: `Un nouveau partenaire pour votre projet : ${title}`,
            tagline: 'Un nouveau partenaire pour votre projet',
            intro: 'Une nouvelle personne correspond à votre projet.',
          }
        : {
            subject: `A new partner fits your project: ${title}`,
            tagline: 'A new partner fits your project',
            intro: 'A new partner fits your project.',
          };
  return {
    ...common(locale, ctx),
    ...texts,
    items: [itemFor(job.audience, job.match, locale, ctx)],
    links: job.audience === 'member' ? [allRecommendations(job.recipientId, locale, ctx)] : [],
  };
};

const digestCopy = (job: DigestEmailJob, locale: Locale, ctx: RenderContext): Copy => {
  const n = job.items.length;
  const fr = locale === 'fr';
  const period = fr ? (job.frequency === 'daily' ? 'quotidien' : 'hebdomadaire') : job.frequency;
  const count = fr ? `${n} nouveauté${n > 1 ? 's' : ''}` : `${n} new match${n > 1 ? 'es' : ''}`;
  const hasMember = job.items.some((i) => i.audience === 'member');
  return {
    ...common(locale, ctx),
    subject: fr ? `Votre récapitulatif ${period} : ${count}` : `Your ${period} digest: ${count}`,
    tagline: fr ? `Votre récapitulatif ${period}` : `Your ${period} digest`,
    intro: fr
      ? `Voici ${count} depuis votre dernier récapitulatif, les meilleures d’abord.`
      : `Here ${n > 1 ? 'are' : 'is'} ${count} since your last digest, best first.`,
    items: job.items.map((item) => itemFor(item.audience, item, locale, ctx)),
    links: hasMember ? [allRecommendations(job.recipientId, locale, ctx)] : [],
  };
};

/** A holder's new partners of one window: one item per partner (first name, role, distance, why), one button. */
const partnersCopy = (job: PartnersEmailJob, locale: Locale, ctx: RenderContext): Copy => {
  const n = job.items.length;
  const fr = locale === 'fr';
  const w = WORDS[locale];
  const title = oneLine(job.items[0]?.projectTitle ?? '');
  const quoted = w.quote(title);
  const someone = fr ? 'Une personne' : 'Someone';
  const texts =
    n === 1
      ? fr
        ? {
            subject: `Un nouveau partenaire pour votre projet : ${title}`,
            intro: `Une nouvelle personne correspond à votre projet ${quoted}.`,
          }
        : { subject: `A new partner fits your project: ${title}`, intro: `A new partner fits your project ${quoted}.` }
      : fr
        ? {
            subject: `${n} nouveaux partenaires pour votre projet : ${title}`,
            intro: `${n} nouvelles personnes correspondent à votre projet ${quoted}. Les voici, les plus adaptées d’abord.`,
          }
        : { subject: `${n} new partners fit your project: ${title}`, intro: `${n} new people fit your project ${quoted}, best first.` };
  return {
    ...common(locale, ctx),
    ...texts,
    tagline: fr ? 'Nouveaux partenaires pour votre projet' : 'New partners for your project',
    items: job.items.map((item) => ({ heading: safeFirstName(item.memberFirstName) || someone, lines: details(item, locale), links: [] })),
    action: { label: w.seePartners, url: projectPartnersUrl(ctx.publicUrl, job.projectId) },
    links: [],
  };
};

/** The email's copy in one language. */
export const copyFor = (job: EmailJob, locale: Locale, ctx: RenderContext): Copy =>
  job.kind === 'match'
    ? matchCopy(job, locale, ctx)
    : job.kind === 'digest'
      ? digestCopy(job, locale, ctx)
      : partnersCopy(job, locale, ctx);
