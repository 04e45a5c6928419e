import { UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { escapeHtml as e } from '@trame/mail';
import { type Bilingual, htmlPage, oneLine } from './html-page';

/**
 * The page an emailed single-use link opens (sign-in, confirmation), French first then
 * English. GET only shows a button (mail scanners follow links, and a GET must not consume
 * the token); the button POSTs the token as a form to `action` (relative to the page), which
 * answers with a page holding the session. Each flow brings its own words and action.
 */
export type SingleUseLinkPage = Readonly<{
  /** Where the button POSTs the token, relative to the page's path. */
  action: string;
  button: Bilingual;
  /** The shape a token must have before the page offers its button. */
  tokenPattern: RegExp;
  /** Above the button. */
  confirm: Bilingual;
  /** A malformed, unknown, used or expired token. */
  invalid: Bilingual;
}>;

/** The page's HTML: `message`, then the button (given a token) or the session token (given one). */
export function singleUseLinkPage(
  page: Pick<SingleUseLinkPage, 'action' | 'button'>,
  message: Bilingual,
  options: { token?: string; accessToken?: string } = {},
): string {
  const form = options.token
    ? `<form method="post" action="${page.action}">
  <input type="hidden" name="token" value="${e(options.token)}">
  <button type="submit">${e(page.button.fr)} / <span lang="en">${e(page.button.en)}</span></button>
</form>`
    : '';
  const session = options.accessToken ? `<textarea readonly rows="6">${e(options.accessToken)}</textarea>` : '';
  return htmlPage(
    `<p>${e(message.fr)}</p>
<p lang="en">${e(message.en)}</p>
${form}${session}`,
    'textarea{width:100%;font-family:monospace;word-break:break-all}',
  );
}

/** Tokens travel in these pages: keep them out of caches, referrers and search engines. */
export function pageHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
}

/** GET: the page with its button, or 400 and `invalid` for a missing or malformed token. Changes nothing. */
export function showSingleUseLinkPage(page: SingleUseLinkPage, token: unknown, res: Response): string {
  pageHeaders(res);
  res.type('html');
  if (typeof token !== 'string' || !page.tokenPattern.test(token)) {
    res.status(400);
    return singleUseLinkPage(page, page.invalid);
  }
  return singleUseLinkPage(page, page.confirm, { token });
}

/**
 * POST: the answer once the token (or code) was consumed. The page's form wants a page back
 * (the session token on it, or 401 and `refusal`); API clients get `session` as JSON, or a
 * 401 whose message is `refusal`.
 */
export function answerSingleUseLink<P, T>(
  page: SingleUseLinkPage,
  req: Request,
  res: Response,
  outcome: Readonly<{
    principal: P | null;
    refusal: Bilingual;
    done: Bilingual;
    accessToken: (principal: P) => string;
    session: (principal: P) => T;
  }>,
): string | T {
  const html = req.accepts(['json', 'html']) === 'html';
  if (outcome.principal === null) {
    if (!html) throw new UnauthorizedException({ message: [oneLine(outcome.refusal)] });
    pageHeaders(res);
    res.status(401).type('html');
    return singleUseLinkPage(page, outcome.refusal);
  }
  if (html) {
    pageHeaders(res);
    res.type('html');
    return singleUseLinkPage(page, outcome.done, { accessToken: outcome.accessToken(outcome.principal) });
  }
  return outcome.session(outcome.principal);
}
