import { Module } from '@nestjs/common';
import { MessagingModule } from '@trame/messaging';
import { MatcherService } from './matcher.service';
import { NotificationDispatcher } from './notifications/notification-dispatcher';

/** The matcher: one subscription feeding read models and recommendations, and deciding notifications. */
@Module({ imports: [MessagingModule], providers: [MatcherService, NotificationDispatcher], exports: [MatcherService] })
export class MatcherModule {}
