import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { QUEUES } from '@trame/messaging';

/** BullMQ on Redis; the email workers come with the notifier issue. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [TRAME_CONFIG],
      useFactory: (config: TrameConfig) => ({
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: QUEUES.email }),
  ],
})
export class NotifierModule {}
