import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { LinkSigner, messageIdFor, type OutgoingEmail, renderIntroductionEmail, type IntroductionRenderContext } from '@trame/mail';
import {
  type IntroductionEmailJob,
  type IntroductionEmailJobResult,
  isIntroductionEventCurrent,
  NotificationRecords,
  QUEUES,
} from '@trame/messaging';
import { EmailDelivery } from './email-delivery';
import { type IntroductionContact, IntroductionRecipients } from './introduction-recipients';
import { EMAIL_WORKER_OPTIONS } from './worker-options';

type Addressee = Readonly<{ to: readonly string[]; firstName: string; locale: 'fr' | 'en' }>;

const METRIC_KIND = 'introduction';

/**
 * Sends one introduction email per job, at most once per fact, like the match emails:
 * already recorded → done; then everything is read from the streams at send time —
 * the step must still stand (a request answered meanwhile is not sent), both parties must
 * still be readable (an erased person is neither mailed nor named nor handed to anyone),
 * and the recipient's address comes from their sealed contact (referents, members) or from
 * ADMIN_EMAILS. Then render, send, record as sent. Introduction emails are transactional:
 * a member's `notify: never` does not silence them, and they carry no List-Unsubscribe.
 */
@Processor(QUEUES.introductionEmail, EMAIL_WORKER_OPTIONS)
export class IntroductionEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntroductionEmailProcessor.name);

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly records: NotificationRecords,
    private readonly directory: IntroductionRecipients,
    private readonly signer: LinkSigner,
    private readonly delivery: EmailDelivery,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.NOTIFIER_CONCURRENCY;
  }

  async process(job: Job<IntroductionEmailJob>, token?: string): Promise<IntroductionEmailJobResult> {
    const data = job.data;
    const done = await this.records.outcomeOf(data.factId);
    if (done) return { status: 'already-done', outcome: done.status };

    const prepared = await this.prepare(data);
    if ('skip' in prepared) {
      await this.records.markSkipped(data.factId, prepared.skip);
      this.logger.log(`${data.factId}: not sent (${prepared.skip})`);
      return { status: 'skipped', reason: prepared.skip };
    }
    const { addressee, context } = prepared;

    const email = await this.delivery.deliver(job, token, {
      address: addressee.to[0],
      kind: METRIC_KIND,
      lane: 'transactional',
      compose: () => this.compose(data, addressee, context),
      record: (sent) => this.records.markSent(data.factId, sent.messageId),
    });
    return { status: 'sent', messageId: email.messageId };
  }

  /** Everything read at send time, or why the email must not go. */
  private async prepare(
    data: IntroductionEmailJob,
  ): Promise<
    { skip: string } | { addressee: Addressee; context: Omit<IntroductionRenderContext, 'locale' | 'recipientFirstName' | 'publicUrl'> }
  > {
    const { head, event } = await this.directory.introduction(data.introductionId, data.revision);
    if (head.status === 'none' || !event) return { skip: 'unknown-introduction' };
    if (!isIntroductionEventCurrent(event, head)) return { skip: 'stale' };

    const [holder, member] = await Promise.all([this.directory.member(data.holderId), this.directory.member(data.memberId)]);
    // An `ended` email goes precisely because one side was erased: it is only ever addressed
    // to the other side, and names nobody who is gone.
    if ((!holder.found || !member.found) && data.step !== 'ended') return { skip: 'party-erased' };

    let addressee: Addressee;
    const recipient = data.recipient;
    if (recipient.kind === 'admin') {
      if (this.config.ADMIN_EMAILS.length === 0) return { skip: 'no-admin-address' };
      addressee = { to: this.config.ADMIN_EMAILS, firstName: '', locale: 'fr' };
    } else {
      const found =
        recipient.kind === 'referent'
          ? await this.directory.referent(recipient.referentId)
          : recipient.memberId === data.holderId
            ? holder
            : recipient.memberId === data.memberId
              ? member
              : ({ found: false, reason: 'unknown' } as const);
      if (!found.found) return { skip: `recipient-${found.reason}` };
      addressee = { to: [found.contact.email], firstName: found.contact.firstName, locale: found.contact.locale };
    }

    const context: { actionUrl?: string; contact?: IntroductionContact; message?: string; note?: string } = {};
    if (data.actorId) context.actionUrl = this.signer.introductionLinkUrl(data.introductionId, data.actorId);
    if ((event.type === 'IntroductionApproved' || event.type === 'IntroductionDeclined') && event.data.note) context.note = event.data.note;
    if (data.step === 'introduced' && recipient.kind === 'member' && holder.found && member.found) {
      const other = recipient.memberId === data.holderId ? member.contact : holder.contact;
      context.contact = other;
      // The requester's own words, for the one who did not ask.
      if (recipient.memberId !== head.requesterId && head.message)
        context.message = await this.directory.message(head.requesterId, head.message);
    }
    return { addressee, context };
  }

  private async compose(
    data: IntroductionEmailJob,
    addressee: Addressee,
    context: Partial<IntroductionRenderContext>,
  ): Promise<OutgoingEmail> {
    const content = await renderIntroductionEmail(data, {
      ...context,
      locale: addressee.locale,
      recipientFirstName: addressee.firstName,
      publicUrl: this.config.PUBLIC_URL,
      contact: context.contact && { displayName: context.contact.displayName, email: context.contact.email },
    });
    return {
      messageId: messageIdFor(data.factId, this.config.PUBLIC_URL),
      from: this.config.SMTP_FROM,
      to: addressee.to.join(', '),
      subject: content.subject,
      text: content.text,
      html: content.html,
      // Transactional: no List-Unsubscribe; this tells auto-responders not to answer (RFC 3834).
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
  }
}
