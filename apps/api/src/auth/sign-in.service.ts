import { randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import {
  LinkSigner,
  SIGN_IN_CODE_PATTERN,
  SIGN_IN_TOKEN_PATTERN,
  signInCode,
  signInCodeHash,
  signInToken,
  signInTokenHash,
} from '@trame/mail';
import {
  emailRetryPolicy,
  QUEUES,
  REDIS,
  type SignInEmailJob,
  signInFactId,
  signInJobOptions,
  type SignInRecipient,
} from '@trame/messaging';
import { redisReady, redisUnavailable } from '../http/redis-availability';
import { MemberConfirmations } from '../members/confirmation-recorder';
import { AccountDirectory, hasAnyAccount } from './account-directory';
import type { Principal } from './principal';
import { SignInCodes } from './sign-in-codes';

/** What Redis keeps per pending request, under the sha256 of its token (and the keyed hash of its code, if it has one). */
type PendingSignIn = { lookupHash: string; codeHash?: string };

/**
 * Passwordless sign-in. `request` answers at once and does the rest after the answer
 * (look the address up, store the token's hash, queue the email), so the response, its
 * body and its timing are the same whether or not the address has an account. `exchange`
 * consumes a token atomically (GETDEL) and returns the principal of its address, read
 * again at that moment; `exchangeCode` does the same for the request a 6-digit code belongs to.
 */
@Injectable()
export class SignInService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SignInService.name);
  private readonly pending = new Set<Promise<void>>();
  private readonly codes: SignInCodes;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectQueue(QUEUES.signIn) private readonly queue: Queue<SignInEmailJob>,
    private readonly signer: LinkSigner,
    private readonly directory: AccountDirectory,
    private readonly confirmations: MemberConfirmations,
  ) {
    this.codes = new SignInCodes(redis, config.QUEUE_PREFIX);
  }

  /** The blind index value of an address (what every lookup of it uses). */
  lookupHash(email: string): string {
    return this.directory.lookupHash(email);
  }

  /** Starts the work for one request; never throws, never tells the caller what it found. */
  request(email: string): void {
    const work = this.send(this.directory.lookupHash(email)).catch((error: unknown) =>
      this.logger.error(`sign-in link not sent: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves once the work of every request made so far is done (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  /** The principal for a token, once: null if it is malformed, unknown, used, expired, or its address no longer owns anything. */
  async exchange(token: unknown, res?: Response): Promise<Principal | null> {
    if (typeof token !== 'string' || !SIGN_IN_TOKEN_PATTERN.test(token)) return null;
    // Redis away: 503 now, rather than a request held for the whole outage.
    if (!redisReady(this.redis)) throw redisUnavailable(res);
    const stored = await this.redis.getdel(this.tokenKey(signInTokenHash(token)));
    if (!stored) return null;
    const { lookupHash, codeHash } = JSON.parse(stored) as PendingSignIn;
    if (codeHash) await this.codes.forget(lookupHash, codeHash);
    return this.principalOf(lookupHash);
  }

  /**
   * The principal for an address's 6-digit code, once: null if it is malformed, wrong,
   * used, expired, the address has no pending request, or it no longer owns anything
   * (one answer for all, so a code tells nothing about an address). Wrong codes are counted.
   */
  async exchangeCode(email: string, typed: unknown, res?: Response): Promise<Principal | null> {
    // The email prints the code in two groups ("042 917"): spaces are not part of it.
    const code = typeof typed === 'string' ? typed.replace(/ /g, '') : '';
    if (!SIGN_IN_CODE_PATTERN.test(code)) return null;
    if (!redisReady(this.redis)) throw redisUnavailable(res);
    const lookupHash = this.directory.lookupHash(email);
    const tokenHash = await this.codes.consume(lookupHash, signInCodeHash(this.signer, lookupHash, code));
    if (!tokenHash) return null;
    // The request itself: gone if its link was used or it expired meanwhile.
    const stored = await this.redis.getdel(this.tokenKey(tokenHash));
    if (!stored || (JSON.parse(stored) as PendingSignIn).lookupHash !== lookupHash) return null;
    return this.principalOf(lookupHash);
  }

  /** Who an address signs in as, read now (an account erased since the request is no longer there). */
  private async principalOf(lookupHash: string): Promise<Principal | null> {
    const accounts = await this.directory.accountsOf(lookupHash);
    if (!hasAnyAccount(accounts)) return null;
    // Following a sign-in link or code proves the address as a confirmation does (double opt-in).
    await this.confirmations.confirm(accounts.memberIds);
    return { subject: lookupHash, memberIds: accounts.memberIds, referentIds: accounts.referentIds, admin: accounts.admin };
  }

  private async send(lookupHash: string): Promise<void> {
    const accounts = await this.directory.accountsOf(lookupHash);
    const recipient: SignInRecipient | undefined = accounts.memberIds[0]
      ? { kind: 'member', id: accounts.memberIds[0] }
      : accounts.referentIds[0]
        ? { kind: 'referent', id: accounts.referentIds[0] }
        : accounts.admin
          ? { kind: 'admin', lookupHash }
          : undefined;
    if (!recipient) return;

    const requestId = randomBytes(32).toString('base64url');
    const ttl = this.config.SIGN_IN_LINK_TTL_SECONDS;
    const tokenHash = signInTokenHash(signInToken(this.signer, requestId));
    const codeHash = signInCodeHash(this.signer, lookupHash, signInCode(this.signer, requestId));
    const pending: PendingSignIn = { lookupHash, codeHash };
    await this.redis.set(this.tokenKey(tokenHash), JSON.stringify(pending), 'EX', ttl);
    await this.codes.add(lookupHash, codeHash, tokenHash, ttl);
    const now = Date.now();
    const job: SignInEmailJob = {
      kind: 'sign-in',
      factId: signInFactId(requestId),
      requestId,
      recipient,
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttl * 1000).toISOString(),
    };
    await this.queue.add('sign-in', job, signInJobOptions(job.factId, emailRetryPolicy(this.config)));
  }

  private tokenKey(tokenHash: string): string {
    return `${this.config.QUEUE_PREFIX}:sign-in:token:${tokenHash}`;
  }
}
