export * from './key-store.port';
export * from './personal-data-cipher';
export * from './sqlite/sqlite-key-store';
export * from './mongo/mongo-key-store';
export * from './personal-data.module';
