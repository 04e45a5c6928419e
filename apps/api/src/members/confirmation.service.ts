import { randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { unconfirmedDeadline } from '@trame/domain';
import { CONFIRMATION_TOKEN_PATTERN, confirmationCode, confirmationToken, LinkSigner, SIGN_IN_CODE_PATTERN } from '@trame/mail';
import { type ConfirmationEmailJob, confirmationFactId, confirmationJobOptions, emailRetryPolicy, QUEUES, REDIS } from '@trame/messaging';
import { AccountDirectory, hasAnyAccount } from '../auth/account-directory';
import type { Principal } from '../auth/principal';
import { SignInCodes } from '../auth/sign-in-codes';
import { SignInService } from '../auth/sign-in.service';
import { AfterTheAnswer, consumeCode, consumeToken, type SingleUseRequests, storeRequest } from '../auth/single-use-requests';
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
  private readonly afterTheAnswer = new AfterTheAnswer(this.logger, 'confirmation not sent');
  private readonly requests: SingleUseRequests;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) redis: Redis,
    @InjectQueue(QUEUES.confirmation) private readonly queue: Queue<ConfirmationEmailJob>,
    private readonly signer: LinkSigner,
    private readonly directory: AccountDirectory,
    private readonly confirmations: MemberConfirmations,
    private readonly signIn: SignInService,
  ) {
    this.requests = {
      redis,
      codes: new SignInCodes(redis, `${config.QUEUE_PREFIX}:confirmation`),
      signer,
      tokenKey: (tokenHash) => `${config.QUEUE_PREFIX}:confirmation:token:${tokenHash}`,
    };
  }

  /** Emails a member their confirmation after the answer (never throws, tells the caller nothing). */
  request(memberId: string, lookupHash: string): void {
    this.afterTheAnswer.run(() => this.send(memberId, lookupHash));
  }

  /**
   * "Send it again": a new confirmation to each unconfirmed member of the address; an address
   * whose members are all confirmed gets a sign-in link instead (what the person wants next);
   * an unknown one nothing. Answered before any of it, the same way for every address.
   */
  resend(email: string): void {
    const lookupHash = this.directory.lookupHash(email);
    this.afterTheAnswer.run(async () => {
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
    await this.afterTheAnswer.idle();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  /** Confirms with the link's token, once: the session's principal, or null (malformed, unknown, used, expired, erased). */
  async confirmToken(token: unknown, res?: Response): Promise<Principal | null> {
    const pending = await consumeToken<PendingConfirmation>(this.requests, CONFIRMATION_TOKEN_PATTERN, token, res);
    if (!pending) return null;
    await this.requests.codes.forget(pending.lookupHash, pending.codeHash);
    return this.confirm(pending);
  }

  /** Confirms with the email's code, once; wrong codes are counted per address. Null covers every failure alike. */
  async confirmCode(email: string, code: unknown, res?: Response): Promise<Principal | null> {
    const address = { lookupHash: () => this.directory.lookupHash(email), code: typeof code === 'string' ? code : '' };
    const pending = await consumeCode<PendingConfirmation>(this.requests, SIGN_IN_CODE_PATTERN, address, res);
    return pending ? this.confirm(pending) : null;
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
    const request = {
      lookupHash,
      token: confirmationToken(this.signer, requestId),
      code: confirmationCode(this.signer, requestId),
      ttlSeconds: ttl,
    };
    await storeRequest(this.requests, request, (codeHash): PendingConfirmation => ({ memberId, lookupHash, codeHash }));
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
}
