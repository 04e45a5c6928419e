import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { LinkSigner } from '@trame/mail';

/** The person's IP, as the web server saw it (its own calls to the api all come from one address). */
export const CLIENT_IP_HEADER = 'x-trame-client-ip';
/** Proof that the web server set the header: a key derived from the link secret, which browsers never see. */
export const WEB_KEY_HEADER = 'x-trame-web-key';

/**
 * The key the web server sends in `X-Trame-Web-Key` with `X-Trame-Client-Ip`. Derived from
 * `LINK_SECRET` like every other key, so one secret configures both sides: the process that
 * knows the secret hands this value to the web server's code, never to a browser.
 */
export const webClientKey = (signer: LinkSigner): string => signer.subKey('web-client-ip').toString('base64url');

type RequestLike = { ip?: string; headers?: Record<string, string | string[] | undefined> };

/**
 * Who a per-IP limit counts: the socket's address, or, for a request of the web server
 * carrying the right key, the person's address it forwards. Without the key the header is
 * ignored: anyone can send it, only the web server can prove it set it.
 */
export function clientIpOf(req: RequestLike, webKey: Buffer): string {
  const forwarded = req.headers?.[CLIENT_IP_HEADER];
  if (typeof forwarded === 'string' && isIP(forwarded.trim()) !== 0 && isFromWebServer(req, webKey)) return forwarded.trim();
  return req.ip ?? 'unknown';
}

/** Whether the request carries the web server's key (compared in constant time). */
export function isFromWebServer(req: RequestLike, webKey: Buffer): boolean {
  const key = req.headers?.[WEB_KEY_HEADER];
  if (typeof key !== 'string') return false;
  const given = Buffer.from(key, 'utf8');
  return given.length === webKey.length && timingSafeEqual(given, webKey);
}
