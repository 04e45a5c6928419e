import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '@trame/event-store';

/**
 * The matcher's single subscription to the event log: catch-up, then live. Projections
 * and the matching engine hang off `handle`; apps never read each other's memory.
 */
@Injectable()
export class EventFeedService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Matcher');
  private subscription?: Subscription;
  private lastPosition: number | null = null;
  private delivered = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    this.subscription = this.store.subscribeToAll({ after: this.lastPosition }, (event) => this.handle(event));
    void this.subscription.caughtUp.then(() => this.logger.log(`caught up after ${this.delivered} events`));
    this.subscription.done.catch((error) => this.logger.error(`subscription stopped: ${String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  get position(): number | null {
    return this.lastPosition;
  }

  private handle(event: RecordedEvent): void {
    this.lastPosition = event.position;
    this.delivered++;
  }
}
