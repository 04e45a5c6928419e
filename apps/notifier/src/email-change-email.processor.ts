import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { memberDecider, streamId } from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { buildEmailChangeEmail, emailChangeCode, emailChangeToken, emailChangeUrl, LinkSigner, renderEmailChangeEmail } from '@trame/mail';
import { type EmailChangeJob, QUEUES, REDIS } from '@trame/messaging';
import { PersonalDataCipher } from '@trame/personal-data';
import { EmailDelivery } from './email-delivery';
import { type LinkAndCodeDeps, type LinkAndCodeFlow, linkAndCodeEmailDone, sendLinkAndCodeEmail } from './link-and-code-delivery';
import { EMAIL_WORKER_OPTIONS } from './worker-options';

export type EmailChangeJobResult =
  | Readonly<{ status: 'sent'; messageId: string }>
  | Readonly<{ status: 'already-done' }>
  | Readonly<{ status: 'skipped'; reason: 'expired' | 'replaced' | 'unreachable' }>;

const EMAIL_CHANGE_FLOW: LinkAndCodeFlow = {
  name: 'email-change',
  token: emailChangeToken,
  url: emailChangeUrl,
  code: emailChangeCode,
  render: renderEmailChangeEmail,
  build: buildEmailChangeEmail,
};

/**
 * Emails the link and code of a "change my email" request to the NEW address, in the
 * transactional lane. The address is read at send time from the member's stream (the
 * pending address, sealed with their key), never from the job: an erased member, or a
 * request replaced by a newer one or already confirmed, gets nothing. A job retried after
 * the relay accepted it sends nothing more.
 */
@Processor(QUEUES.emailChange, EMAIL_WORKER_OPTIONS)
export class EmailChangeEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmailChangeEmailProcessor.name);
  private readonly deps: LinkAndCodeDeps;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cipher: PersonalDataCipher,
    signer: LinkSigner,
    delivery: EmailDelivery,
  ) {
    super();
    this.deps = { config, redis, signer, delivery };
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.NOTIFIER_CONCURRENCY;
  }

  async process(job: Job<EmailChangeJob>, token?: string): Promise<EmailChangeJobResult> {
    const data = job.data;
    const done = await linkAndCodeEmailDone(this.deps, EMAIL_CHANGE_FLOW, data);
    if (done) return done;

    const { state } = await aggregateStream(this.store, streamId('member', data.memberId), memberDecider);
    if (state.status !== 'active') return this.unreachable(data);
    const change = state.emailChange;
    if (change?.pendingRequestId !== data.changeId || !change.pendingPii) return { status: 'skipped', reason: 'replaced' };
    const pending = await this.cipher.open<{ email: string }>(data.memberId, change.pendingPii);
    if (!pending) return this.unreachable(data);
    return sendLinkAndCodeEmail(this.deps, EMAIL_CHANGE_FLOW, job, token, {
      email: pending.email,
      firstName: state.firstName,
      locale: state.locale,
    });
  }

  private unreachable(data: EmailChangeJob): EmailChangeJobResult {
    this.logger.log(`${data.factId}: not sent (member erased or unknown)`);
    return { status: 'skipped', reason: 'unreachable' };
  }
}
