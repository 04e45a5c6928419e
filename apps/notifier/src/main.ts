import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrap, CoreModule } from '@trame/runtime';
import { NotifierModule } from './notifier.module';

@Module({ imports: [CoreModule.forRoot(), NotifierModule] })
class NotifierAppModule {}

void bootstrap('notifier', () => NestFactory.createApplicationContext(NotifierAppModule, { bufferLogs: true }));
