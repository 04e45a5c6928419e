import { Module } from '@nestjs/common';
import { MatcherService } from './matcher.service';

/** The matcher: one subscription feeding read models and recommendations. */
@Module({ providers: [MatcherService], exports: [MatcherService] })
export class MatcherModule {}
