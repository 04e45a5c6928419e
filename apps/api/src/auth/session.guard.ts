import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessLevel, type RequestWithPrincipal } from './principal';
import { SessionTokens } from './session-tokens';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Global guard: reads `Authorization: Bearer <jwt>` into `req.principal`, then applies the
 * route's access level. A malformed or expired token on a route that needs a session is a
 * 401, so clients know to sign in again.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const match = BEARER.exec(req.headers.authorization ?? '');
    const principal = match ? this.tokens.verify(match[1]!) : null;
    if (principal) req.principal = principal;

    const level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (level === undefined || level === 'public') return true;
    if (!principal) throw new UnauthorizedException('connexion requise / sign-in required');
    if (level === 'admin' && !principal.admin) throw new ForbiddenException('réservé aux admins / admins only');
    return true;
  }
}
