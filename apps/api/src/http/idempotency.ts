import { createHash } from 'node:crypto';
import {
  type CallHandler,
  ConflictException,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UnprocessableEntityException,
  BadRequestException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { catchError, from, map, type Observable, of, switchMap, throwError } from 'rxjs';
import { v5 as uuidv5 } from 'uuid';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { REDIS } from '@trame/messaging';
import type { RequestWithPrincipal } from '../auth/principal';

/** Namespace for ids derived from idempotency keys (a fixed random UUID). */
const IDEMPOTENCY_NAMESPACE = 'f3c1b8a2-5d2e-4c1a-9a57-2b7e0c6d4e91';
const PENDING_TTL_SECONDS = 60;

/**
 * What a handler needs to make its writes repeatable: ids derived from the key and the
 * request's fingerprint, so a retry after a crash (response never cached) appends the same
 * event ids, which the event store ignores, and creates the same aggregate id; while
 * another request under the same key (after its entry expired, or a different caller in
 * the shared anonymous scope) can never land on that aggregate.
 */
export type IdempotencyContext = {
  key: string | null;
  /** A stable id for `purpose` under this key, or a fresh random one without a key. */
  id(purpose: string): string | undefined;
  /** Event-id generator for handleCommand, or undefined without a key. */
  eventIds(purpose: string): ((index: number) => string) | undefined;
};

type StoredResponse = { state: 'done'; fingerprint: string; statusCode: number; body: unknown } | { state: 'pending'; fingerprint: string };

/** `scope` and `fingerprint` together name one request: ids derive from both. */
const contextFor = (scope: string | null, fingerprint = ''): IdempotencyContext => {
  const request = scope ? `${scope}:${fingerprint}` : null;
  return {
    key: scope,
    id: (purpose) => (request ? uuidv5(`${request}:${purpose}`, IDEMPOTENCY_NAMESPACE) : undefined),
    eventIds: (purpose) => (request ? (i: number) => uuidv5(`${request}:${purpose}:event:${i}`, IDEMPOTENCY_NAMESPACE) : undefined),
  };
};

export const NOT_IDEMPOTENT = 'trame:not-idempotent';

/** Routes whose answers must never be cached and replayed (sign-in: they carry session tokens). */
export const NotIdempotent = () => SetMetadata(NOT_IDEMPOTENT, true);

export const Idempotency = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IdempotencyContext =>
    ctx.switchToHttp().getRequest<Request & { idempotency?: IdempotencyContext }>().idempotency ?? contextFor(null),
);

/**
 * `Idempotency-Key` on mutating requests: the first response is kept (in Redis, shared by
 * every api instance) and replayed for a retry with the same key and payload; the same
 * key with another payload is refused; a retry while the first is running gets 409.
 *
 * The response expires (`IDEMPOTENCY_TTL_SECONDS`); the fingerprint of the request that
 * first used a key does not, so another request under that key is still refused after the
 * response is gone. Should Redis lose that record, ids still derive from key and request:
 * another request then acts on resources of its own, never on the first one's.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { idempotency?: IdempotencyContext }>();
    const res = http.getResponse<Response>();
    const raw = req.header('idempotency-key');
    if (raw === undefined || req.method === 'GET') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(NOT_IDEMPOTENT, [context.getHandler(), context.getClass()])) return next.handle();
    if (!/^[\x21-\x7e]{1,255}$/.test(raw)) {
      throw new BadRequestException({
        message: ['Idempotency-Key: 1 à 255 caractères ASCII visibles / 1 to 255 visible ASCII characters'],
      });
    }
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    // Scoped by caller too: a key reused by someone else never replays (or blocks) this
    // caller's answer. Anonymous callers (registration) share one scope.
    const caller = (req as RequestWithPrincipal).principal?.subject ?? 'anonymous';
    const scope = createHash('sha256')
      .update(`${caller} ${req.method} ${route} ${JSON.stringify(req.params)} ${raw}`)
      .digest('hex');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(req.body ?? null))
      .digest('hex');
    const redisKey = `${this.config.QUEUE_PREFIX}:idempotency:${scope}`;
    const requestKey = `${redisKey}:request`;
    req.idempotency = contextFor(scope, fingerprint);
    const differentRequest = () =>
      new UnprocessableEntityException({
        message: ['Idempotency-Key: déjà utilisée pour une autre requête / already used with a different request'],
      });
    let ownsRequestKey = false;

    return from(this.claimRequest(requestKey, fingerprint)).pipe(
      switchMap((claimed) => {
        if (claimed === 'other') throw differentRequest();
        ownsRequestKey = claimed === 'new';
        return from(this.claim(redisKey, fingerprint));
      }),
      switchMap((stored) => {
        if (stored) {
          if (stored.fingerprint !== fingerprint) throw differentRequest();
          if (stored.state === 'pending') {
            throw new ConflictException({
              message: ['Idempotency-Key: requête identique en cours / the same request is in progress'],
            });
          }
          res.status(stored.statusCode).setHeader('Idempotent-Replayed', 'true');
          return of(stored.body);
        }
        return next.handle().pipe(
          // Stored before the response leaves, so an immediate retry is replayed, not refused.
          switchMap((body: unknown) => {
            // Nest sets the route's status after interceptors run, so read it from the route.
            const statusCode =
              (Reflect.getMetadata('__httpCode__', context.getHandler()) as number | undefined) ?? (req.method === 'POST' ? 201 : 200);
            const done: StoredResponse = { state: 'done', fingerprint, statusCode, body };
            return from(this.redis.set(redisKey, JSON.stringify(done), 'EX', this.config.IDEMPOTENCY_TTL_SECONDS)).pipe(map(() => body));
          }),
          // A failed first use leaves the key free for a corrected request; a failed replay keeps the key's owner.
          catchError((error: unknown) =>
            from(ownsRequestKey ? this.redis.del(redisKey, requestKey) : this.redis.del(redisKey)).pipe(
              switchMap(() => throwError(() => error)),
            ),
          ),
        );
      }),
    );
  }

  /**
   * The request a key was first used with, kept without expiry: 'new' if this request is
   * the first, 'same' if it is that request again, 'other' if the key belongs to another.
   */
  private async claimRequest(requestKey: string, fingerprint: string): Promise<'new' | 'same' | 'other'> {
    if ((await this.redis.set(requestKey, fingerprint, 'NX')) === 'OK') return 'new';
    const first = await this.redis.get(requestKey);
    if (first === null) return this.claimRequest(requestKey, fingerprint);
    return first === fingerprint ? 'same' : 'other';
  }

  /** Null if this request now owns the key, else what is stored under it. */
  private async claim(redisKey: string, fingerprint: string): Promise<StoredResponse | null> {
    const pending: StoredResponse = { state: 'pending', fingerprint };
    const ok = await this.redis.set(redisKey, JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS, 'NX');
    if (ok === 'OK') return null;
    const existing = await this.redis.get(redisKey);
    return existing ? (JSON.parse(existing) as StoredResponse) : this.claim(redisKey, fingerprint);
  }
}
