import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { MAIL_TRANSPORT, type MailTransport, type OutgoingEmail, PermanentMailError } from '@trame/mail';
import { DomainRateLimiter, domainOf, type EmailLane } from './domain-rate-limiter';
import { NotifierMetrics } from './notifier-metrics';

export type Delivery = Readonly<{
  /** The address whose domain is rate limited. */
  address: string;
  /** Metric label. */
  kind: string;
  /** Transactional emails (sign-in, introductions) pass a domain's bulk backlog. */
  lane: EmailLane;
  /** Built only once the domain's turn has come. */
  compose: () => Promise<OutgoingEmail>;
  /** Records the email as sent, right after the relay accepted it. */
  record: (email: OutgoingEmail) => Promise<unknown>;
}>;

/**
 * The sending steps every email processor shares: wait the recipient domain's turn (back to
 * the delayed set, no attempt used), send, turn a permanent refusal into an unrecoverable
 * failure, record, and count.
 */
@Injectable()
export class EmailDelivery {
  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly rateLimiter: DomainRateLimiter,
    private readonly metrics: NotifierMetrics,
  ) {}

  async deliver(job: Job, token: string | undefined, { address, kind, lane, compose, record }: Delivery): Promise<OutgoingEmail> {
    const waitMs = await this.rateLimiter.take(domainOf(address), lane);
    if (waitMs > 0) {
      // BullMQ's manual rate limit: back to the delayed set without using an attempt.
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }
    const email = await compose();
    try {
      await this.transport.send(email);
    } catch (error) {
      if (error instanceof PermanentMailError) {
        this.metrics.failed.inc({ kind });
        throw new UnrecoverableError(`Refus définitif du relais SMTP / Permanent SMTP refusal: ${error.message}`);
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      (lastAttempt ? this.metrics.failed : this.metrics.retried).inc({ kind });
      throw error;
    }
    await record(email);
    this.metrics.sent.inc({ kind });
    return email;
  }
}
