import mjml2html from 'mjml';
import type { EmailJob } from '@trame/messaging';
import { type Copy, copyFor, type Locale, type RenderContext } from './email-copy';
import { escapeHtml as e } from './escape-html';

export type { RenderContext } from './email-copy';
export type RenderedEmail = Readonly<{ subject: string; text: string; html: string }>;

/** Product rule: the recipient's language first, the other one below. */
const order = (locale: Locale): [Locale, Locale] => (locale === 'en' ? ['en', 'fr'] : ['fr', 'en']);

// Not "-- " (a signature delimiter: mail clients would fold away the second language).
const TEXT_SEPARATOR = '\n\n________________________________________\n\n';

const textOf = (c: Copy): string => {
  const colon = c.locale === 'fr' ? ' : ' : ': ';
  const items = c.items.map((item) =>
    [item.heading, ...item.lines.map((l) => `  ${l}`), ...item.links.map((l) => `  ${l.label}${colon}${l.url}`)].join('\n'),
  );
  const links = c.links.map((l) => `${l.label}${colon}${l.url}`);
  return [
    c.greeting,
    c.intro,
    ...items,
    ...(links.length ? [links.join('\n')] : []),
    `${c.unsubscribe.lead}\n${c.unsubscribe.link.label}${colon}${c.unsubscribe.link.url}`,
  ].join('\n\n');
};

const button = (href: string, label: string) =>
  `<mj-button href="${e(href)}" align="left" background-color="#2f6b3b" color="#ffffff" font-size="14px" padding="4px 25px 12px">${e(label)}</mj-button>`;

const mjmlSection = (c: Copy): string => {
  const items = c.items
    .map(
      (item) => `
      <mj-text><div lang="${c.locale}"><h3 style="margin:0 0 6px;font-size:16px">${e(item.heading)}</h3><ul style="margin:0;padding-left:18px">${item.lines
        .map((l) => `<li>${e(l)}</li>`)
        .join('')}</ul></div></mj-text>
      ${item.links.map((l) => button(l.url, l.label)).join('\n      ')}`,
    )
    .join('\n');
  const links = c.links.length
    ? `<mj-text><div lang="${c.locale}">${c.links.map((l) => `<p><a href="${e(l.url)}">${e(l.label)}</a></p>`).join('')}</div></mj-text>`
    : '';
  return `
  <mj-section background-color="#ffffff">
    <mj-column>
      <mj-text><div lang="${c.locale}"><p>${e(c.greeting)}</p><p>${e(c.intro)}</p></div></mj-text>
      ${items}
      ${links}
      <mj-text font-size="12px" color="#666666"><div lang="${c.locale}">${e(c.unsubscribe.lead)} <a href="${e(c.unsubscribe.link.url)}">${e(c.unsubscribe.link.label)}</a></div></mj-text>
    </mj-column>
  </mj-section>`;
};

/**
 * Subject, plain text and HTML of a notification email, in the recipient's language first
 * and the other one below. Every interpolated value is escaped in the HTML.
 */
export async function renderEmail(job: EmailJob, ctx: RenderContext): Promise<RenderedEmail> {
  const [first, second] = order(ctx.locale).map((locale) => copyFor(job, locale, ctx)) as [Copy, Copy];
  const subject = `${first.subject} · ${second.tagline}`;
  const text = `${textOf(first)}${TEXT_SEPARATOR}${textOf(second)}\n`;
  const source = `<mjml lang="${first.locale}">
  <mj-head>
    <mj-title>${e(subject)}</mj-title>
    <mj-preview>${e(first.intro)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.5" color="#1f2d1f" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f1ea">
  ${mjmlSection(first)}
  <mj-section><mj-column><mj-divider border-color="#b9b2a3" border-width="1px" /></mj-column></mj-section>
  ${mjmlSection(second)}
  </mj-body>
</mjml>`;
  const { html, errors } = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  // 'strict' throws on invalid MJML already; this guards a version that only reports.
  if (errors.length) throw new Error(`MJML: ${errors.map((x) => x.formattedMessage).join('; ')}`);
  return { subject, text, html };
}
