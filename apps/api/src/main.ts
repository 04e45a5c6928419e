import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrap, CoreModule } from '@trame/runtime';
import { ApiModule } from './api.module';
import { configureHttpApp, listen } from './http-app';

@Module({ imports: [CoreModule.forRoot(), ApiModule] })
class ApiAppModule {}

void bootstrap(
  'api',
  () => NestFactory.create(ApiAppModule, { bufferLogs: true }),
  async (app) => {
    configureHttpApp(app);
    await listen(app);
  },
);
