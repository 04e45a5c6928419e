import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Who is calling, as established by a verified session token (JWT). One email address can
 * own several accounts: every member and referent registered with it, and admin rights
 * when it is listed in `ADMIN_EMAILS`. Roles that depend on a resource (holder of a
 * project, referent covering a place) are decided by the endpoint, from the log.
 */
export type Principal = Readonly<{
  /** Stable, opaque id of the signed-in address (a keyed hash, never the address). */
  subject: string;
  memberIds: readonly string[];
  referentIds: readonly string[];
  admin: boolean;
  /** The session token's id (`jti`) and expiry (epoch seconds): what sign-out revokes. Absent before a token is issued. */
  sessionId?: string;
  sessionExpiresAt?: number;
}>;

export type RequestWithPrincipal = Request & { principal?: Principal };

/** The caller's principal, or undefined when the request carries no valid session. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal,
);

export const ACCESS_METADATA = 'trame:access';

/**
 * Who may reach a route at all; finer checks (own profile, own project, territory) live in
 * the endpoint (AccessPolicy). Every route declares one: the guard answers 401 to a route
 * that does not (deny by default).
 */
export type AccessLevel = 'public' | 'signed-in' | 'admin' | 'admin-or-ops';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['public', 'signed-in', 'admin', 'admin-or-ops'];

/** Anyone, without a session (registration, sign-in, health, links from emails). */
export const Public = () => SetMetadata(ACCESS_METADATA, 'public' satisfies AccessLevel);
/** Any valid session; 401 without one. */
export const SignedIn = () => SetMetadata(ACCESS_METADATA, 'signed-in' satisfies AccessLevel);
/** A session of an `ADMIN_EMAILS` address; 401 without a session, 403 with another. */
export const AdminOnly = () => SetMetadata(ACCESS_METADATA, 'admin' satisfies AccessLevel);
/**
 * Ops endpoints (failed jobs, queue dashboard): an admin session, or `Authorization: Bearer
 * <ADMIN_API_TOKEN>` for scripts and monitoring. That token opens nothing else.
 */
export const AdminOrOpsToken = () => SetMetadata(ACCESS_METADATA, 'admin-or-ops' satisfies AccessLevel);

export const SIGNED_LINK_METADATA = 'trame:signed-link';

/** How a route reads the signed token of an emailed link (for the OpenAPI document). */
export type SignedLinkSpec = Readonly<{
  /** Which link, as the documentation names it: "the unsubscribe link of every email". */
  link: string;
  /** Where the link's parameters travel, and their names. */
  in: 'query' | 'body';
  params: readonly string[];
  /** A session may be used instead of the link (without either: 401). */
  orSession?: boolean;
}>;

/**
 * A public route whose endpoint checks the signed token of a link from an email (sign-in,
 * unsubscribe, introduction links): `@Public()` for the guard, and the link's description
 * for the OpenAPI document (no padlock, or bearer as an alternative when `orSession`).
 */
export const SignedLink = (spec: SignedLinkSpec) =>
  applyDecorators(SetMetadata(ACCESS_METADATA, 'public' satisfies AccessLevel), SetMetadata(SIGNED_LINK_METADATA, spec));
