import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * `ADMIN_API_TOKEN`: a static bearer token for ops tooling (failed jobs, queue dashboard)
 * that predates sign-in. It opens only routes declared AdminOrOpsToken, never an admin
 * session's other rights. Unset: no token matches.
 */
@Injectable()
export class OpsToken {
  private readonly token: Buffer | undefined;

  constructor(@Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'ADMIN_API_TOKEN'>) {
    this.token = config.ADMIN_API_TOKEN ? Buffer.from(config.ADMIN_API_TOKEN, 'utf8') : undefined;
  }

  matches(authorization: string | undefined): boolean {
    if (!this.token || !authorization) return false;
    const match = BEARER.exec(authorization);
    if (!match) return false;
    const given = Buffer.from(match[1], 'utf8');
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }
}
