import { randomBytes, randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import {
  type ActiveMemberState,
  ADDRESS_IN_USE,
  memberDecider,
  type MemberPersonalData,
  RuleViolationError,
  SAME_ADDRESS,
  streamId,
} from '@trame/domain';
import { EVENT_STORE, type EventStore, handleCommand } from '@trame/event-store';
import {
  EMAIL_CHANGE_TOKEN_PATTERN,
  EMAIL_CHANGE_TTL_SECONDS,
  emailChangeCode,
  emailChangeToken,
  LinkSigner,
  normaliseEmail,
  SIGN_IN_CODE_PATTERN,
} from '@trame/mail';
import { type EmailChangeJob, emailChangeFactId, emailChangeJobOptions, emailRetryPolicy, QUEUES, REDIS } from '@trame/messaging';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import { AccountDirectory } from '../auth/account-directory';
import type { Principal } from '../auth/principal';
import { SignInCodes } from '../auth/sign-in-codes';
import { AfterTheAnswer, consumeCode, consumeToken, type SingleUseRequests, storeRequest } from '../auth/single-use-requests';
import { CLOCK, type Clock } from '../shared/clock';

/** What Redis keeps per pending link, under the sha256 of its token. */
type PendingEmailChange = { memberId: string; changeId: string; lookupHash: string; codeHash: string };

export const EMAIL_CHANGE_MESSAGES = {
  sent: {
    fr: 'Si cette adresse peut être utilisée, un lien pour la confirmer vient d’y être envoyé.',
    en: 'If this address can be used, a link to confirm it has just been sent to it.',
  },
  invalid: {
    fr: 'Ce lien ou ce code ne marche plus : il a déjà servi, il a expiré ou il est faux.',
    en: 'This link or code no longer works: it was already used, it expired or it is wrong.',
  },
} as const;

/**
 * "Change my email". A request seals the new address with the member's key
 * (`EmailChangeRequested`, pending) and emails that address a single-use link and a 6-digit
 * code; using either once records `EmailChanged` (the contact sealed again with the new
 * address) and adds the new address to the sign-in blind index. From then on the old address
 * signs in as nothing (the directory checks a moved member's current address).
 *
 * An address that already has a member account is refused without saying so: the answer is
 * the same and nothing is sent (the domain refuses it again at confirmation, in case it was
 * registered meanwhile, and then the person holds that address, so they may be told).
 */
@Injectable()
export class EmailChangeService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailChangeService.name);
  private readonly afterTheAnswer = new AfterTheAnswer(this.logger, 'email change link not sent');
  private readonly requests: SingleUseRequests;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @InjectQueue(QUEUES.emailChange) private readonly queue: Queue<EmailChangeJob>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly signer: LinkSigner,
    private readonly cipher: PersonalDataCipher,
    private readonly directory: AccountDirectory,
  ) {
    this.requests = {
      redis,
      codes: new SignInCodes(redis, `${config.QUEUE_PREFIX}:email-change`),
      signer,
      tokenKey: (tokenHash) => `${config.QUEUE_PREFIX}:email-change:token:${tokenHash}`,
    };
  }

  /**
   * Records the request and, after the answer, emails the link. Throws for an unknown or
   * erased member (404, 409) and for the member's own current address (422); an address
   * owned by another account returns alike, recorded as a request that can never be confirmed
   * and sent nothing.
   */
  async request(memberId: string, email: string, eventId?: (index: number) => string): Promise<void> {
    const address = normaliseEmail(email);
    const lookupHash = this.directory.lookupHash(address);
    const state = await this.directory.member(memberId);
    if (state.status === 'active') {
      const current = await this.cipher.open<MemberPersonalData>(memberId, state.pii);
      if (current && normaliseEmail(current.email) === address) throw new RuleViolationError([SAME_ADDRESS]);
    }
    const addressInUse = (await this.directory.accountsOf(lookupHash)).memberIds.length > 0;
    let changeId: string = randomUUID();
    try {
      const { newEvents } = await handleCommand(
        this.store,
        streamId('member', memberId),
        memberDecider,
        {
          type: 'RequestEmailChange',
          data: { memberId, requestId: changeId, pii: await this.cipher.seal(memberId, { email: address }), addressInUse },
          metadata: { now: this.clock() },
        },
        { eventId },
      );
      // A retry with the same idempotency key: the request recorded then.
      const recorded = newEvents.find((e) => e.type === 'EmailChangeRequested');
      if (recorded?.type === 'EmailChangeRequested') changeId = recorded.data.requestId;
    } catch (error) {
      if (isAddressInUse(error)) return;
      throw error;
    }
    // Recorded either way (the earlier link dies alike); emailed only to a free address.
    if (addressInUse) return;
    this.afterTheAnswer.run(() => this.send(memberId, changeId, lookupHash));
  }

  /**
   * Confirms with the link's token, once: the session of the new address (sessions of the old
   * one end at their next renewal), or null (malformed, unknown, used, expired, erased).
   */
  async confirmToken(token: unknown, res?: Response): Promise<Principal | null> {
    const pending = await consumeToken<PendingEmailChange>(this.requests, EMAIL_CHANGE_TOKEN_PATTERN, token, res);
    if (!pending) return null;
    await this.requests.codes.forget(pending.lookupHash, pending.codeHash);
    return this.confirm(pending);
  }

  /** Confirms with the new address and the email's code, once; wrong codes are counted per address. */
  async confirmCode(email: string, code: unknown, res?: Response): Promise<Principal | null> {
    const address = { lookupHash: () => this.directory.lookupHash(email), code: typeof code === 'string' ? code : '' };
    const pending = await consumeCode<PendingEmailChange>(this.requests, SIGN_IN_CODE_PATTERN, address, res);
    return pending ? this.confirm(pending) : null;
  }

  /** Resolves once every email asked for so far is queued (shutdown, tests). */
  async idle(): Promise<void> {
    await this.afterTheAnswer.idle();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  /**
   * The domain judges (a replaced request: 409; the address taken meanwhile: 422); a member
   * erased meanwhile is the same as a dead link (null).
   */
  private async confirm({ memberId, changeId, lookupHash }: PendingEmailChange): Promise<Principal | null> {
    const state = await this.directory.member(memberId);
    if (state.status !== 'active') return null;
    const pii = await this.newContact(state, changeId);
    if (pii === null) return null;
    const others = (await this.directory.accountsOf(lookupHash)).memberIds.filter((id) => id !== memberId);
    // Before the change: an address the stream names can always be signed in with (the directory ignores it until then).
    if (pii !== state.pii) await this.keys.addLookup(lookupHash, { subjectId: memberId, kind: 'member' });
    await handleCommand(this.store, streamId('member', memberId), memberDecider, {
      type: 'ConfirmEmailChange',
      data: { memberId, requestId: changeId, pii, addressInUse: others.length > 0 },
      metadata: { now: this.clock() },
    });
    const accounts = await this.directory.accountsOf(lookupHash);
    return { subject: lookupHash, memberIds: accounts.memberIds, referentIds: accounts.referentIds, admin: accounts.admin };
  }

  /**
   * The contact sealed again with the pending address, for the request awaited; for any other
   * (replaced, or already confirmed) the current one, and the decider answers.
   */
  private async newContact(state: ActiveMemberState, changeId: string): Promise<string | null> {
    const change = state.emailChange;
    if (change?.pendingRequestId !== changeId || !change.pendingPii) return state.pii;
    const [current, pending] = await Promise.all([
      this.cipher.open<MemberPersonalData>(state.memberId, state.pii),
      this.cipher.open<{ email: string }>(state.memberId, change.pendingPii),
    ]);
    if (!current || !pending) return null;
    return this.cipher.seal(state.memberId, { displayName: current.displayName, email: pending.email });
  }

  private async send(memberId: string, changeId: string, lookupHash: string): Promise<void> {
    const now = this.clock().getTime();
    const requestId = randomBytes(32).toString('base64url');
    const request = {
      lookupHash,
      token: emailChangeToken(this.signer, requestId),
      code: emailChangeCode(this.signer, requestId),
      ttlSeconds: EMAIL_CHANGE_TTL_SECONDS,
    };
    await storeRequest(this.requests, request, (codeHash): PendingEmailChange => ({ memberId, changeId, lookupHash, codeHash }));
    const job: EmailChangeJob = {
      kind: 'email-change',
      factId: emailChangeFactId(requestId),
      requestId,
      memberId,
      changeId,
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + EMAIL_CHANGE_TTL_SECONDS * 1000).toISOString(),
    };
    await this.queue.add('email-change', job, emailChangeJobOptions(job.factId, emailRetryPolicy(this.config)));
  }
}

const isAddressInUse = (error: unknown): boolean =>
  error instanceof RuleViolationError && error.violations.length === 1 && error.violations[0]?.message === ADDRESS_IN_USE.message;

/** A dead link or code: one answer for every reason. */
export const invalidEmailChangeLink = () =>
  new UnauthorizedException(`${EMAIL_CHANGE_MESSAGES.invalid.fr} / ${EMAIL_CHANGE_MESSAGES.invalid.en}`);
