/*
 * "Je suis intéressé·e" before having an account: the word typed for a project waits in a
 * short-lived HttpOnly cookie while the person signs up or signs in, then fills the form
 * again. Only the visitor's own browser holds it; a cookie is small, so the word is bounded.
 */

export const INTEREST_COOKIE = 'trame_interest';
/** A day: long enough to confirm an address from the email, short enough to be forgotten. */
export const INTEREST_COOKIE_SECONDS = 24 * 3600;
/** The longest word the page takes (the api takes 2,000; the cookie must stay under 4 kB). */
export const INTEREST_MESSAGE_MAX = 1500;
/** Browsers keep cookies up to 4,096 bytes with their name; this leaves room for the attributes. */
const MAX_COOKIE_VALUE = 3800;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PendingInterest = { projectId: string; message: string };

/** The cookie's value, or undefined when it would not fit (the page then asks for a shorter word). */
export function encodeInterest(interest: PendingInterest): string | undefined {
  if (!UUID.test(interest.projectId) || interest.message.length > INTEREST_MESSAGE_MAX) return undefined;
  const value = Buffer.from(JSON.stringify({ p: interest.projectId, m: interest.message }), 'utf8').toString('base64url');
  return value.length <= MAX_COOKIE_VALUE ? value : undefined;
}

/** What the cookie holds, or undefined for anything not written by `encodeInterest`. */
export function decodeInterest(value: string | undefined): PendingInterest | undefined {
  if (!value || value.length > MAX_COOKIE_VALUE) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { p?: unknown; m?: unknown };
    if (typeof parsed.p !== 'string' || !UUID.test(parsed.p) || typeof parsed.m !== 'string') return undefined;
    if (parsed.m.length > INTEREST_MESSAGE_MAX) return undefined;
    return { projectId: parsed.p.toLowerCase(), message: parsed.m };
  } catch {
    return undefined;
  }
}
