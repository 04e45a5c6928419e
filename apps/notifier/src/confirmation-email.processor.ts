import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import {
  buildConfirmationEmail,
  confirmationCode,
  confirmationToken,
  confirmationUrl,
  LinkSigner,
  renderConfirmationEmail,
} from '@trame/mail';
import { type ConfirmationEmailJob, QUEUES, REDIS } from '@trame/messaging';
import { EmailDelivery } from './email-delivery';
import { type LinkAndCodeDeps, type LinkAndCodeFlow, linkAndCodeEmailDone, sendLinkAndCodeEmail } from './link-and-code-delivery';
import { RecipientDirectory } from './recipient-directory';
import { EMAIL_WORKER_OPTIONS } from './worker-options';

export type ConfirmationJobResult =
  | Readonly<{ status: 'sent'; messageId: string }>
  | Readonly<{ status: 'already-done' }>
  | Readonly<{ status: 'skipped'; reason: 'expired' | 'confirmed' | 'unreachable' }>;

/**
 * Emails one confirmation (double opt-in) per job, in the transactional lane like sign-in
 * links. The address is read at send time from the member's sealed contact, never from the
 * job; the link's token and the code are derived again from the job's request id. Not sent
 * once expired, once the member is confirmed (a sign-in did it meanwhile) or erased; a job
 * retried after the relay accepted it sends nothing more.
 */
const CONFIRMATION_FLOW: LinkAndCodeFlow = {
  name: 'confirmation',
  token: confirmationToken,
  url: confirmationUrl,
  code: confirmationCode,
  render: renderConfirmationEmail,
  build: buildConfirmationEmail,
};

@Processor(QUEUES.confirmation, EMAIL_WORKER_OPTIONS)
export class ConfirmationEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConfirmationEmailProcessor.name);
  private readonly deps: LinkAndCodeDeps;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) redis: Redis,
    private readonly recipients: RecipientDirectory,
    signer: LinkSigner,
    delivery: EmailDelivery,
  ) {
    super();
    this.deps = { config, redis, signer, delivery };
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.NOTIFIER_CONCURRENCY;
  }

  async process(job: Job<ConfirmationEmailJob>, token?: string): Promise<ConfirmationJobResult> {
    const data = job.data;
    const done = await linkAndCodeEmailDone(this.deps, CONFIRMATION_FLOW, data);
    if (done) return done;

    const member = await this.recipients.find(data.memberId, { evenUnconfirmed: true });
    if (!member.reachable) {
      this.logger.log(`${data.factId}: not sent (recipient unreachable)`);
      return { status: 'skipped', reason: 'unreachable' };
    }
    if (member.confirmed) return { status: 'skipped', reason: 'confirmed' };
    return sendLinkAndCodeEmail(this.deps, CONFIRMATION_FLOW, job, token, member);
  }
}
