import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrap, CoreModule } from '@trame/runtime';
import { ApiModule } from '../../api/src/api.module';
import { configureHttpApp, listen } from '../../api/src/http-app';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { NotifierModule } from '../../notifier/src/notifier.module';

/**
 * `npm start`: the three apps in one process on the embedded defaults. They still only
 * talk through the event store and Redis, exactly as when deployed apart.
 */
@Module({ imports: [CoreModule.forRoot(), ApiModule, MatcherModule, NotifierModule] })
class StandaloneModule {}

void bootstrap(
  'standalone',
  () => NestFactory.create(StandaloneModule, { bufferLogs: true }),
  async (app) => {
    configureHttpApp(app);
    await listen(app);
  },
);
