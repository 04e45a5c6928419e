import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { canonicalHash, MATCHER_COLLECTIONS, READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { CoreModule } from '@trame/runtime';
import { Matcher } from './matcher';

/**
 * `npm run rebuild`: drops the read models and replays the whole event log into them,
 * then prints what it did and a fingerprint of the result (canonical hash).
 * With the embedded in-memory read models this checks the log replays cleanly; the
 * running service rebuilds them itself at every start.
 */
@Module({ imports: [CoreModule.forRoot({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' })] })
class RebuildModule {}

async function main() {
  const app = await NestFactory.createApplicationContext(RebuildModule, { logger: ['error', 'warn'] });
  const config = app.get<TrameConfig>(TRAME_CONFIG);
  const events = app.get<EventStore>(EVENT_STORE);
  const readModels = app.get<ReadModelStore>(READ_MODEL_STORE);
  const started = process.hrtime.bigint();
  await readModels.dropAll();
  const matcher = new Matcher(events, readModels, {
    engine: { exposureCap: config.EXPOSURE_CAP, remoteReach: config.REMOTE_REACH, minHoursShare: config.MATCH_MIN_HOURS_SHARE },
    batchSize: config.MATCHER_BATCH_SIZE,
  });
  await matcher.synchronise();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { hash, documents } = await canonicalHash(readModels, MATCHER_COLLECTIONS);
  const { processed } = matcher.stats;
  process.stdout.write(
    `${JSON.stringify({
      rebuilt: config.MONGO_URL ? `mongodb ${config.MONGO_DB}` : 'in-memory',
      events: processed,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(processed / Math.max(seconds, 1e-9)),
      documents,
      hash,
    })}\n`,
  );
  await app.close();
}

main().catch((error) => {
  process.stderr.write(`rebuild failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
