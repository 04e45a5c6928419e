import { join } from 'node:path';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EmailComposer } from './email-composer';
import { LinkSigner } from './link-signer';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport.port';
import { OutboxMailTransport } from './outbox/outbox-mail-transport';
import { SmtpMailTransport } from './smtp/smtp-mail-transport';

/** SMTP when `SMTP_URL` is set, else `.eml` files in `DATA_DIR/outbox`. */
export const createMailTransport = (config: TrameConfig): MailTransport =>
  config.SMTP_URL ? new SmtpMailTransport(config.SMTP_URL) : new OutboxMailTransport(join(config.dataDir, 'outbox'));

@Injectable()
class MailTransportCloser implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}

  // The transport drains sends under way before closing, so hook order does not matter.
  onApplicationShutdown(): Promise<void> {
    return this.transport.close();
  }
}

/** The mail transport, the link signer and the composer; needs TRAME_CONFIG (CoreModule). */
@Module({
  providers: [
    { provide: LinkSigner, inject: [TRAME_CONFIG], useFactory: (config: TrameConfig) => LinkSigner.fromConfig(config) },
    { provide: MAIL_TRANSPORT, inject: [TRAME_CONFIG], useFactory: createMailTransport },
    EmailComposer,
    MailTransportCloser,
  ],
  exports: [LinkSigner, MAIL_TRANSPORT, EmailComposer],
})
export class MailModule {}
