export * from './mail-transport.port';
