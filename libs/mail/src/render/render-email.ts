import type { EmailJob } from '@trame/messaging';
import { bilingualHtml, bilingualText, languageOrder, mjmlButton } from './bilingual-layout';
import { type Copy, copyFor, type RenderContext } from './email-copy';
import { escapeHtml as e } from './escape-html';

export type { RenderContext } from './email-copy';
export type RenderedEmail = Readonly<{ subject: string; text: string; html: string }>;

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
    ...(c.action ? [`${c.action.label}${colon}${c.action.url}`] : []),
    ...(links.length ? [links.join('\n')] : []),
    `${c.unsubscribe.lead}\n${c.unsubscribe.link.label}${colon}${c.unsubscribe.link.url}`,
  ].join('\n\n');
};

const mjmlSection = (c: Copy): string => {
  const items = c.items
    .map((item) => {
      const heading = `<h3 style="margin:0 0 6px;font-size:16px">${e(item.heading)}</h3>`;
      const lines = `<ul style="margin:0;padding-left:18px">${item.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`;
      return `
      <mj-text><div lang="${c.locale}">${heading}${lines}</div></mj-text>
      ${item.links.map((l) => mjmlButton(l.url, l.label)).join('\n      ')}`;
    })
    .join('\n');
  const links = c.links.length
    ? `<mj-text><div lang="${c.locale}">${c.links.map((l) => `<p><a href="${e(l.url)}">${e(l.label)}</a></p>`).join('')}</div></mj-text>`
    : '';
  const unsubscribeLink = `<a href="${e(c.unsubscribe.link.url)}">${e(c.unsubscribe.link.label)}</a>`;
  const action = c.action ? mjmlButton(c.action.url, c.action.label) : '';
  return `
  <mj-section background-color="#ffffff">
    <mj-column>
      <mj-text><div lang="${c.locale}"><p>${e(c.greeting)}</p><p>${e(c.intro)}</p></div></mj-text>
      ${items}
      ${action}
      ${links}
      <mj-text font-size="12px" color="#666666"><div lang="${c.locale}">${e(c.unsubscribe.lead)} ${unsubscribeLink}</div></mj-text>
    </mj-column>
  </mj-section>`;
};

/**
 * Subject, plain text and HTML of a notification email, in the recipient's language first
 * and the other one below. Every interpolated value is escaped in the HTML.
 */
export async function renderEmail(job: EmailJob, ctx: RenderContext): Promise<RenderedEmail> {
  const [first, second] = languageOrder(ctx.locale).map((locale) => copyFor(job, locale, ctx)) as [Copy, Copy];
  const subject = `${first.subject} · ${second.tagline}`;
  const text = bilingualText(textOf(first), textOf(second));
  const html = await bilingualHtml({
    lang: first.locale,
    subject,
    preview: first.intro,
    sections: [mjmlSection(first), mjmlSection(second)],
  });
  return { subject, text, html };
}
