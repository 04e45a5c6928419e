import { createHash, createHmac } from 'node:crypto';
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
import { safeFirstName } from './render/email-copy';
import type { RenderedEmail } from './render/render-email';
import { CANONICAL_TOKEN_32_PATTERN } from './signed-token';

/**
 * The web page a sign-in email links to (GET shows a button, its POST exchanges the token with
 * /v1/auth/token). Emails sent before point at the api's own page, `/v1/auth/sign-in`, which still works.
 */
export const SIGN_IN_PATH = '/connexion/lien';

/**
 * The single-use token of a sign-in request: HMAC-SHA256 of the request's 256 random bits
 * under a key derived from the link secret. The api stores only its sha256; the notifier
 * derives it again to write the link, so no queue payload ever holds a usable token.
 */
export const signInToken = (signer: LinkSigner, requestId: string): string => linkToken(signer, 'sign-in-link', requestId);

/** What the api keeps of a token (Redis key), so a Redis dump cannot sign anyone in. */
export const signInTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * The shape of a token: 32 bytes in canonical base64url. Anything else (another spelling
 * of the same bytes included) is refused before any lookup.
 */
export const SIGN_IN_TOKEN_PATTERN = CANONICAL_TOKEN_32_PATTERN;

/** A sign-in code: six digits, typed on the sign-in page (spaces and dashes are not part of it). */
export const SIGN_IN_CODE_PATTERN = /^[0-9]{6}$/;

/**
 * The 6-digit code of a sign-in request, for a phone that opens links in another browser:
 * derived from the request id under its own key, like the token, so neither the queue nor
 * Redis holds it. 48 bits reduced modulo 10^6 (bias below 10^-8).
 */
export const signInCode = (signer: LinkSigner, requestId: string): string => sixDigitCode(signer, 'sign-in-code', requestId);

/**
 * What the api keeps of a code: an HMAC keyed by the link secret over the address's lookup
 * hash and the code. A plain hash of six digits would fall to a million guesses offline; this
 * one cannot be checked without the secret, and binds the code to its address.
 */
export const signInCodeHash = (signer: LinkSigner, lookupHash: string, code: string): string =>
  createHmac('sha256', signer.subKey('sign-in-code-hash')).update(`${lookupHash}:${code}`, 'utf8').digest('hex');

export const signInUrl = (publicUrl: string, token: string): string => linkUrl(publicUrl, SIGN_IN_PATH, token);

const COPY = {
  fr: {
    subject: 'Votre lien de connexion à Trame',
    hello: (name: string) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    intro: 'Pour vous connecter à Trame, suivez ce lien :',
    code: 'Ou tapez ce code sur la page de connexion :',
    codeValidity: (minutes: number) => `Le code et le lien sont valables ${minutes} minutes ; l’un ou l’autre ne sert qu’une fois.`,
    button: 'Me connecter',
    fallback: 'Si le bouton ne marche pas, copiez ce lien dans votre navigateur :',
    ignore: 'Vous n’avez rien demandé ? Ignorez cet e-mail : sans ce lien ou ce code, personne ne peut se connecter à votre place.',
  },
  en: {
    subject: 'Your Trame sign-in link',
    hello: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    intro: 'To sign in to Trame, follow this link:',
    code: 'Or type this code on the sign-in page:',
    codeValidity: (minutes: number) => `The code and the link are valid for ${minutes} minutes; either works only once.`,
    button: 'Sign me in',
    fallback: 'If the button does not work, copy this link into your browser:',
    ignore: 'Did not ask for it? Ignore this email: without this link or this code, nobody can sign in as you.',
  },
} as const;

export type SignInEmailInput = LinkAndCodeEmailFields;

/** Subject, text and HTML of a sign-in email, both languages, the recipient's first. */
export async function renderSignInEmail(input: SignInEmailInput): Promise<RenderedEmail> {
  const minutes = Math.max(1, Math.round(input.ttlSeconds / 60));
  const name = safeFirstName(input.firstName);
  return renderLinkAndCodeEmail({
    locale: input.locale,
    url: input.url,
    code: input.code,
    copy: (l) => {
      const c = COPY[l];
      return { ...c, hello: c.hello(name), validity: c.codeValidity(minutes) };
    },
    paragraphs: (c) => [c.hello, `${c.intro}\n${input.url}`, `${c.code}\n\n    ${spacedCode(input.code)}\n\n${c.validity}`, c.ignore],
  });
}

/**
 * The outgoing sign-in email. No List-Unsubscribe: the person asked for this one message.
 * The Message-ID derives from a hash of the request, not the request id itself.
 */
export function buildSignInEmail(
  input: Readonly<{ requestId: string; from: string; to: string; publicUrl: string; content: RenderedEmail }>,
): OutgoingEmail {
  return buildLinkAndCodeEmail('sign-in', input);
}
