export * from './core.module';
export * from './bootstrap';
export * from './health.controller';
export * from './read-side-gate';
