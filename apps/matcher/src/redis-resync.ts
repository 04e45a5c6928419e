import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { streamId } from '@trame/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@trame/event-store';
import { RedisEpochWatcher } from '@trame/messaging';
import {
  MEMBER_RECOMMENDATIONS,
  type MemberRecommendations,
  PROJECT_RECOMMENDATIONS,
  type ProjectRecommendations,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@trame/read-models';
import { IntroductionReactor } from './introductions/introduction-reactor';
import { MatcherService } from './matcher.service';
import { UnconfirmedErasurePlanner } from './members/unconfirmed-erasure.planner';
import { NotificationDispatcher } from './notifications/notification-dispatcher';

export type ResyncReport = { projectLists: number; memberLists: number; introductions: number; unconfirmedMembers: number };

const CHUNK = 250;

/**
 * When Redis comes back empty, gives back what the matcher had put there, from the log and
 * the read models, without a restart: every published list is handed to the notification
 * dispatcher again (facts not settled in the durable outcome store are queued or put in a
 * digest again, the others are left alone), and every introduction is reacted to again
 * from its stream (its emails, held back by the outcome store if sent, and its timers);
 * every member still unconfirmed gets their erasure timer again (from the matcher's gate,
 * which the log built).
 */
@Injectable()
export class MatcherRedisResync implements OnApplicationBootstrap {
  private readonly logger = new Logger('Matcher');

  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly watcher: RedisEpochWatcher,
    private readonly matcher: MatcherService,
    private readonly notifications: NotificationDispatcher,
    private readonly introductions: IntroductionReactor,
    private readonly unconfirmed: UnconfirmedErasurePlanner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.MATCHER_NOTIFICATIONS) this.watcher.onEmptied(() => this.resync().then(() => undefined));
  }

  async resync(now = new Date()): Promise<ResyncReport> {
    // A catch-up in progress does all of this itself as it goes.
    await this.matcher.ready;
    const projects = await this.readModels.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).find({});
    const members = await this.readModels.collection<MemberRecommendations>(MEMBER_RECOMMENDATIONS).find({});
    for (let i = 0; i < projects.length; i += CHUNK) await this.notifications.dispatch(projects.slice(i, i + CHUNK), [], now);
    for (let i = 0; i < members.length; i += CHUNK) await this.notifications.dispatch([], members.slice(i, i + CHUNK), now);

    const introductionIds = (await this.readModels.collection('introductions').find({})).map((doc) => doc._id);
    for (let i = 0; i < introductionIds.length; i += CHUNK) {
      const events: RecordedEvent[] = [];
      for (const id of introductionIds.slice(i, i + CHUNK))
        events.push(...(await this.store.readStream(streamId('introduction', id))).events);
      await this.introductions.react(events, now);
    }
    const pending = [...this.matcher.matcher.confirmations.unconfirmed].map(([memberId, { registeredAt }]) => ({ memberId, registeredAt }));
    for (let i = 0; i < pending.length; i += CHUNK) await this.unconfirmed.plan(pending.slice(i, i + CHUNK), now);
    const report = {
      projectLists: projects.length,
      memberLists: members.length,
      introductions: introductionIds.length,
      unconfirmedMembers: pending.length,
    };
    const lists = report.projectLists + report.memberLists;
    this.logger.log(
      `after Redis came back empty: ${lists} lists, ${report.introductions} introductions and ` +
        `${report.unconfirmedMembers} unconfirmed members handed over again`,
    );
    return report;
  }
}
