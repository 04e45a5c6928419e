export * from './trame-config';
export * from './config.module';
export * from './logging.module';
