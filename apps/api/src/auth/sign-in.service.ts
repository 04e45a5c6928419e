import { randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { LinkSigner, SIGN_IN_CODE_PATTERN, SIGN_IN_TOKEN_PATTERN, signInCode, signInToken } from '@trame/mail';
import {
  emailRetryPolicy,
  QUEUES,
  REDIS,
  type SignInEmailJob,
  signInFactId,
  signInJobOptions,
  type SignInRecipient,
} from '@trame/messaging';
import { MemberConfirmations } from '../members/confirmation-recorder';
import { AccountDirectory, hasAnyAccount } from './account-directory';
import type { Principal } from './principal';
import { SignInCodes } from './sign-in-codes';
import { AfterTheAnswer, consumeCode, consumeToken, type SingleUseRequests, storeRequest } from './single-use-requests';

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
  private readonly afterTheAnswer = new AfterTheAnswer(this.logger, 'sign-in link not sent');
  private readonly requests: SingleUseRequests;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) redis: Redis,
    @InjectQueue(QUEUES.signIn) private readonly queue: Queue<SignInEmailJob>,
    private readonly signer: LinkSigner,
    private readonly directory: AccountDirectory,
    private readonly confirmations: MemberConfirmations,
  ) {
    this.requests = {
      redis,
      codes: new SignInCodes(redis, config.QUEUE_PREFIX),
      signer,
      tokenKey: (tokenHash) => `${config.QUEUE_PREFIX}:sign-in:token:${tokenHash}`,
    };
  }

  /** The blind index value of an address (what every lookup of it uses). */
  lookupHash(email: string): string {
    return this.directory.lookupHash(email);
  }

  /** Starts the work for one request; never throws, never tells the caller what it found. */
  request(email: string): void {
    this.afterTheAnswer.run(() => this.send(this.directory.lookupHash(email)));
  }

  /** Resolves once the work of every request made so far is done (shutdown, tests). */
  async idle(): Promise<void> {
    await this.afterTheAnswer.idle();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  /** The principal for a token, once: null if it is malformed, unknown, used, expired, or its address no longer owns anything. */
  async exchange(token: unknown, res?: Response): Promise<Principal | null> {
    const pending = await consumeToken<PendingSignIn>(this.requests, SIGN_IN_TOKEN_PATTERN, token, res);
    if (!pending) return null;
    if (pending.codeHash) await this.requests.codes.forget(pending.lookupHash, pending.codeHash);
    return this.principalOf(pending.lookupHash);
  }

  /**
   * The principal for an address's 6-digit code, once: null if it is malformed, wrong,
   * used, expired, the address has no pending request, or it no longer owns anything
   * (one answer for all, so a code tells nothing about an address). Wrong codes are counted.
   */
  async exchangeCode(email: string, typed: unknown, res?: Response): Promise<Principal | null> {
    // The email prints the code in two groups ("042 917"): spaces are not part of it.
    const code = typeof typed === 'string' ? typed.replace(/ /g, '') : '';
    const lookupHash = () => this.directory.lookupHash(email);
    const pending = await consumeCode<PendingSignIn>(this.requests, SIGN_IN_CODE_PATTERN, { lookupHash, code }, res);
    return pending ? this.principalOf(pending.lookupHash) : null;
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
    const request = { lookupHash, token: signInToken(this.signer, requestId), code: signInCode(this.signer, requestId), ttlSeconds: ttl };
    await storeRequest(this.requests, request, (codeHash): PendingSignIn => ({ lookupHash, codeHash }));
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
}
