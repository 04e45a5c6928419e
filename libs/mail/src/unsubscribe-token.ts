import { createHmac } from 'node:crypto';
import { canonicalTokenEquals } from './signed-token';

/*
 * Unsubscribe links are authorised by an HMAC-SHA256 of the member id, so one click works
 * without a session. The purpose prefix keeps these tokens useless for any other signed link.
 */
const PURPOSE = 'unsubscribe:';

const mac = (secret: string | Buffer, memberId: string): Buffer => createHmac('sha256', secret).update(`${PURPOSE}${memberId}`).digest();

export const signUnsubscribeToken = (secret: string | Buffer, memberId: string): string => mac(secret, memberId).toString('base64url');

/** Constant-time check of the canonical text; anything else (another spelling of the same bytes included) is false. */
export const verifyUnsubscribeToken = (secret: string | Buffer, memberId: string, token: unknown): boolean =>
  canonicalTokenEquals(token, signUnsubscribeToken(secret, memberId));

export const unsubscribePath = (memberId: string) => `/v1/members/${encodeURIComponent(memberId)}/unsubscribe`;

/**
 * The web page a person opens from the visible link in an email (a button that posts to the api).
 * The `List-Unsubscribe` header keeps the api's address: one-click POSTs from mail providers
 * carry no Origin, which the web app's CSRF check would refuse.
 */
export const unsubscribePageUrl = (publicUrl: string, memberId: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/desabonnement/${encodeURIComponent(memberId)}?token=${encodeURIComponent(token)}`;

export const unsubscribeUrl = (publicUrl: string, memberId: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${unsubscribePath(memberId)}?token=${encodeURIComponent(token)}`;
