import { createHash, createHmac } from 'node:crypto';
import { messageIdFor } from './build-email';
import type { LinkSigner } from './link-signer';
import type { OutgoingEmail } from './mail-transport.port';
import { bilingualHtml, bilingualText, languageOrder } from './render/bilingual-layout';
import { type Locale, safeFirstName } from './render/email-copy';
import { escapeHtml as e } from './render/escape-html';
import type { RenderedEmail } from './render/render-email';
import { CANONICAL_TOKEN_32_PATTERN } from './signed-token';

/** The page a confirmation email links to (GET shows it, its button POSTs the token to the same path). */
export const CONFIRMATION_PATH = '/v1/members/confirm';

/**
 * The single-use token of a confirmation request: HMAC-SHA256 of the request's 256 random
 * bits under its own key derived from the link secret (as sign-in tokens, another key). The
 * api stores only its sha256; the notifier derives it again to write the link.
 */
export const confirmationToken = (signer: LinkSigner, requestId: string): string =>
  createHmac('sha256', signer.subKey('confirmation-link')).update(requestId, 'utf8').digest('base64url');

/** Canonical base64url of 32 bytes: another spelling of the same bytes is refused before any lookup. */
export const CONFIRMATION_TOKEN_PATTERN = CANONICAL_TOKEN_32_PATTERN;

/** The 6-digit code of the same request, under another key: 48 bits modulo 10^6 (bias below 10^-8). */
export const confirmationCode = (signer: LinkSigner, requestId: string): string => {
  const digest = createHmac('sha256', signer.subKey('confirmation-code')).update(requestId, 'utf8').digest();
  return (digest.readUIntBE(0, 6) % 1_000_000).toString().padStart(6, '0');
};

export const confirmationUrl = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${CONFIRMATION_PATH}?token=${encodeURIComponent(token)}`;

const COPY = {
  fr: {
    subject: 'Confirmez votre adresse pour Trame',
    hello: (name: string) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    intro:
      'Merci de votre inscription à Trame. Confirmez que cette adresse est bien la vôtre : ' +
      'avant cela, nous ne vous proposons aucun projet et ne vous écrivons rien d’autre.',
    button: 'Confirmer mon adresse',
    code: 'Ou tapez ce code sur la page de confirmation :',
    validity: (days: string) => `Le lien et le code sont valables ${days} ; l’un ou l’autre ne sert qu’une fois et vous connecte.`,
    fallback: 'Si le bouton ne marche pas, copiez ce lien dans votre navigateur :',
    ignore: (days: string) =>
      'Vous ne vous êtes pas inscrit·e ? Ignorez cet e-mail : ' +
      `sans confirmation, le compte créé avec cette adresse sera effacé dans ${days}.`,
  },
  en: {
    subject: 'Confirm your address for Trame',
    hello: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    intro:
      'Thank you for registering with Trame. Please confirm that this address is yours: ' +
      'until then we suggest no project to you and send you nothing else.',
    button: 'Confirm my address',
    code: 'Or type this code on the confirmation page:',
    validity: (days: string) => `The link and the code are valid for ${days}; either works once and signs you in.`,
    fallback: 'If the button does not work, copy this link into your browser:',
    ignore: (days: string) =>
      `Did not register? Ignore this email: without confirmation, the account created with this address will be erased in ${days}.`,
  },
} as const;

/** "7 jours" / "7 days", or hours, or minutes for the short delays of tests. */
const duration = (l: Locale, seconds: number): string => {
  const [n, unit] =
    seconds >= 86_400
      ? [Math.round(seconds / 86_400), 'd']
      : seconds >= 3600
        ? [Math.round(seconds / 3600), 'h']
        : [Math.max(1, Math.round(seconds / 60)), 'm'];
  const words = { fr: { d: 'jour', h: 'heure', m: 'minute' }, en: { d: 'day', h: 'hour', m: 'minute' } }[l][unit as 'd' | 'h' | 'm'];
  return `${n} ${words}${n > 1 ? 's' : ''}`;
};

/** "123 456": two groups of three, easier to read and type than six digits in a row. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

export type ConfirmationEmailInput = Readonly<{
  /** Language shown first (the member's own). */
  locale: Locale;
  firstName: string;
  url: string;
  code: string;
  /** How long the link and code stay valid (and the account waits for them). */
  ttlSeconds: number;
}>;

/** Subject, text and HTML of a confirmation email, both languages, the member's first. */
export async function renderConfirmationEmail(input: ConfirmationEmailInput): Promise<RenderedEmail> {
  const name = safeFirstName(input.firstName);
  const order = languageOrder(input.locale);
  const textOf = (l: Locale) => {
    const c = COPY[l];
    const days = duration(l, input.ttlSeconds);
    return [
      c.hello(name),
      c.intro,
      `${c.button}${l === 'fr' ? ' : ' : ': '}${input.url}`,
      `${c.code}\n\n    ${spaced(input.code)}`,
      c.validity(days),
      c.ignore(days),
    ].join('\n\n');
  };
  const section = (l: Locale) => {
    const c = COPY[l];
    const days = duration(l, input.ttlSeconds);
    const fallback = `<p>${e(c.fallback)}<br /><a href="${e(input.url)}">${e(input.url)}</a></p>`;
    return `
  <mj-section background-color="#ffffff">
    <mj-column>
      <mj-text><div lang="${l}"><p>${e(c.hello(name))}</p><p>${e(c.intro)}</p></div></mj-text>
      <mj-button href="${e(input.url)}" align="left" background-color="#2f6b3b" color="#ffffff" font-size="14px">${e(c.button)}</mj-button>
      <mj-text><div lang="${l}"><p>${e(c.code)}</p></div></mj-text>
      <mj-text font-size="32px" line-height="1.2" font-weight="bold" letter-spacing="4px" font-family="Courier New, monospace">${e(
        spaced(input.code),
      )}</mj-text>
      <mj-text><div lang="${l}"><p>${e(c.validity(days))}</p></div></mj-text>
      <mj-text font-size="12px" color="#666666"><div lang="${l}">${fallback}<p>${e(c.ignore(days))}</p></div></mj-text>
    </mj-column>
  </mj-section>`;
  };
  const subject = `${COPY[order[0]].subject} · ${COPY[order[1]].subject}`;
  const html = await bilingualHtml({ lang: order[0], subject, sections: [section(order[0]), section(order[1])] });
  return { subject, text: bilingualText(textOf(order[0]), textOf(order[1])), html };
}

/** The outgoing confirmation email: no List-Unsubscribe (the person asked for this one message). */
export function buildConfirmationEmail(
  input: Readonly<{ requestId: string; from: string; to: string; publicUrl: string; content: RenderedEmail }>,
): OutgoingEmail {
  const ref = createHash('sha256').update(input.requestId, 'utf8').digest('hex').slice(0, 32);
  return {
    messageId: messageIdFor(`confirmation.${ref}`, input.publicUrl),
    from: input.from,
    to: input.to,
    subject: input.content.subject,
    text: input.content.text,
    html: input.content.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
