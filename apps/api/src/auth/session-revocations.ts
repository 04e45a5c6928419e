import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { REDIS } from '@trame/messaging';
import { redisReady, redisUnavailable } from '../http/redis-availability';
import type { Principal } from './principal';

/**
 * Signed-out sessions: a revocation list in Redis keyed by the session token's id (`jti`),
 * each entry kept until any renewal of the session would have expired anyway, so the list
 * never outgrows the sessions alive. Shared by every api instance; this instance also remembers its own
 * sign-outs, so that while Redis is away (reads go on without it) a session signed out here
 * stays out here.
 */
@Injectable()
export class SessionRevocations {
  private readonly local = new Map<string, number>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) private readonly config: Pick<TrameConfig, 'QUEUE_PREFIX' | 'WEB_SESSION_TTL_SECONDS'>,
  ) {}

  /** Ends the caller's session; 503 while Redis is away (a sign-out that other instances would not see is not done). */
  async revoke(principal: Principal | undefined, res?: Response): Promise<void> {
    if (!principal?.sessionId || principal.sessionExpiresAt === undefined) return;
    if (!redisReady(this.redis)) throw redisUnavailable(res);
    const leftMs = principal.sessionExpiresAt * 1000 - Date.now();
    if (leftMs <= 0) return;
    // A renewed session keeps its id with a later expiry: listed as long as any renewal of it could live.
    const ttlMs = Math.max(leftMs, this.config.WEB_SESSION_TTL_SECONDS * 1000);
    await this.redis.set(this.key(principal.sessionId), '1', 'PX', Math.ceil(ttlMs));
    this.remember(principal.sessionId, Date.now() + ttlMs);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const until = this.local.get(sessionId);
    if (until !== undefined && until > Date.now()) return true;
    if (!redisReady(this.redis)) return false;
    return (await this.redis.exists(this.key(sessionId))) === 1;
  }

  private remember(sessionId: string, until: number): void {
    const now = Date.now();
    for (const [id, expiry] of this.local) if (expiry <= now) this.local.delete(id);
    this.local.set(sessionId, until);
  }

  private key(sessionId: string): string {
    return `${this.config.QUEUE_PREFIX}:session:revoked:${sessionId}`;
  }
}
