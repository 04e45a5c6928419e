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
@Processor(QUEUES.confirmation, EMAIL_WORKER_OPTIONS)
export class ConfirmationEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConfirmationEmailProcessor.name);

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly recipients: RecipientDirectory,
    private readonly signer: LinkSigner,
    private readonly delivery: EmailDelivery,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.NOTIFIER_CONCURRENCY;
  }

  async process(job: Job<ConfirmationEmailJob>, token?: string): Promise<ConfirmationJobResult> {
    const data = job.data;
    const expiresAt = Date.parse(data.expiresAt);
    if (!(expiresAt > Date.now())) return { status: 'skipped', reason: 'expired' };
    const sentKey = `${this.config.QUEUE_PREFIX}:confirmation:sent:${data.factId}`;
    if (await this.redis.exists(sentKey)) return { status: 'already-done' };

    const member = await this.recipients.find(data.memberId, { evenUnconfirmed: true });
    if (!member.reachable) {
      this.logger.log(`${data.factId}: not sent (recipient unreachable)`);
      return { status: 'skipped', reason: 'unreachable' };
    }
    if (member.confirmed) return { status: 'skipped', reason: 'confirmed' };

    const email = await this.delivery.deliver(job, token, {
      address: member.email,
      kind: data.kind,
      lane: 'transactional',
      compose: async () => {
        const content = await renderConfirmationEmail({
          locale: member.locale,
          firstName: member.firstName,
          url: confirmationUrl(this.config.PUBLIC_URL, confirmationToken(this.signer, data.requestId)),
          code: confirmationCode(this.signer, data.requestId),
          ttlSeconds: Math.round((expiresAt - Date.parse(data.requestedAt)) / 1000),
        });
        return buildConfirmationEmail({
          requestId: data.requestId,
          from: this.config.SMTP_FROM,
          to: member.email,
          publicUrl: this.config.PUBLIC_URL,
          content,
        });
      },
      // Kept as long as the link lives: past that, a retry is skipped as expired anyway.
      record: (sent) => this.redis.set(sentKey, sent.messageId, 'PX', Math.max(1, expiresAt - Date.now())),
    });
    return { status: 'sent', messageId: email.messageId };
  }
}
