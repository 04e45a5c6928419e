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
    const { port } = app.getHttpServer().address() as { port: number };
    app.get(Logger).log(`notifier metrics and health on port ${port}`);
  },
);
