import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OpsToken } from './ops-token';
import { ACCESS_METADATA, type AccessLevel, type RequestWithPrincipal } from './principal';
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
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly opsToken: OpsToken,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const match = BEARER.exec(req.headers.authorization ?? '');
    const principal = match ? this.tokens.verify(match[1]) : null;
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
}
