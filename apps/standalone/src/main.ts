import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@trame/config';
import { bootstrap, CoreModule } from '@trame/runtime';
import { ApiModule } from '../../api/src/api.module';
import { configureHttpApp, listen } from '../../api/src/http-app';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { LinkSigner } from '@trame/mail';
import { webClientKey } from '../../api/src/auth';
import { ensureEmbeddedRedis } from './embedded-redis';
import { mountWebApp } from './web-app';

/**
 * `npm start`: the three apps in one process on the embedded defaults, and the web app at
 * `/`. The apps still only talk through the event store and Redis, exactly as when deployed
 * apart; the web app calls the api over HTTP (on this process's loopback address).
 */
@Module({ imports: [CoreModule.forRoot(), ApiModule, MatcherModule, NotifierModule] })
class StandaloneModule {}

void bootstrap(
  'standalone',
  async () => {
    const redisUrl = await ensureEmbeddedRedis(process.env, loadConfig().dataDir, (line) => process.stdout.write(`[trame] ${line}\n`));
    if (redisUrl) process.env.REDIS_URL = redisUrl;
    return NestFactory.create(StandaloneModule, { bufferLogs: true });
  },
  async (app) => {
    // The web app at `/` (everything but the api's paths), when built (`npm run build` does).
    const web = mountWebApp(app);
    configureHttpApp(app);
    await listen(app);
    // The web server's proof for the person's IP it forwards (per-IP limits count people, not it).
    process.env.TRAME_WEB_KEY = webClientKey(app.get(LinkSigner));
    await web?.start();
  },
);
