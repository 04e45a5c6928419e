import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { OpsToken } from '../auth/ops-token';
import { SessionTokens } from '../auth/session-tokens';
import { MESSAGES } from '../auth/session.guard';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The admin check for what is not a Nest route (bull-board's express router, which the
 * global SessionGuard never sees): the same rule as `@AdminOrOpsToken()` routes, an admin
 * session or the ops token.
 */
@Injectable()
export class AdminAuth {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly opsToken: OpsToken,
  ) {}

  /** 'ok', or why not: no valid session (401) or a session without admin rights (403). */
  check(authorization: string | undefined): 'ok' | 'unauthorized' | 'forbidden' {
    if (this.opsToken.matches(authorization)) return 'ok';
    const match = BEARER.exec(authorization ?? '');
    const principal = match ? this.tokens.verify(match[1]) : null;
    if (!principal) return 'unauthorized';
    return principal.admin ? 'ok' : 'forbidden';
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const verdict = this.check(req.headers.authorization);
      if (verdict === 'ok') return next();
      if (verdict === 'unauthorized') {
        res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: [MESSAGES.signInRequired] });
      } else {
        res.status(403).json({ statusCode: 403, error: 'Forbidden', message: [MESSAGES.adminsOnly] });
      }
    };
  }
}
