export * from './redis.module';
export * from './queues';
export * from './notification-jobs';
export * from './notification-keys';
export * from './notification-records';
export * from './email-retry';
export * from './enqueue-email';
export * from './messaging.module';
