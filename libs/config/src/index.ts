export * from './trame-config';
export * from './config.module';
