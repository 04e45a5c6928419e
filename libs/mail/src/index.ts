export * from './mail-transport.port';
export * from './smtp/smtp-mail-transport';
export * from './outbox/outbox-mail-transport';
