import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';

const FORBIDDEN = 'réservé aux admins / admins only';

/**
 * Who is an admin, in one place. For now: `Authorization: Bearer <ADMIN_API_TOKEN>`; no
 * token configured means nobody. Sign-in (JWT of an ADMIN_EMAILS address) extends this.
 */
@Injectable()
export class AdminAuth {
  private readonly token: Buffer | undefined;

  constructor(@Inject(TRAME_CONFIG) config: TrameConfig) {
    this.token = config.ADMIN_API_TOKEN ? Buffer.from(config.ADMIN_API_TOKEN, 'utf8') : undefined;
  }

  isAdmin(authorization: string | undefined): boolean {
    if (!this.token || !authorization) return false;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return false;
    const given = Buffer.from(match[1]!, 'utf8');
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  /** The same check as express middleware, for what is not a Nest route (bull-board). */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      if (this.isAdmin(req.headers.authorization)) return next();
      res.status(403).json({ statusCode: 403, error: 'Forbidden', message: [FORBIDDEN] });
    };
  }
}

/** 403 unless the request comes from an admin (see AdminAuth). */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly auth: AdminAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!this.auth.isAdmin(req.headers.authorization)) throw new ForbiddenException(FORBIDDEN);
    return true;
  }
}
