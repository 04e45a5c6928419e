/** The fields of the sign-in and confirmation forms: an address, and the 6-digit code of the email. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_MAX = 254;

export const isEmail = (value: string): boolean => value.length <= EMAIL_MAX && EMAIL.test(value);

/** The code as typed ("042 917", "042-917", with a stray space): its digits only, as the api wants them. */
export const normaliseCode = (typed: string): string => typed.replace(/[\s.-]/g, '');

export const isCode = (value: string): boolean => /^\d{6}$/.test(value);

export type CodeFormError = 'emailInvalid' | 'codeFormat';

/** The checks of an address-and-code form; field id → error. */
export function checkCodeForm(email: string, code: string): Partial<Record<'email' | 'code', CodeFormError>> {
  const errors: Partial<Record<'email' | 'code', CodeFormError>> = {};
  if (!isEmail(email)) errors.email = 'emailInvalid';
  if (!isCode(code)) errors.code = 'codeFormat';
  return errors;
}
