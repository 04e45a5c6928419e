export * from './redis.module';
export * from './queues';
