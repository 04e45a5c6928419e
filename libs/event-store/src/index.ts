export * from './event-store.port';
export * from './handle-command';
export * from './aggregate-stream';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export {
  EventStoreModule,
  EVENT_STORE_OPTIONS,
  createEventStore,
  type EventStoreModuleOptions,
  type EventStoreModuleAsyncOptions,
} from './event-store.module';
