import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MailModule } from '@trame/mail';
import { MessagingModule } from '@trame/messaging';
import { TermNormaliser } from '@trame/matching';
import { ReadSideGate } from '@trame/runtime';
import { loadTerritoryDirectory, PlaceSearch, TerritoryDirectory } from '@trame/territories';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { ApiHealthController, ApiMetricsController } from './auth/public-ops.controllers';
import { ProjectIndexFollower } from './queries/project-index-follower';
import { ReadModelQueries } from './queries/read-model-queries';
import { ReadSideInterceptor } from './queries/read-side';
import { DOMAIN_COMMAND_HANDLERS } from './commands/domain-command.handlers';
import { ErrorFilter } from './http/error.filter';
import { IdempotencyInterceptor } from './http/idempotency';
import { RedisAvailabilityGuard } from './http/redis-availability';
import { HomeController } from './home/home.controller';
import { ConfirmationController } from './members/confirmation.controller';
import { ConfirmationService } from './members/confirmation.service';
import { EmailChangeController } from './members/email-change.controller';
import { EmailChangeService } from './members/email-change.service';
import { MembersController } from './members/members.controller';
import { MemberSpace } from './members/member-space';
import { MemberSpaceController } from './members/member-space.controller';
import { PlacesController } from './places/places.controller';
import { ProjectsController } from './projects/projects.controller';
import { ReferentsController } from './referents/referents.controller';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { IntroductionContext } from './introductions/introduction-context';
import { IntroductionQueries } from './introductions/introduction-queries';
import { IntroductionsController } from './introductions/introductions.controller';
import { MemberIntroductionsController } from './introductions/member-introductions.controller';
import { ProjectIntroductionsController } from './introductions/project-introductions.controller';
import { ReferentInboxController } from './introductions/referent-inbox.controller';
import { MemberRegistration } from './members/member-registration';
import { CLOCK, systemClock } from './shared/clock';

/** The HTTP api: commands → deciders → event store. Needs CoreModule beside it. */
@Module({
  imports: [
    CqrsModule.forRoot(),
    AuthModule,
    TerminusModule,
    PrometheusModule.register({ path: '/metrics', controller: ApiMetricsController }),
    AdminModule,
    MailModule,
    // The confirmation queue (double opt-in).
    MessagingModule,
  ],
  controllers: [
    HomeController,
    // Before the member routes: `/v1/members/confirm` is not a member id.
    ConfirmationController,
    EmailChangeController,
    MembersController,
    MemberSpaceController,
    ProjectsController,
    PlacesController,
    ReferentsController,
    ApiHealthController,
    UnsubscribeController,
    IntroductionsController,
    MemberIntroductionsController,
    ProjectIntroductionsController,
    ReferentInboxController,
  ],
  providers: [
    ...DOMAIN_COMMAND_HANDLERS,
    { provide: TerritoryDirectory, useFactory: () => loadTerritoryDirectory() },
    { provide: PlaceSearch, useFactory: (directory: TerritoryDirectory) => new PlaceSearch(directory), inject: [TerritoryDirectory] },
    { provide: CLOCK, useValue: systemClock },
    { provide: TermNormaliser, useFactory: () => new TermNormaliser() },
    ReadModelQueries,
    ProjectIndexFollower,
    MemberRegistration,
    ConfirmationService,
    EmailChangeService,
    MemberSpace,
    ReadSideGate,
    ReadSideInterceptor,
    IntroductionContext,
    IntroductionQueries,
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    // After the session guard (AuthModule's), before the route's rate limiter.
    { provide: APP_GUARD, useClass: RedisAvailabilityGuard },
  ],
})
export class ApiModule {}
