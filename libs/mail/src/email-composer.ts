import { Inject, Injectable } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import type { EmailJob } from '@trame/messaging';
import { buildEmail } from './build-email';
import { LinkSigner } from './link-signer';
import type { OutgoingEmail } from './mail-transport.port';
import { renderEmail } from './render/render-email';

/** Who an email goes to, as read (unsealed) from their stream at send time. */
export type EmailRecipient = Readonly<{ email: string; firstName: string; locale: 'fr' | 'en' }>;

/** Job + recipient → the complete email: rendered, signed unsubscribe link, headers, Message-ID. */
@Injectable()
export class EmailComposer {
  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly signer: LinkSigner,
  ) {}

  async compose(job: EmailJob, recipient: EmailRecipient): Promise<OutgoingEmail> {
    // The header (one-click, RFC 8058) posts to the api; the visible link opens the web page.
    const unsubscribeUrl = this.signer.unsubscribeUrl(job.recipientId);
    const content = await renderEmail(job, {
      locale: recipient.locale,
      recipientFirstName: recipient.firstName,
      publicUrl: this.config.PUBLIC_URL,
      unsubscribeUrl: this.signer.unsubscribePageUrl(job.recipientId),
    });
    return buildEmail({
      factId: job.factId,
      from: this.config.SMTP_FROM,
      to: recipient.email,
      publicUrl: this.config.PUBLIC_URL,
      unsubscribeUrl,
      content,
    });
  }
}
