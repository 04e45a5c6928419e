import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EmailEnqueuer } from './enqueue-email';
import { IntroductionRecords } from './introduction-records';
import { NotificationRecords } from './notification-records';
import { PartnerBatches } from './partner-batches';
import { QUEUES } from './queues';
import { NOTIFICATION_OUTCOME_STORE } from './records/notification-outcome-store.port';
import { NotificationOutcomeStoreCloser, notificationOutcomeStoreProvider } from './records/notification-outcome-store.provider';
import { RedisEpochWatcher } from './redis-epoch';

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

/** Every queue of `QUEUES`, for what watches them all (failed jobs, depth metrics, dashboard). */
export const ALL_QUEUES = Symbol('ALL_QUEUES');
const allQueues = {
  provide: ALL_QUEUES,
  inject: Object.values(QUEUES).map((name) => getQueueToken(name)),
  useFactory: (...all: unknown[]) => all,
};

/**
 * BullMQ on Redis under QUEUE_PREFIX, every queue of `QUEUES`, the notification records
 * (outcomes in their durable store, digest items in Redis) and the watch on Redis coming
 * back empty. Static, so the apps sharing one process (`npm start`) share one instance.
 * Needs CoreModule (configuration and the REDIS client) beside it.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [TRAME_CONFIG],
      useFactory: (config: TrameConfig) => ({
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    queues,
  ],
  providers: [
    notificationOutcomeStoreProvider,
    NotificationOutcomeStoreCloser,
    NotificationRecords,
    PartnerBatches,
    EmailEnqueuer,
    IntroductionRecords,
    RedisEpochWatcher,
    allQueues,
  ],
  exports: [
    queues,
    ALL_QUEUES,
    NOTIFICATION_OUTCOME_STORE,
    NotificationRecords,
    PartnerBatches,
    EmailEnqueuer,
    IntroductionRecords,
    RedisEpochWatcher,
  ],
})
export class MessagingModule {}
