import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { type Locale, referentDecider, type ReferentPersonalData, streamId } from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { buildSignInEmail, emailLookupHash, LinkSigner, renderSignInEmail, signInCode, signInToken, signInUrl } from '@trame/mail';
import { QUEUES, REDIS, type SignInEmailJob, type SignInRecipient } from '@trame/messaging';
import { PersonalDataCipher } from '@trame/personal-data';
import { EmailDelivery } from './email-delivery';
import { type LinkAndCodeDeps, type LinkAndCodeFlow, linkAndCodeEmailDone, sendLinkAndCodeEmail } from './link-and-code-delivery';
import { RecipientDirectory } from './recipient-directory';
import { EMAIL_WORKER_OPTIONS } from './worker-options';

export type SignInJobResult =
  | Readonly<{ status: 'sent'; messageId: string }>
  | Readonly<{ status: 'already-done' }>
  | Readonly<{ status: 'skipped'; reason: 'expired' | 'unreachable' }>;

type Contact = Readonly<{ email: string; firstName: string; locale: Locale }>;

/**
 * Emails one sign-in link per job. The address is read at send time (a member's or
 * referent's sealed contact from their stream, an admin's from ADMIN_EMAILS), never from
 * the job; the token and the 6-digit code are derived again from the job's request id. A link that has expired
 * by now is not sent; a job retried after the relay accepted it sends nothing more.
 */
const SIGN_IN_FLOW: LinkAndCodeFlow = {
  name: 'sign-in',
  token: signInToken,
  url: signInUrl,
  code: signInCode,
  render: renderSignInEmail,
  build: buildSignInEmail,
};

@Processor(QUEUES.signIn, EMAIL_WORKER_OPTIONS)
export class SignInEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SignInEmailProcessor.name);
  private readonly deps: LinkAndCodeDeps;

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cipher: PersonalDataCipher,
    private readonly recipients: RecipientDirectory,
    private readonly signer: LinkSigner,
    delivery: EmailDelivery,
  ) {
    super();
    this.deps = { config, redis, signer, delivery };
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.NOTIFIER_CONCURRENCY;
  }

  async process(job: Job<SignInEmailJob>, token?: string): Promise<SignInJobResult> {
    const data = job.data;
    const done = await linkAndCodeEmailDone(this.deps, SIGN_IN_FLOW, data);
    if (done) return done;

    const contact = await this.contactOf(data.recipient);
    if (!contact) {
      this.logger.log(`${data.factId}: not sent (recipient unreachable)`);
      return { status: 'skipped', reason: 'unreachable' };
    }
    return sendLinkAndCodeEmail(this.deps, SIGN_IN_FLOW, job, token, contact);
  }

  private async contactOf(recipient: SignInRecipient): Promise<Contact | null> {
    switch (recipient.kind) {
      case 'member': {
        // The sign-in email is one of the two an unconfirmed address may get (following it confirms).
        const member = await this.recipients.find(recipient.id, { evenUnconfirmed: true });
        return member.reachable ? { email: member.email, firstName: member.firstName, locale: member.locale } : null;
      }
      case 'referent': {
        const { state } = await aggregateStream(this.store, streamId('referent', recipient.id), referentDecider);
        if (state.status !== 'active') return null;
        const contact = await this.cipher.open<ReferentPersonalData>(recipient.id, state.pii);
        return contact ? { email: contact.email, firstName: state.firstName, locale: 'fr' } : null;
      }
      case 'admin': {
        const email = this.config.ADMIN_EMAILS.find((address) => emailLookupHash(this.signer, address) === recipient.lookupHash);
        return email ? { email, firstName: '', locale: 'fr' } : null;
      }
    }
  }
}
