import { createHash, createHmac } from 'node:crypto';
import { messageIdFor } from './build-email';
import type { LinkSigner } from './link-signer';
import type { OutgoingEmail } from './mail-transport.port';
import { bilingualHtml, bilingualText, languageOrder } from './render/bilingual-layout';
import type { Locale } from './render/email-copy';
import { escapeHtml as e } from './render/escape-html';
import type { RenderedEmail } from './render/render-email';

/**
 * What the emails holding a single-use link and a 6-digit code share (sign-in, confirmation):
 * each flow brings its own keys, path and words; the derivations, layout and headers are one.
 */

/** A request's link token: HMAC-SHA256 of its id under `key` (a sub-key of the link secret), base64url. */
export const linkToken = (signer: LinkSigner, key: string, requestId: string): string =>
  createHmac('sha256', signer.subKey(key)).update(requestId, 'utf8').digest('base64url');

/** A request's 6-digit code under `key`: 48 bits of HMAC reduced modulo 10^6 (bias below 10^-8). */
export const sixDigitCode = (signer: LinkSigner, key: string, requestId: string): string => {
  const digest = createHmac('sha256', signer.subKey(key)).update(requestId, 'utf8').digest();
  return (digest.readUIntBE(0, 6) % 1_000_000).toString().padStart(6, '0');
};

/** `publicUrl` + `path` + `?token=…`. */
export const linkUrl = (publicUrl: string, path: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;

/** "123 456": two groups of three, easier to read and type than six digits in a row. */
export const spacedCode = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`;

/** What a flow renders such an email from (its own words aside). */
export type LinkAndCodeEmailFields = Readonly<{
  /** Language shown first (the person's own; French otherwise). */
  locale: Locale;
  firstName: string;
  url: string;
  /** The 6-digit code of the same request. */
  code: string;
  /** How long the link and the code stay valid. */
  ttlSeconds: number;
}>;

/** One language's words of such an email, already filled in. */
export type LinkAndCodeCopy = Readonly<{
  subject: string;
  hello: string;
  intro: string;
  button: string;
  /** Introduces the code ("Or type this code…"). */
  code: string;
  validity: string;
  fallback: string;
  ignore: string;
}>;

export type LinkAndCodeEmailInput = Readonly<{
  /** Language shown first. */
  locale: Locale;
  url: string;
  code: string;
  copy: (l: Locale) => LinkAndCodeCopy;
  /** The plain-text paragraphs of one language (each flow orders its own). */
  paragraphs: (c: LinkAndCodeCopy, l: Locale) => readonly string[];
}>;

/** Subject, text and HTML, both languages, `locale` first: a button to the link, the code, its validity. */
export async function renderLinkAndCodeEmail(input: LinkAndCodeEmailInput): Promise<RenderedEmail> {
  const order = languageOrder(input.locale);
  const textOf = (l: Locale) => input.paragraphs(input.copy(l), l).join('\n\n');
  const section = (l: Locale) => {
    const c = input.copy(l);
    const fallback = `<p>${e(c.fallback)}<br /><a href="${e(input.url)}">${e(input.url)}</a></p>`;
    return `
  <mj-section background-color="#ffffff">
    <mj-column>
      <mj-text><div lang="${l}"><p>${e(c.hello)}</p><p>${e(c.intro)}</p></div></mj-text>
      <mj-button href="${e(input.url)}" align="left" background-color="#2f6b3b" color="#ffffff" font-size="14px">${e(c.button)}</mj-button>
      <mj-text><div lang="${l}"><p>${e(c.code)}</p></div></mj-text>
      <mj-text font-size="32px" line-height="1.2" font-weight="bold" letter-spacing="4px" font-family="Courier New, monospace">${e(
        spacedCode(input.code),
      )}</mj-text>
      <mj-text><div lang="${l}"><p>${e(c.validity)}</p></div></mj-text>
      <mj-text font-size="12px" color="#666666"><div lang="${l}">${fallback}<p>${e(c.ignore)}</p></div></mj-text>
    </mj-column>
  </mj-section>`;
  };
  const subject = `${input.copy(order[0]).subject} · ${input.copy(order[1]).subject}`;
  const html = await bilingualHtml({ lang: order[0], subject, sections: [section(order[0]), section(order[1])] });
  return { subject, text: bilingualText(textOf(order[0]), textOf(order[1])), html };
}

/**
 * The outgoing email of a request. No List-Unsubscribe: the person asked for this one message.
 * The Message-ID is `<kind>.<hash of the request>`, not the request id itself.
 */
export function buildLinkAndCodeEmail(
  kind: string,
  input: Readonly<{ requestId: string; from: string; to: string; publicUrl: string; content: RenderedEmail }>,
): OutgoingEmail {
  const ref = createHash('sha256').update(input.requestId, 'utf8').digest('hex').slice(0, 32);
  return {
    messageId: messageIdFor(`${kind}.${ref}`, input.publicUrl),
    from: input.from,
    to: input.to,
    subject: input.content.subject,
    text: input.content.text,
    html: input.content.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
