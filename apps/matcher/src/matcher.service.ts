import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { canonicalHash, MATCHER_COLLECTIONS, READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { ErasureKeys } from './erasure/erasure-keys';
import { ErasurePurger } from './erasure/erasure-purger';
import { exitForRestart } from './exit-for-restart';
import { IntroductionErasurePurger } from './introductions/introduction-erasure';
import { IntroductionLifecycle } from './introductions/introduction-lifecycle';
import { IntroductionReactor } from './introductions/introduction-reactor';
import { Matcher } from './matcher';
import { UnconfirmedErasurePlanner } from './members/unconfirmed-erasure.planner';
import { NotificationDispatcher } from './notifications/notification-dispatcher';

/** Runs the matcher inside Nest: starts after boot (catch-up in the background), stops first. */
@Injectable()
export class MatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Matcher');
  readonly matcher: Matcher;
  private readonly readModels: ReadModelStore;
  private readonly verbose: boolean;
  private started?: Promise<void>;
  // Settles once start() has (caught up or failed), even for callers that ask before boot
  // (a BullMQ worker may take a job before onApplicationBootstrap runs).
  private settleReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.settleReady = resolve));

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    @Inject(TRAME_CONFIG) config: TrameConfig,
    notifications: NotificationDispatcher,
    erasure: ErasurePurger,
    introductions: IntroductionReactor,
    introductionErasure: IntroductionErasurePurger,
    lifecycle: IntroductionLifecycle,
    erasureKeys: ErasureKeys,
    unconfirmed: UnconfirmedErasurePlanner,
  ) {
    this.verbose = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace';
    this.matcher = new Matcher(events, readModels, {
      engine: { exposureCap: config.EXPOSURE_CAP, remoteReach: config.REMOTE_REACH, minHoursShare: config.MATCH_MIN_HOURS_SHARE },
      batchSize: config.MATCHER_BATCH_SIZE,
      onProgress: (processed, position) => {
        if (this.verbose) this.logger.debug(`processed ${processed} events, checkpoint ${position}`);
      },
      // Both Redis sides of notifications go together: deciding them and purging erased members from them.
      ...(config.MATCHER_NOTIFICATIONS
        ? {
            onPublished: (projects, members, now) => notifications.dispatch(projects, members, now),
            onErased: async (erasures) => {
              await erasureKeys.complete(erasures);
              await erasure.purge(erasures);
              await introductionErasure.purge(erasures);
              // Then what the member held or took part in ends (projects closed, introductions ended).
              await lifecycle.react(erasures, new Date());
            },
            onIntroductionEvents: async (events, now) => {
              await introductions.react(events, now);
              await lifecycle.react(events, now);
            },
            // Double opt-in: a member not confirmed in time is erased by a timer planned here.
            onUnconfirmed: async (members) => {
              await unconfirmed.plan(members);
            },
          }
        : {}),
    });
    this.readModels = readModels;
  }

  onApplicationBootstrap(): void {
    const t0 = Date.now();
    this.started = this.matcher.start().then(
      async () => {
        this.logger.log(`caught up: ${this.matcher.stats.processed} events in ${Date.now() - t0} ms, now live`);
        if (this.verbose) {
          // Lets an operator (and the crash test) compare this state with a clean rebuild.
          const { hash, documents } = await canonicalHash(this.readModels, MATCHER_COLLECTIONS);
          this.logger.debug(`read models fingerprint ${hash} (${documents} documents)`);
        }
        this.matcher.done.catch((error) =>
          exitForRestart(this.logger, 'live processing stopped', error, { stopping: this.matcher.stopping }),
        );
      },
      (error) => exitForRestart(this.logger, 'catch-up failed', error, { stopping: this.matcher.stopping }),
    );
    void this.started.then(this.settleReady);
  }

  /** Resolves once the matcher has caught up with the log and follows it live. */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.matcher.stop();
    await this.started;
  }
}
