import { randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { unconfirmedDeadline } from '@trame/domain';
import {
  CONFIRMATION_TOKEN_PATTERN,
  confirmationCode,
  confirmationToken,
  LinkSigner,
  SIGN_IN_CODE_PATTERN,
  signInCodeHash,
  signInTokenHash,
} from '@trame/mail';
import { type ConfirmationEmailJob, confirmationFactId, confirmationJobOptions, emailRetryPolicy, QUEUES, REDIS } from '@trame/messaging';
import { AccountDirectory, hasAnyAccount } from '../auth/account-directory';
import type { Principal } from '../auth/principal';
import { SignInCodes } from '../auth/sign-in-codes';
import { SignInService } from '../auth/sign-in.service';
import { redisReady, redisUnavailable } from '../http/redis-availability';
import { MemberConfirmations } from './confirmation-recorder';

/** What Redis keeps per pending confirmation, under the sha256 of its link's token. */
type PendingConfirmation = { memberId: string; lookupHash: string; codeHash: string };

/**
 * Double opt-in. A new member's address gets an email with a single-use link and a 6-digit
 * code; either one, used once, confirms the member (`MemberConfirmed`) and signs the person
 * in. Like sign-in requests, tokens and codes are derived by the notifier from a random
 * request id, and Redis keeps only their hashes.
 *
 * The link and code live until the member's deadline to confirm (MEMBER_CONFIRMATION_SECONDS
 * after registering, 7 days): the person may read their mail days later, and past the deadline
 * the account is erased anyway. Guessing a code is bounded by the wrong codes an address
 * tolerates over all its pending codes (as sign-in codes, in a store of their own) and by the
 * per-address and per-IP rate limits of the routes.
 */
@Injectable()
export class ConfirmationService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ConfirmationService.name);
  private readonly pending = new Set<Promise<void>>();
  private readonly codes: SignInCodes;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectQueue(QUEUES.confirmation) private readonly queue: Queue<ConfirmationEmailJob>,
    private readonly signer: LinkSigner,
    private readonly directory: AccountDirectory,
    private readonly confirmations: MemberConfirmations,
    private readonly signIn: SignInService,
  ) {
    this.codes = new SignInCodes(redis, `${config.QUEUE_PREFIX}:confirmation`);
  }

  /** Emails a member their confirmation after the answer (never throws, tells the caller nothing). */
  request(memberId: string, lookupHash: string): void {
    this.background(() => this.send(memberId, lookupHash));
  }

  /**
   * "Send it again": a new confirmation to each unconfirmed member of the address; an address
   * whose members are all confirmed gets a sign-in link instead (what the person wants next);
   * an unknown one nothing. Answered before any of it, the same way for every address.
   */
  resend(email: string): void {
    const lookupHash = this.directory.lookupHash(email);
    this.background(async () => {
      const { memberIds } = await this.directory.accountsOf(lookupHash);
      const unconfirmed: string[] = [];
      for (const memberId of memberIds) {
        const state = await this.directory.member(memberId);
        if (state.status === 'active' && !state.confirmed) unconfirmed.push(memberId);
      }
      if (unconfirmed.length === 0) return this.signIn.request(email);
      for (const memberId of unconfirmed) await this.send(memberId, lookupHash);
    });
  }

  /** Resolves once the work of every request made so far is done (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  /** Confirms with the link's token, once: the session's principal, or null (malformed, unknown, used, expired, erased). */
  async confirmToken(token: unknown, res?: Response): Promise<Principal | null> {
    if (typeof token !== 'string' || !CONFIRMATION_TOKEN_PATTERN.test(token)) return null;
    if (!redisReady(this.redis)) throw redisUnavailable(res);
    const stored = await this.redis.getdel(this.tokenKey(signInTokenHash(token)));
    if (!stored) return null;
    const pending = JSON.parse(stored) as PendingConfirmation;
    await this.codes.forget(pending.lookupHash, pending.codeHash);
    return this.confirm(pending);
  }

  /** Confirms with the email's code, once; wrong codes are counted per address. Null covers every failure alike. */
  async confirmCode(email: string, code: unknown, res?: Response): Promise<Principal | null> {
    if (typeof code !== 'string' || !SIGN_IN_CODE_PATTERN.test(code)) return null;
    if (!redisReady(this.redis)) throw redisUnavailable(res);
    const lookupHash = this.directory.lookupHash(email);
    const tokenHash = await this.codes.consume(lookupHash, signInCodeHash(this.signer, lookupHash, code));
    if (!tokenHash) return null;
    // The request itself: gone if its link was used or it expired meanwhile.
    const stored = await this.redis.getdel(this.tokenKey(tokenHash));
    if (!stored) return null;
    const pending = JSON.parse(stored) as PendingConfirmation;
    return pending.lookupHash === lookupHash ? this.confirm(pending) : null;
  }

  private async confirm({ memberId, lookupHash }: PendingConfirmation): Promise<Principal | null> {
    const accounts = await this.directory.accountsOf(lookupHash);
    // Erased meanwhile (by the member, or at the deadline): nothing to confirm, nobody to sign in as.
    if (!accounts.memberIds.includes(memberId) || !hasAnyAccount(accounts)) return null;
    // Every unconfirmed member of the address: the link proves the address, whichever registration it came from.
    await this.confirmations.confirm(accounts.memberIds);
    return { subject: lookupHash, memberIds: accounts.memberIds, referentIds: accounts.referentIds, admin: accounts.admin };
  }

  private async send(memberId: string, lookupHash: string): Promise<void> {
    const state = await this.directory.member(memberId);
    if (state.status !== 'active' || state.confirmed) return;
    const now = Date.now();
    const expiresAt = Date.parse(unconfirmedDeadline(state.registeredAt, this.config.MEMBER_CONFIRMATION_SECONDS));
    const ttl = Math.floor((expiresAt - now) / 1000);
    if (ttl < 1) return;

    const requestId = randomBytes(32).toString('base64url');
    const tokenHash = signInTokenHash(confirmationToken(this.signer, requestId));
    const codeHash = signInCodeHash(this.signer, lookupHash, confirmationCode(this.signer, requestId));
    const pending: PendingConfirmation = { memberId, lookupHash, codeHash };
    await this.redis.set(this.tokenKey(tokenHash), JSON.stringify(pending), 'EX', ttl);
    await this.codes.add(lookupHash, codeHash, tokenHash, ttl);
    const job: ConfirmationEmailJob = {
      kind: 'confirmation',
      factId: confirmationFactId(requestId),
      requestId,
      memberId,
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    };
    await this.queue.add('confirmation', job, confirmationJobOptions(job.factId, emailRetryPolicy(this.config)));
  }

  private background(work: () => Promise<void>): void {
    const running = work().catch((error: unknown) =>
      this.logger.error(`confirmation not sent: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running));
  }

  private tokenKey(tokenHash: string): string {
    return `${this.config.QUEUE_PREFIX}:confirmation:token:${tokenHash}`;
  }
}
