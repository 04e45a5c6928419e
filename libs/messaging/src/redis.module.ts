import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';

export const REDIS = Symbol('REDIS');

export class RedisUnreachableError extends Error {}

/**
 * Connects once at boot and fails fast with a message a newcomer can act on, instead of
 * ioredis' endless reconnect loop.
 */
export async function connectRedis(url: string, timeoutMs = 3000): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    // BullMQ workers require this; harmless for plain commands.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined); // reported through connect() / commands
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([redis.connect(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new RedisUnreachableError(
      `Redis injoignable à ${url} / Redis unreachable at ${url} (${(error as Error).message}). ` +
        'Start it (e.g. `redis-server --daemonize yes`) or set REDIS_URL.',
    );
  } finally {
    // A pending timer would keep a finished process (or test run) alive for timeoutMs.
    clearTimeout(timer);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [TRAME_CONFIG],
      useFactory: (config: TrameConfig) => connectRedis(config.REDIS_URL),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisModule.name);
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch((error) => this.logger.warn(`redis quit: ${String(error)}`));
  }
}
