import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EmailComposer } from '@trame/mail';
import { type EmailJob, type EmailJobResult, NotificationRecords, QUEUES } from '@trame/messaging';
import { EmailDelivery } from './email-delivery';
import { PartnersEmail } from './partners-email';
import { RecipientDirectory } from './recipient-directory';
import { EMAIL_WORKER_OPTIONS } from './worker-options';

/**
 * Sends one email per job, at most once per fact (a holder's partner batch: `PartnersEmail`):
 * already recorded → done; recipient erased or on `never` → done without sending, reason
 * recorded; domain over its rate → back to the delayed set (no attempt used); else render,
 * send, and record the fact as sent as soon as the relay accepted it.
 *
 * The only window for a duplicate is between the relay's acceptance and that record (one
 * Redis write); the Message-ID derives from the fact, so a receiver can still tell.
 */
@Processor(QUEUES.email, EMAIL_WORKER_OPTIONS)
export class SendEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SendEmailProcessor.name);

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly records: NotificationRecords,
    private readonly recipients: RecipientDirectory,
    private readonly composer: EmailComposer,
    private readonly delivery: EmailDelivery,
    private readonly partners: PartnersEmail,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.NOTIFIER_CONCURRENCY;
  }

  async process(job: Job<EmailJob>, token?: string): Promise<EmailJobResult> {
    const data = job.data;
    if (data.kind === 'partners') return this.partners.process(job, data, token);
    const done = await this.records.outcomeOf(data.factId);
    if (done) return { status: 'already-done', outcome: done.status };

    const recipient = await this.recipients.find(data.recipientId);
    if (!recipient.reachable || recipient.notify === 'never') {
      const reason = recipient.reachable ? 'notify-never' : recipient.reason;
      await this.records.markSkipped(data.factId, reason);
      this.logger.log(`${data.factId}: not sent (${reason})`);
      return { status: 'skipped', reason };
    }

    const email = await this.delivery.deliver(job, token, {
      address: recipient.email,
      kind: data.kind,
      lane: 'bulk',
      compose: () => this.composer.compose(data, recipient),
      record: (sent) => this.records.markSent(data.factId, sent.messageId, data.kind === 'digest' ? data.items.map((i) => i.factId) : []),
    });
    return { status: 'sent', messageId: email.messageId };
  }
}
