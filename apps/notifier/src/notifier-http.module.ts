import { Controller, Get, Inject, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { Redis } from 'ioredis';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { REDIS } from '@trame/messaging';
import { KEY_STORE, type KeyStore } from '@trame/personal-data';

/** `/health` (Redis, event store, key store answer) and `/health/live`. */
@Controller('health')
export class NotifierHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([
      () => this.probe('redis', async () => void (await this.redis.ping())),
      () => this.probe('eventStore', () => this.store.ping()),
      () => this.probe('keyStore', () => this.keys.ping()),
    ]);
  }

  @Get('live')
  @HealthCheck()
  liveness() {
    return this.health.check([]);
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

/**
 * The notifier's own small HTTP surface when it runs alone (NOTIFIER_PORT): Prometheus
 * `/metrics` and `/health`. Under `npm start` the api serves both for the whole process.
 */
@Module({
  imports: [TerminusModule, PrometheusModule.register({ path: '/metrics' })],
  controllers: [NotifierHealthController],
})
export class NotifierHttpModule {}
