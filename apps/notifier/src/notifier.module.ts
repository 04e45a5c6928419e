import { Module } from '@nestjs/common';
import { MailModule } from '@trame/mail';
import { MessagingModule } from '@trame/messaging';
import { ConfirmationEmailProcessor } from './confirmation-email.processor';
import { EmailChangeEmailProcessor } from './email-change-email.processor';
import { DigestProcessor } from './digest.processor';
import { DomainRateLimiter } from './domain-rate-limiter';
import { EmailDelivery } from './email-delivery';
import { IntroductionEmailProcessor } from './introduction-email.processor';
import { IntroductionRecipients } from './introduction-recipients';
import { NotifierMetrics } from './notifier-metrics';
import { PartnersEmail } from './partners-email';
import { RecipientDirectory } from './recipient-directory';
import { SendEmailProcessor } from './send-email.processor';
import { SignInEmailProcessor } from './sign-in-email.processor';

/**
 * The BullMQ workers: email jobs (match and digest emails) and digest ticks. Needs
 * CoreModule beside it (configuration, event store, Redis, personal-data keys).
 */
@Module({
  imports: [MessagingModule, MailModule],
  providers: [
    RecipientDirectory,
    DomainRateLimiter,
    NotifierMetrics,
    EmailDelivery,
    PartnersEmail,
    SendEmailProcessor,
    DigestProcessor,
    SignInEmailProcessor,
    ConfirmationEmailProcessor,
    EmailChangeEmailProcessor,
    IntroductionRecipients,
    IntroductionEmailProcessor,
  ],
})
export class NotifierModule {}
