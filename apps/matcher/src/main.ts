import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrap, CoreModule } from '@trame/runtime';
import { MatcherModule } from './matcher.module';

@Module({ imports: [CoreModule.forRoot(), MatcherModule] })
class MatcherAppModule {}

void bootstrap('matcher', () => NestFactory.createApplicationContext(MatcherAppModule, { bufferLogs: true }));
