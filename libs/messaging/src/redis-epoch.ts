import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { REDIS } from './redis.module';

/** How often Redis is asked whether it still holds what it held (one GET). */
export const REDIS_EPOCH_CHECK_MS = 1000;

export type RedisEmptiedListener = () => Promise<void>;

/**
 * Notices Redis coming back empty (restarted without persistence, a failover to an empty
 * replica, a FLUSHALL): a marker key written once is gone, or was written again by another
 * process that noticed first. Listeners then rebuild what Redis held and the log can give
 * back (digest schedules, introduction timers and emails, pending notifications); what
 * guarantees one email per fact never was in Redis alone (the outcome store).
 *
 * Checked every REDIS_EPOCH_CHECK_MS and whenever the connection is ready again.
 */
@Injectable()
export class RedisEpochWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly key: string;
  private readonly listeners: RedisEmptiedListener[] = [];
  private epoch?: string;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private readonly onReady = () => void this.check();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'QUEUE_PREFIX'>,
  ) {
    this.key = `${config.QUEUE_PREFIX}:epoch`;
  }

  /** Called (one at a time, in order of registration) each time Redis is found emptied. */
  onEmptied(listener: RedisEmptiedListener): void {
    this.listeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    // The first process to start writes the marker; the others (and restarts) adopt it.
    await this.redis.set(this.key, randomUUID(), 'NX');
    this.epoch = (await this.redis.get(this.key)) ?? undefined;
    this.redis.on('ready', this.onReady);
    this.timer = setInterval(this.onReady, REDIS_EPOCH_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
  }

  /** Compares the marker with the one known; resolves once any listeners have run. */
  check(): Promise<void> {
    this.checking ??= this.compare().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async compare(): Promise<void> {
    if (this.redis.status !== 'ready' || this.epoch === undefined) return;
    let current: string | null;
    try {
      current = await this.redis.get(this.key);
      if (current === null) {
        await this.redis.set(this.key, randomUUID(), 'NX');
        current = await this.redis.get(this.key);
      }
    } catch {
      return; // Redis is away: asked again on reconnect
    }
    if (current === null || current === this.epoch) return;
    this.epoch = current;
    this.logger.warn('Redis came back empty: rebuilding schedules, timers and pending emails from the log');
    for (const listener of this.listeners) {
      try {
        await listener();
      } catch (error) {
        this.logger.error(`rebuild after Redis came back empty failed: ${(error as Error).stack}`);
      }
    }
  }
}
