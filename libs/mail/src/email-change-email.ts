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
 * "Change my email": the email sent to the NEW address, with a single-use link and a 6-digit
 * code. The web page the link opens (GET shows a button, its POST consumes the token: mail
 * scanners prefetch links).
 */
export const EMAIL_CHANGE_PATH = '/moi/email/confirmer';

/** How long the link and the code work: a day, to read one's mail calmly. */
export const EMAIL_CHANGE_TTL_SECONDS = 24 * 3600;

/** The link's token: HMAC-SHA256 of the request's random id under its own sub-key of the link secret. */
export const emailChangeToken = (signer: LinkSigner, requestId: string): string => linkToken(signer, 'email-change-link', requestId);

export const EMAIL_CHANGE_TOKEN_PATTERN = CANONICAL_TOKEN_32_PATTERN;

/** The 6-digit code of the same request, under another sub-key. */
export const emailChangeCode = (signer: LinkSigner, requestId: string): string => sixDigitCode(signer, 'email-change-code', requestId);

export const emailChangeUrl = (publicUrl: string, token: string): string => linkUrl(publicUrl, EMAIL_CHANGE_PATH, token);

const COPY = {
  fr: {
    subject: 'Confirmez votre nouvelle adresse pour Trame',
    hello: (name: string) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    intro:
      'Vous avez demandé à utiliser cette adresse pour votre compte Trame. Confirmez-la : ' +
      'ensuite, c’est avec elle que vous vous connecterez et que nous vous écrirons.',
    button: 'Confirmer ma nouvelle adresse',
    code: 'Ou tapez ce code sur la page « Changer mon adresse e-mail » :',
    validity: 'Le lien et le code sont valables 24 heures et ne servent qu’une fois.',
    fallback: 'Si le bouton ne marche pas, copiez ce lien dans votre navigateur :',
    ignore: 'Vous n’avez rien demandé ? Ignorez cet e-mail : rien ne change sans confirmation.',
  },
  en: {
    subject: 'Confirm your new address for Trame',
    hello: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    intro:
      'You asked to use this address for your Trame account. Please confirm it: ' +
      'from then on you will sign in with it and we will write to it.',
    button: 'Confirm my new address',
    code: 'Or type this code on the “Change my email address” page:',
    validity: 'The link and the code are valid for 24 hours and work once.',
    fallback: 'If the button does not work, copy this link into your browser:',
    ignore: 'Did not ask for this? Ignore this email: nothing changes without confirmation.',
  },
} as const;

export type EmailChangeEmailInput = LinkAndCodeEmailFields;

/** Subject, text and HTML of the email to the new address, both languages, the member's first. */
export async function renderEmailChangeEmail(input: EmailChangeEmailInput): Promise<RenderedEmail> {
  const name = safeFirstName(input.firstName);
  return renderLinkAndCodeEmail({
    locale: input.locale,
    url: input.url,
    code: input.code,
    copy: (l) => ({ ...COPY[l], hello: COPY[l].hello(name) }),
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

/** The outgoing email: no List-Unsubscribe (the person asked for this one message). */
export function buildEmailChangeEmail(
  input: Readonly<{ requestId: string; from: string; to: string; publicUrl: string; content: RenderedEmail }>,
): OutgoingEmail {
  return buildLinkAndCodeEmail('email-change', input);
}
