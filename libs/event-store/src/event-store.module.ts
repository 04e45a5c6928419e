import {
  type DynamicModule,
  type FactoryProvider,
  Global,
  Inject,
  Injectable,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';

export type EventStoreModuleOptions = {
  /** EventStoreDB connection string (`esdb://…`); when absent the SQLite file is used. */
  eventStoreUrl?: string;
  /** Path of the embedded event log (e.g. `${DATA_DIR}/events.sqlite`). */
  sqliteFile: string;
  sqlite?: SqliteEventStoreOptions;
};

export type EventStoreModuleAsyncOptions = {
  imports?: ModuleMetadata['imports'];
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Called with the `inject` tokens' values, like any Nest factory provider. */
  useFactory: FactoryProvider<EventStoreModuleOptions>['useFactory'];
};

export const EVENT_STORE_OPTIONS = Symbol('EVENT_STORE_OPTIONS');

export function createEventStore(options: EventStoreModuleOptions): EventStore {
  return options.eventStoreUrl
    ? new EventStoreDbEventStore(options.eventStoreUrl)
    : new SqliteEventStore(options.sqliteFile, options.sqlite);
}

/** Closes the store last, once Nest has stopped everything that might still append. */
@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

const storeProviders: Provider[] = [
  { provide: EVENT_STORE, inject: [EVENT_STORE_OPTIONS], useFactory: createEventStore },
  EventStoreCloser,
];

/** Provides `EVENT_STORE` (global): EventStoreDB when a URL is configured, else SQLite. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE_OPTIONS, useValue: options }, ...storeProviders],
      exports: [EVENT_STORE],
    };
  }

  static forRootAsync(options: EventStoreModuleAsyncOptions): DynamicModule {
    return {
      module: EventStoreModule,
      imports: options.imports ?? [],
      providers: [{ provide: EVENT_STORE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory }, ...storeProviders],
      exports: [EVENT_STORE],
    };
  }
}
