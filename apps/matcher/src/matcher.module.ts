import { Module } from '@nestjs/common';
import { MessagingModule } from '@trame/messaging';
import { ErasurePurger } from './erasure/erasure-purger';
import { MatcherService } from './matcher.service';
import { NotificationDispatcher } from './notifications/notification-dispatcher';

/** The matcher: one subscription feeding read models and recommendations, and deciding notifications. */
@Module({ imports: [MessagingModule], providers: [MatcherService, NotificationDispatcher, ErasurePurger], exports: [MatcherService] })
export class MatcherModule {}
