export * from './decider-specification';
export * from './synthetic-population';
