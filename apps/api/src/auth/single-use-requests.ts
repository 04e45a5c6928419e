import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { type LinkSigner, signInCodeHash, signInTokenHash } from '@trame/mail';
import { redisReady, redisUnavailable } from '../http/redis-availability';
import type { SignInCodes } from './sign-in-codes';

/**
 * What the requests answered by an emailed single-use link and its 6-digit code share
 * (sign-in, confirmation): Redis keeps, for `ttlSeconds`, the request's pending record under
 * the sha256 of its token (`tokenKey`), and the keyed hash of its code among the address's
 * pending codes (`codes`). Each flow brings its own keys, record and rules.
 */
export type SingleUseRequests = Readonly<{
  redis: Redis;
  codes: SignInCodes;
  signer: LinkSigner;
  tokenKey: (tokenHash: string) => string;
}>;

/** Stores a new request whose link token and code are `token` and `code`, its record made with the code's keyed hash. */
export async function storeRequest(
  store: SingleUseRequests,
  request: Readonly<{ lookupHash: string; token: string; code: string; ttlSeconds: number }>,
  record: (codeHash: string) => object,
): Promise<void> {
  const { lookupHash, ttlSeconds } = request;
  const tokenHash = signInTokenHash(request.token);
  const codeHash = signInCodeHash(store.signer, lookupHash, request.code);
  await store.redis.set(store.tokenKey(tokenHash), JSON.stringify(record(codeHash)), 'EX', ttlSeconds);
  await store.codes.add(lookupHash, codeHash, tokenHash, ttlSeconds);
}

/**
 * The pending record of a link's token, consumed atomically (GETDEL): null if the token is
 * malformed (`pattern`), unknown, used or expired. Redis away: 503 now, rather than a
 * request held for the whole outage.
 */
export async function consumeToken<T>(store: SingleUseRequests, pattern: RegExp, token: unknown, res?: Response): Promise<T | null> {
  if (typeof token !== 'string' || !pattern.test(token)) return null;
  if (!redisReady(store.redis)) throw redisUnavailable(res);
  const stored = await store.redis.getdel(store.tokenKey(signInTokenHash(token)));
  return stored ? (JSON.parse(stored) as T) : null;
}

/**
 * The pending record an address's code belongs to, consumed once: null if the code is
 * malformed (`pattern`), wrong (counted), used, expired, or its request is gone or another
 * address's (one answer for all).
 */
export async function consumeCode<T extends Readonly<{ lookupHash: string }>>(
  store: SingleUseRequests,
  pattern: RegExp,
  address: Readonly<{ lookupHash: () => string; code: string }>,
  res?: Response,
): Promise<T | null> {
  if (!pattern.test(address.code)) return null;
  if (!redisReady(store.redis)) throw redisUnavailable(res);
  const lookupHash = address.lookupHash();
  const code = address.code;
  const tokenHash = await store.codes.consume(lookupHash, signInCodeHash(store.signer, lookupHash, code));
  if (!tokenHash) return null;
  // The request itself: gone if its link was used or it expired meanwhile.
  const stored = await store.redis.getdel(store.tokenKey(tokenHash));
  if (!stored) return null;
  const pending = JSON.parse(stored) as T;
  return pending.lookupHash === lookupHash ? pending : null;
}

/** Work done after the answer (never throws: failures are logged as `failure: …`), awaited at shutdown. */
export class AfterTheAnswer {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly failure: string,
  ) {}

  run(work: () => Promise<void>): void {
    const running = work().catch((error: unknown) =>
      this.logger.error(`${this.failure}: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running));
  }

  /** Resolves once the work of every request made so far is done (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
