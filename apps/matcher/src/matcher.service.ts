import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { Matcher } from './matcher';

/** Runs the matcher inside Nest: starts after boot (catch-up in the background), stops first. */
@Injectable()
export class MatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Matcher');
  readonly matcher: Matcher;
  private started?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    @Inject(TRAME_CONFIG) config: TrameConfig,
  ) {
    this.matcher = new Matcher(events, readModels, { engine: { exposureCap: config.EXPOSURE_CAP } });
  }

  onApplicationBootstrap(): void {
    const t0 = Date.now();
    this.started = this.matcher.start().then(
      () => {
        this.logger.log(`caught up: ${this.matcher.stats.processed} events in ${Date.now() - t0} ms, now live`);
        this.matcher.done.catch((error) => this.logger.error(`live processing stopped: ${(error as Error).stack}`));
      },
      (error) => this.logger.error(`catch-up failed: ${(error as Error).stack}`),
    );
  }

  /** Resolves once the matcher has caught up with the log and follows it live. */
  get ready(): Promise<void> {
    return this.started ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.matcher.stop();
    await this.started;
  }
}
