import {
  buildLinkAndCodeEmail,
  type LinkAndCodeEmailFields,
  linkToken,
  linkUrl,
  renderLinkAndCodeEmail,
  sixDigitCode,
  spacedCode,
} from './link-and-code-email';
import type { LinkSigner } from './link-signer';
import type { OutgoingEmail } from './mail-transport.port';
import { type Locale, safeFirstName } from './render/email-copy';
import type { RenderedEmail } from './render/render-email';
import { CANONICAL_TOKEN_32_PATTERN } from './signed-token';

/**
 * The web page a confirmation email links to (GET shows a button, its POST consumes the token).
 * Emails sent before point at the api's own page, `/v1/members/confirm`, which still works.
 */
export const CONFIRMATION_PATH = '/confirmer';

/**
 * The single-use token of a confirmation request: HMAC-SHA256 of the request's 256 random
 * bits under its own key derived from the link secret (as sign-in tokens, another key). The
 * api stores only its sha256; the notifier derives it again to write the link.
 */
export const confirmationToken = (signer: LinkSigner, requestId: string): string => linkToken(signer, 'confirmation-link', requestId);

/** Canonical base64url of 32 bytes: another spelling of the same bytes is refused before any lookup. */
export const CONFIRMATION_TOKEN_PATTERN = CANONICAL_TOKEN_32_PATTERN;

/** The 6-digit code of the same request, under another key: 48 bits modulo 10^6 (bias below 10^-8). */
export const confirmationCode = (signer: LinkSigner, requestId: string): string => sixDigitCode(signer, 'confirmation-code', requestId);

export const confirmationUrl = (publicUrl: string, token: string): string => linkUrl(publicUrl, CONFIRMATION_PATH, token);

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

/** Its `ttlSeconds` is also how long the account waits for the confirmation. */
export type ConfirmationEmailInput = LinkAndCodeEmailFields;

/** Subject, text and HTML of a confirmation email, both languages, the member's first. */
export async function renderConfirmationEmail(input: ConfirmationEmailInput): Promise<RenderedEmail> {
  const name = safeFirstName(input.firstName);
  return renderLinkAndCodeEmail({
    locale: input.locale,
    url: input.url,
    code: input.code,
    copy: (l) => {
      const c = COPY[l];
      const days = duration(l, input.ttlSeconds);
      return { ...c, hello: c.hello(name), validity: c.validity(days), ignore: c.ignore(days) };
    },
    paragraphs: (c, l) => [
      c.hello,
      c.intro,
      `${c.button}${l === 'fr' ? ' : ' : ': '}${input.url}`,
      `${c.code}\n\n    ${spacedCode(input.code)}`,
      c.validity,
      c.ignore,
    ],
  });
}

/** The outgoing confirmation email: no List-Unsubscribe (the person asked for this one message). */
export function buildConfirmationEmail(
  input: Readonly<{ requestId: string; from: string; to: string; publicUrl: string; content: RenderedEmail }>,
): OutgoingEmail {
  return buildLinkAndCodeEmail('confirmation', input);
}
