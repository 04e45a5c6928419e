import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { bootstrap, CoreModule } from '@trame/runtime';
import { NotifierHttpModule } from './notifier-http.module';
import { NotifierModule } from './notifier.module';

@Module({ imports: [CoreModule.forRoot(), NotifierModule, NotifierHttpModule] })
class NotifierAppModule {}

void bootstrap(
  'notifier',
  () => NestFactory.create(NotifierAppModule, { bufferLogs: true }),
  async (app) => {
    const config = app.get<TrameConfig>(TRAME_CONFIG);
    await app.listen(config.NOTIFIER_PORT, config.HOST);
    // Nest types the underlying server `any`; on the express platform it is node's http.Server, listening on TCP.
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    app.get(Logger).log(`notifier metrics and health on port ${port}`);
  },
);
