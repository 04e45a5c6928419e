import { Module } from '@nestjs/common';
import { EventFeedService } from './event-feed.service';

/** Subscribes to the event store; projections and recommendations come with the matcher issue. */
@Module({ providers: [EventFeedService], exports: [EventFeedService] })
export class MatcherModule {}
