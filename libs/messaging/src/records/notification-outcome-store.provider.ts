import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { MongoNotificationOutcomeStore } from './mongo/mongo-notification-outcome-store';
import { NOTIFICATION_OUTCOME_STORE, type NotificationOutcomeStore } from './notification-outcome-store.port';
import { SqliteNotificationOutcomeStore } from './sqlite/sqlite-notification-outcome-store';

/** MongoDB (`<MONGO_DB>_notifier`) when MONGO_URL is set, else `DATA_DIR/notifications.sqlite`: like the key store. */
export const notificationOutcomeStoreProvider: Provider = {
  provide: NOTIFICATION_OUTCOME_STORE,
  inject: [TRAME_CONFIG],
  useFactory: (config: TrameConfig): NotificationOutcomeStore | Promise<NotificationOutcomeStore> =>
    config.MONGO_URL
      ? MongoNotificationOutcomeStore.connect(config.MONGO_URL, `${config.MONGO_DB}_notifier`)
      : new SqliteNotificationOutcomeStore(join(config.dataDir, 'notifications.sqlite')),
};

@Injectable()
export class NotificationOutcomeStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(NOTIFICATION_OUTCOME_STORE) private readonly store: NotificationOutcomeStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
