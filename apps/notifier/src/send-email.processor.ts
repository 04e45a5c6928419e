import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EmailComposer, MAIL_TRANSPORT, type MailTransport, PermanentMailError } from '@trame/mail';
import { type EmailJob, type EmailJobResult, NotificationRecords, QUEUES } from '@trame/messaging';
import { DomainRateLimiter, domainOf } from './domain-rate-limiter';
import { NotifierMetrics } from './notifier-metrics';
import { RecipientDirectory } from './recipient-directory';
import { EMAIL_WORKER_OPTIONS } from './worker-options';

/**
 * Sends one email per job, at most once per fact:
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
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly records: NotificationRecords,
    private readonly recipients: RecipientDirectory,
    private readonly rateLimiter: DomainRateLimiter,
    private readonly composer: EmailComposer,
    private readonly metrics: NotifierMetrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.NOTIFIER_CONCURRENCY;
  }

  async process(job: Job<EmailJob>, token?: string): Promise<EmailJobResult> {
    const data = job.data;
    const done = await this.records.outcomeOf(data.factId);
    if (done) return { status: 'already-done', outcome: done.status };

    const recipient = await this.recipients.find(data.recipientId);
    if (!recipient.reachable || recipient.notify === 'never') {
      const reason = recipient.reachable ? 'notify-never' : recipient.reason;
      await this.records.markSkipped(data.factId, reason);
      this.logger.log(`${data.factId}: not sent (${reason})`);
      return { status: 'skipped', reason };
    }

    const waitMs = await this.rateLimiter.take(domainOf(recipient.email));
    if (waitMs > 0) {
      // BullMQ's manual rate limit: back to the delayed set without using an attempt.
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }

    const email = await this.composer.compose(data, recipient);
    try {
      await this.transport.send(email);
    } catch (error) {
      if (error instanceof PermanentMailError) {
        this.metrics.failed.inc({ kind: data.kind });
        throw new UnrecoverableError(`Refus définitif du relais SMTP / Permanent SMTP refusal: ${error.message}`);
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      (lastAttempt ? this.metrics.failed : this.metrics.retried).inc({ kind: data.kind });
      throw error;
    }
    await this.records.markSent(data.factId, email.messageId, data.kind === 'digest' ? data.items.map((i) => i.factId) : []);
    this.metrics.sent.inc({ kind: data.kind });
    return { status: 'sent', messageId: email.messageId };
  }
}
