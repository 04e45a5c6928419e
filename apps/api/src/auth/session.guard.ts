import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccountDirectory } from './account-directory';
import { OpsToken } from './ops-token';
import { ACCESS_METADATA, type AccessLevel, type Principal, type RequestWithPrincipal } from './principal';
import { SessionRevocations } from './session-revocations';
import { SessionTokens } from './session-tokens';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export const MESSAGES = {
  signInRequired: 'connexion requise / sign-in required',
  undeclared: 'accès non déclaré pour cette route / no access declared for this route',
  adminsOnly: 'réservé aux admins / admins only',
} as const;

/**
 * Global guard: reads `Authorization: Bearer <jwt>` into `req.principal`, then applies the
 * route's access level. Deny by default: a route that declares none answers 401 to
 * everyone, so a forgotten declaration fails closed. A malformed or expired token on a
 * route that needs a session is a 401, so clients know to sign in again; a valid session
 * without the right is a 403.
 *
 * Sessions are stateless JWTs, so erasure revokes them here: the member accounts a token
 * names are checked against their streams on every request, an erased one is dropped from
 * the principal, and a session left with no account at all is no session (401). Erasure is
 * final, so erased ids are remembered; live ones are read again each time. A session signed
 * out (`POST /v1/auth/sign-out`) is on the revocation list until it expires: no session either.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly opsToken: OpsToken,
    private readonly reflector: Reflector,
    private readonly directory: AccountDirectory,
    private readonly revocations: SessionRevocations,
  ) {}

  private readonly erased = new Set<string>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const match = BEARER.exec(req.headers.authorization ?? '');
    const token = match ? this.tokens.verify(match[1]) : null;
    // A signed-out session is no session (a 401, as an expired one).
    const verified = token?.sessionId && (await this.revocations.isRevoked(token.sessionId)) ? null : token;
    const principal = verified ? await this.withoutErased(verified) : null;
    if (principal) req.principal = principal;

    const level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    switch (level) {
      case 'public':
        return true;
      case 'signed-in':
        if (!principal) throw new UnauthorizedException(MESSAGES.signInRequired);
        return true;
      case 'admin':
        if (!principal) throw new UnauthorizedException(MESSAGES.signInRequired);
        if (!principal.admin) throw new ForbiddenException(MESSAGES.adminsOnly);
        return true;
      case 'admin-or-ops':
        if (principal?.admin || this.opsToken.matches(req.headers.authorization)) return true;
        if (!principal) throw new UnauthorizedException(MESSAGES.signInRequired);
        throw new ForbiddenException(MESSAGES.adminsOnly);
      default:
        throw new UnauthorizedException(MESSAGES.undeclared);
    }
  }

  /** The principal without its erased member accounts; null when nothing is left of it. */
  private async withoutErased(principal: Principal): Promise<Principal | null> {
    if (principal.memberIds.length === 0) return principal;
    const live: string[] = [];
    for (const id of principal.memberIds) {
      if (this.erased.has(id)) continue;
      if ((await this.directory.member(id)).status === 'erased') this.erased.add(id);
      else live.push(id);
    }
    if (live.length === principal.memberIds.length) return principal;
    if (live.length === 0 && principal.referentIds.length === 0 && !principal.admin) return null;
    return { ...principal, memberIds: live };
  }
}
