import { createHmac } from 'node:crypto';
import { canonicalTokenEquals } from './signed-token';

/*
 * Links in introduction emails act without a session: an HMAC-SHA256 of (introduction,
 * actor) lets the assigned referent approve or decline, and the party asked to consent
 * accept or refuse, in one click. The actor is a referent id, a member id, or 'admin'.
 * The decider still checks that this actor may act now, so a link kept after an
 * escalation or a final state does nothing. The purpose prefix keeps these tokens useless
 * for any other signed link.
 */
const PURPOSE = 'introduction-action:';

const mac = (secret: string | Buffer, introductionId: string, actorId: string): Buffer =>
  createHmac('sha256', secret).update(`${PURPOSE}${introductionId}:${actorId}`).digest();

export const signIntroductionLinkToken = (secret: string | Buffer, introductionId: string, actorId: string): string =>
  mac(secret, introductionId, actorId).toString('base64url');

/** Constant-time check of the canonical text; anything else (another spelling of the same bytes included) is false. */
export const verifyIntroductionLinkToken = (secret: string | Buffer, introductionId: string, actorId: string, token: unknown): boolean =>
  canonicalTokenEquals(token, signIntroductionLinkToken(secret, introductionId, actorId));

/**
 * The web page an emailed link opens: it shows the introduction and buttons that POST the
 * action. Emails sent before it existed point at the api's own page, which still answers:
 * `/v1/introductions/<id>/respond` with the same query.
 */
export const introductionLinkPath = (introductionId: string) => `/mises-en-relation/${encodeURIComponent(introductionId)}`;

/** `${PUBLIC_URL}/mises-en-relation/<id>?as=<actor>&token=…` */
export const introductionLinkUrl = (publicUrl: string, introductionId: string, actorId: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${introductionLinkPath(introductionId)}` +
  `?as=${encodeURIComponent(actorId)}&token=${encodeURIComponent(token)}`;
