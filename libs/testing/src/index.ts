export * from './decider-specification';
export * from './synthetic-population';
export * from './wait-until';
export * from './redis-keys';
