import { type CanActivate, type ExecutionContext, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { REDIS } from '@trame/messaging';
import { RATE_LIMITS_METADATA } from '../auth/rate-limits';
import { NOT_IDEMPOTENT } from './idempotency';

/** Seconds a client is told to wait (`Retry-After`) while Redis is away. */
export const REDIS_RETRY_AFTER_SECONDS = 5;

export const REDIS_UNAVAILABLE_MESSAGE =
  'service momentanément indisponible, réessayez dans quelques secondes / service temporarily unavailable, please retry in a few seconds';

/**
 * The answer while Redis is away: at once, with `Retry-After`. The shared client queues
 * commands until it reconnects (the matcher and the workers rely on that to ride out an
 * outage), so a request that needs Redis would otherwise hang for the whole outage.
 */
export function redisUnavailable(res?: Response): ServiceUnavailableException {
  res?.setHeader('Retry-After', String(REDIS_RETRY_AFTER_SECONDS));
  return new ServiceUnavailableException({ message: [REDIS_UNAVAILABLE_MESSAGE] });
}

/** True when commands sent now are sent now (not queued for a reconnection). */
export const redisReady = (redis: Pick<Redis, 'status'>): boolean => redis.status === 'ready';

/**
 * Fails fast, before the rate limiter and the idempotency interceptor touch Redis: a route
 * with a rate limit, or a mutating request with an `Idempotency-Key`, answers 503 with
 * `Retry-After` while Redis is not connected. Everything else goes on as usual.
 */
@Injectable()
export class RedisAvailabilityGuard implements CanActivate {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || redisReady(this.redis)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const rateLimited = (this.reflector.get<unknown[] | undefined>(RATE_LIMITS_METADATA, context.getHandler()) ?? []).length > 0;
    const idempotent =
      req.method !== 'GET' &&
      req.header('idempotency-key') !== undefined &&
      !this.reflector.getAllAndOverride<boolean>(NOT_IDEMPOTENT, [context.getHandler(), context.getClass()]);
    if (rateLimited || idempotent) throw redisUnavailable(context.switchToHttp().getResponse<Response>());
    return true;
  }
}
