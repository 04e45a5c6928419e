import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EmailComposer } from '@trame/mail';
import {
  type DigestItem,
  EmailEnqueuer,
  type EmailJob,
  type EmailJobResult,
  NotificationRecords,
  PartnerBatches,
  type PartnersEmailJob,
  partnersEmailJob,
} from '@trame/messaging';
import { EmailDelivery } from './email-delivery';
import { RecipientDirectory } from './recipient-directory';

/**
 * A holder's batch of new partners, once its window has closed: one email listing them all.
 *
 * The partners are read from the batch when the job first runs and kept in the job before
 * anything is sent, so a retry sends exactly the same email (same Message-ID, from the batch
 * fact id). The email is recorded as sent with every partner fact it carried, which no later
 * batch lists again; partners who came while it was being sent wait for a new window. As for
 * a digest, the one window for a second email is a crash between the relay's acceptance and
 * that record. Closing the window is idempotent and also runs on a retry of a batch already
 * sent, so a crash before it loses nothing either.
 */
@Injectable()
export class PartnersEmail {
  private readonly logger = new Logger(PartnersEmail.name);

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly records: NotificationRecords,
    private readonly batches: PartnerBatches,
    private readonly recipients: RecipientDirectory,
    private readonly composer: EmailComposer,
    private readonly delivery: EmailDelivery,
    private readonly emails: EmailEnqueuer,
  ) {}

  async process(job: Job<EmailJob>, data: PartnersEmailJob, token?: string): Promise<EmailJobResult> {
    const done = await this.records.outcomeOf(data.factId);
    if (done) {
      await this.close(data, data.items);
      return { status: 'already-done', outcome: done.status };
    }

    const items = data.items.length > 0 ? data.items : await this.batches.pending(data.recipientId, data.projectId);
    const recipient = await this.recipients.find(data.recipientId);
    if (items.length === 0 || !recipient.reachable || recipient.notify === 'never') {
      const reason = items.length === 0 ? 'nothing-new' : recipient.reachable ? 'notify-never' : recipient.reason;
      await this.records.markSkippedMany([data.factId, ...items.map((i) => i.factId)].map((factId) => ({ factId, reason })));
      await this.close(data, items);
      this.logger.log(`${data.factId}: not sent (${reason})`);
      return { status: 'skipped', reason };
    }

    const batch: PartnersEmailJob = { ...data, items };
    // Kept before sending: a retry (or a send put back by the domain's rate limit) lists the same partners.
    if (data.items.length === 0) await job.updateData(batch);
    const email = await this.delivery.deliver(job, token, {
      address: recipient.email,
      kind: data.kind,
      lane: 'bulk',
      compose: () => this.composer.compose(batch, recipient),
      record: (sent) =>
        this.records.markSent(
          data.factId,
          sent.messageId,
          items.map((i) => i.factId),
        ),
    });
    await this.close(data, items);
    return { status: 'sent', messageId: email.messageId };
  }

  /** The carried partners leave the batch; those left get the job of the window now open. */
  private async close(data: PartnersEmailJob, carried: readonly DigestItem[]): Promise<void> {
    const now = new Date();
    const open = await this.batches.close(
      data.recipientId,
      data.projectId,
      data.windowStart,
      carried.map((i) => i.factId),
      now,
    );
    if (open === null) return;
    const next = partnersEmailJob(data.recipientId, data.projectId, open, this.config.HOLDER_BATCH_WINDOW_SECONDS, now);
    await this.emails.enqueueDelayed(next.job, next.delayMs);
  }
}
