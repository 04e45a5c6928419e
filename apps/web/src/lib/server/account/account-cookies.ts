import type { Cookies } from '@sveltejs/kit';
import { decodeInterest, encodeInterest, INTEREST_COOKIE, INTEREST_COOKIE_SECONDS, type PendingInterest } from './interest-cookie';
import { decodePending, encodePending, PENDING_COOKIE, PENDING_COOKIE_SECONDS, type PendingSignIn } from './pending-sign-in';

const isLoopback = (hostname: string) => hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

/** As the session cookie: HttpOnly, lax, Secure outside a local test over http. */
const options = (url: URL, maxAge: number) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: url.protocol === 'https:' || !isLoopback(url.hostname),
  maxAge,
});

export const readPending = (cookies: Cookies): PendingSignIn | undefined => decodePending(cookies.get(PENDING_COOKIE));

export const keepPending = (cookies: Cookies, url: URL, pending: PendingSignIn): void =>
  cookies.set(PENDING_COOKIE, encodePending(pending), options(url, PENDING_COOKIE_SECONDS));

export const forgetPending = (cookies: Cookies, url: URL): void => cookies.delete(PENDING_COOKIE, options(url, 0));

export const readInterest = (cookies: Cookies): PendingInterest | undefined => decodeInterest(cookies.get(INTEREST_COOKIE));

/** False when the word is too long to keep (the page asks for a shorter one). */
export function keepInterest(cookies: Cookies, url: URL, interest: PendingInterest): boolean {
  const value = encodeInterest(interest);
  if (value === undefined) return false;
  cookies.set(INTEREST_COOKIE, value, options(url, INTEREST_COOKIE_SECONDS));
  return true;
}

export const forgetInterest = (cookies: Cookies, url: URL): void => cookies.delete(INTEREST_COOKIE, options(url, 0));
