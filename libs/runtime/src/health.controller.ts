import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { NOTIFICATION_OUTCOME_STORE, type NotificationOutcomeStore, REDIS } from '@trame/messaging';
import { KEY_STORE, type KeyStore } from '@trame/personal-data';
import { ReadSideGate } from './read-side-gate';

/**
 * `/health` (readiness: every dependency answers and, where the app serves reads, the read
 * side has caught up with the log) and `/health/live` (the process runs), served by the
 * api and by the notifier run alone (which serves no reads: no read-side gate there; its
 * durable notification records instead).
 */
@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Optional() private readonly readSide?: ReadSideGate,
    @Optional() @Inject(NOTIFICATION_OUTCOME_STORE) private readonly outcomes?: NotificationOutcomeStore,
  ) {}

  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([
      () => this.probe('eventStore', () => this.store.ping()),
      () => this.probe('redis', async () => void (await this.redis.ping())),
      () => this.probe('keyStore', () => this.keys.ping()),
      ...(this.readSide ? [() => this.probe('readSide', () => this.readSideCaughtUp())] : []),
      ...(this.outcomes ? [() => this.probe('notificationRecords', () => this.outcomes!.ping())] : []),
    ]);
  }

  @Get('live')
  @HealthCheck()
  liveness() {
    return this.health.check([]);
  }

  private async readSideCaughtUp(): Promise<void> {
    if (!(await this.readSide!.isCaughtUp())) throw new Error('catching up with the event log');
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([ping(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000)))]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
