import type { Cookies } from '@sveltejs/kit';

/** The web session's cookie: the api's session token, HttpOnly, never readable by scripts. */
export const SESSION_COOKIE = 'trame_session';

/** What the pages know of the signed-in person (read from the token; the api checks it on every call). */
export type WebSession = Readonly<{
  token: string;
  memberIds: readonly string[];
  referentIds: readonly string[];
  admin: boolean;
  issuedAt: number;
  expiresAt: number;
}>;

/** The session's claims, read without checking the signature: the api, which holds the key, does that on each call. */
export function readSession(token: string | undefined): WebSession | undefined {
  if (!token) return undefined;
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const ids = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return undefined;
    if (claims.exp * 1000 <= Date.now()) return undefined;
    return {
      token,
      memberIds: ids(claims.mid),
      referentIds: ids(claims.rid),
      admin: claims.adm === true,
      issuedAt: claims.iat,
      expiresAt: claims.exp,
    };
  } catch {
    return undefined;
  }
}

/** A day: a session is renewed at most once a day, on the first visit after it. */
export const RENEW_AFTER_SECONDS = 24 * 3600;

export const needsRenewal = (session: WebSession, nowMs = Date.now()): boolean => nowMs / 1000 - session.issuedAt >= RENEW_AFTER_SECONDS;

const isLoopback = (hostname: string) => hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

/** Keeps the session for as long as the api gave it (30 days for the web), Secure outside a local test over http. */
export function keepSession(cookies: Cookies, url: URL, token: string, expiresInSeconds: number): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:' || !isLoopback(url.hostname),
    maxAge: expiresInSeconds,
  });
}

export function forgetSession(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:' || !isLoopback(url.hostname),
  });
}
