import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Unsubscribe links are authorised by an HMAC-SHA256 of the member id, so one click works
 * without a session. The purpose prefix keeps these tokens useless for any other signed link.
 */
const PURPOSE = 'unsubscribe:';

const mac = (secret: string | Buffer, memberId: string): Buffer => createHmac('sha256', secret).update(`${PURPOSE}${memberId}`).digest();

export const signUnsubscribeToken = (secret: string | Buffer, memberId: string): string => mac(secret, memberId).toString('base64url');

/** Constant-time check; anything that is not a well-formed token for this member is false. */
export function verifyUnsubscribeToken(secret: string | Buffer, memberId: string, token: unknown): boolean {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const given = Buffer.from(token, 'base64url');
  const expected = mac(secret, memberId);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const unsubscribePath = (memberId: string) => `/v1/members/${encodeURIComponent(memberId)}/unsubscribe`;

export const unsubscribeUrl = (publicUrl: string, memberId: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${unsubscribePath(memberId)}?token=${encodeURIComponent(token)}`;
