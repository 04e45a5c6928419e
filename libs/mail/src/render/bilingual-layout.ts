import mjml2html from 'mjml';
import type { Locale } from './email-copy';
import { escapeHtml as e } from './escape-html';

/*
 * The layout every Trame email shares: the recipient's language first, the other one below,
 * in the plain text and in the MJML body alike.
 */

/** Product rule: the recipient's language first, the other one below. */
export const languageOrder = (locale: Locale): [Locale, Locale] => (locale === 'en' ? ['en', 'fr'] : ['fr', 'en']);

// Not "-- " (a signature delimiter: mail clients would fold away the second language).
const TEXT_SEPARATOR = '\n\n________________________________________\n\n';

/** The plain-text body: both languages' texts, separated by a rule. */
export const bilingualText = (first: string, second: string): string => `${first}${TEXT_SEPARATOR}${second}\n`;

/** The call-to-action button of notification and introduction emails. */
export const mjmlButton = (href: string, label: string) =>
  `<mj-button href="${e(href)}" align="left" background-color="#2f6b3b" color="#ffffff" font-size="14px" padding="4px 25px 12px">` +
  `${e(label)}</mj-button>`;

/** The HTML body: both languages' MJML sections, separated by a divider, compiled strictly. */
export async function bilingualHtml(
  input: Readonly<{ lang: Locale; subject: string; preview?: string; sections: readonly [string, string] }>,
): Promise<string> {
  const preview = input.preview === undefined ? '' : `\n    <mj-preview>${e(input.preview)}</mj-preview>`;
  const source = `<mjml lang="${input.lang}">
  <mj-head>
    <mj-title>${e(input.subject)}</mj-title>${preview}
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.5" color="#1f2d1f" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f1ea">
  ${input.sections[0]}
  <mj-section><mj-column><mj-divider border-color="#b9b2a3" border-width="1px" /></mj-column></mj-section>
  ${input.sections[1]}
  </mj-body>
</mjml>`;
  const { html, errors } = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  // 'strict' throws on invalid MJML already; this guards a version that only reports.
  if (errors.length) throw new Error(`MJML: ${errors.map((x) => x.formattedMessage).join('; ')}`);
  return html;
}
