import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { TRAME_CONFIG, TrameConfigModule, TrameLoggingModule, type TrameConfig } from '@trame/config';
import { EventStoreModule } from '@trame/event-store';
import { RedisModule } from '@trame/messaging';
import { PersonalDataModule } from '@trame/personal-data';
import { ReadModelsModule } from '@trame/read-models';

/**
 * What every app shares, instantiated once per process: configuration, logs, the event
 * store, Redis and the personal-data key store. `npm start` composes the three apps'
 * feature modules on top of a single CoreModule.
 */
@Module({})
export class CoreModule {
  static forRoot(overrides: Partial<Record<string, string>> = {}): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TrameConfigModule.forRoot(overrides),
        TrameLoggingModule,
        EventStoreModule.forRootAsync({
          inject: [TRAME_CONFIG],
          useFactory: (config: TrameConfig) => ({
            eventStoreUrl: config.EVENTSTORE_URL,
            sqliteFile: join(config.dataDir, 'events.sqlite'),
          }),
        }),
        RedisModule,
        PersonalDataModule,
        ReadModelsModule,
      ],
    };
  }
}
