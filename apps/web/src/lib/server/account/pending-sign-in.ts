/*
 * Between "send me an email" and typing its code (or following its link), the address and
 * the page to come back to wait in a short-lived HttpOnly cookie: the address stays out of
 * the URL (history, logs), and the emailed link, which knows neither, still brings the
 * person back where they were going.
 */

export const PENDING_COOKIE = 'trame_pending';
/** A day: the confirmation email may be read a little later. */
export const PENDING_COOKIE_SECONDS = 24 * 3600;

export type PendingSignIn = { email: string; retour?: string };

export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify({ e: pending.email.slice(0, 254), r: pending.retour?.slice(0, 500) }), 'utf8').toString('base64url');
}

export function decodePending(value: string | undefined): PendingSignIn | undefined {
  if (!value || value.length > 2000) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { e?: unknown; r?: unknown };
    if (typeof parsed.e !== 'string') return undefined;
    return { email: parsed.e, ...(typeof parsed.r === 'string' ? { retour: parsed.r } : {}) };
  } catch {
    return undefined;
  }
}
