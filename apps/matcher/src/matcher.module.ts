import { Module } from '@nestjs/common';
import { MessagingModule } from '@trame/messaging';
import { ErasureKeys } from './erasure/erasure-keys';
import { ErasurePurger } from './erasure/erasure-purger';
import { IntroductionErasurePurger } from './introductions/introduction-erasure';
import { IntroductionLifecycle } from './introductions/introduction-lifecycle';
import { IntroductionReactor } from './introductions/introduction-reactor';
import { IntroductionTimerProcessor } from './introductions/introduction-timer.processor';
import { MatcherService } from './matcher.service';
import { UnconfirmedErasurePlanner } from './members/unconfirmed-erasure.planner';
import { UnconfirmedErasureProcessor } from './members/unconfirmed-erasure.processor';
import { NotificationDispatcher } from './notifications/notification-dispatcher';
import { MatcherRedisResync } from './redis-resync';

/**
 * The matcher: one subscription feeding read models and recommendations, deciding
 * notifications and the introduction workflow's emails and timers (whose worker runs here).
 */
@Module({
  imports: [MessagingModule],
  providers: [
    MatcherService,
    NotificationDispatcher,
    ErasurePurger,
    ErasureKeys,
    IntroductionReactor,
    IntroductionErasurePurger,
    IntroductionLifecycle,
    IntroductionTimerProcessor,
    UnconfirmedErasurePlanner,
    UnconfirmedErasureProcessor,
    MatcherRedisResync,
  ],
  exports: [MatcherService],
})
export class MatcherModule {}
