import { isCode, isEmail, normaliseCode } from '$lib/account/sign-in-fields';

/*
 * "Change my email" (/moi/email, /moi/email/confirmer): the checks of the two small forms and
 * what each api answer means for the page. No I/O here: the pages call the api.
 */

/** Where both ways of confirming (the link's page, the code on /moi/email) end. */
export const EMAIL_CHANGED_PATH = '/moi/email/confirmer?fait=1';

export type NewEmailError = 'emailMissing' | 'emailInvalid' | 'sameAddress';
export type CodeError = 'codeFormat' | 'codeRefused';

/** The new address as typed (trimmed), checked against the current one. */
export function checkNewEmail(typed: string, current: string): NewEmailError | undefined {
  const email = typed.trim();
  if (email === '') return 'emailMissing';
  if (!isEmail(email)) return 'emailInvalid';
  if (email.toLowerCase() === current.trim().toLowerCase()) return 'sameAddress';
  return undefined;
}

/** The code as typed ("042 917"), as the api wants it, or the error to show. */
export function readCode(typed: string): { code: string } | { error: CodeError } {
  const code = normaliseCode(typed);
  return isCode(code) ? { code } : { error: 'codeFormat' };
}

/** What an api answer kind (see lib/server/account/api-outcome.ts) means. */
type AnswerKind = 'ok' | 'invalid' | 'refused' | 'wait' | 'conflict' | 'unavailable';

/** After asking: sent, a field error (the api refused the address), or a notice above the form. */
export function afterRequest(kind: AnswerKind): 'sent' | 'emailInvalid' | 'notice' {
  if (kind === 'ok') return 'sent';
  if (kind === 'invalid') return 'emailInvalid';
  return 'notice';
}

/**
 * After confirming (link or code): done; a link or code that no longer works; replaced by a
 * newer request (409); an address that has had an account of its own since (422); or a notice.
 */
export type ConfirmResult = 'done' | 'invalid' | 'replaced' | 'taken' | 'notice';

export function afterConfirm(kind: AnswerKind, status?: number): ConfirmResult {
  switch (kind) {
    case 'ok':
      return 'done';
    case 'refused':
      return 'invalid';
    case 'invalid':
      return 'taken';
    case 'conflict':
      return status === 409 ? 'replaced' : 'invalid';
    default:
      return 'notice';
  }
}
