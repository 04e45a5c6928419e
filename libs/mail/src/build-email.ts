import type { OutgoingEmail } from './mail-transport.port';
import type { RenderedEmail } from './render/render-email';

/** Anything outside RFC 5322 dot-atom text would make an invalid Message-ID. */
const NOT_ATEXT = /[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g;

/**
 * `<${factId}@${host of PUBLIC_URL}>`: the same fact always gets the same id, so duplicates
 * can be counted (and the outbox overwrites instead of duplicating).
 */
export function messageIdFor(factId: string, publicUrl: string): string {
  const host = new URL(publicUrl).hostname || 'trame.local';
  const local = factId
    .replace(NOT_ATEXT, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '-');
  return `<${local}@${host}>`;
}

export type BuildEmailInput = Readonly<{
  factId: string;
  from: string;
  to: string;
  publicUrl: string;
  /** Signed one-click link (`LinkSigner.unsubscribeUrl`). */
  unsubscribeUrl: string;
  content: RenderedEmail;
}>;

/** The rendered content plus the headers every notification carries (RFC 2369, RFC 8058). */
export function buildEmail(input: BuildEmailInput): OutgoingEmail {
  return {
    messageId: messageIdFor(input.factId, input.publicUrl),
    from: input.from,
    to: input.to,
    subject: input.content.subject,
    text: input.content.text,
    html: input.content.html,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
