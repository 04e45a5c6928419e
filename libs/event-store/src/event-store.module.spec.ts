import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStoreModule } from './event-store.module';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

const OPTIONS_SOURCE = Symbol('OPTIONS_SOURCE');

describe('EventStoreModule', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trame-events-module-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('provides the SQLite store without an EventStoreDB url and closes it on shutdown', async () => {
    const file = join(dir, 'data', 'events.sqlite');
    const app = await NestFactory.createApplicationContext(EventStoreModule.forRoot({ sqliteFile: file }), {
      logger: false,
    });
    app.enableShutdownHooks();
    const store = app.get<EventStore>(EVENT_STORE);
    expect(store).toBeInstanceOf(SqliteEventStore);
    const streamId = `module-${randomUUID()}`;
    await store.appendToStream(streamId, [{ eventId: randomUUID(), type: 'A', data: {} }], {
      expectedRevision: 'no_stream',
    });
    await app.close();
    await expect(store.ping()).rejects.toThrow();

    const reopened = new SqliteEventStore(file);
    expect((await reopened.readStream(streamId)).events).toHaveLength(1);
    await reopened.close();
  });

  it('takes its options from a factory with injected dependencies', async () => {
    @Module({ providers: [{ provide: OPTIONS_SOURCE, useValue: { url: 'esdb://127.0.0.1:2113?tls=false' } }], exports: [OPTIONS_SOURCE] })
    class SourceModule {}

    const app = await NestFactory.createApplicationContext(
      EventStoreModule.forRootAsync({
        imports: [SourceModule],
        inject: [OPTIONS_SOURCE],
        useFactory: (source: { url: string }) => ({ eventStoreUrl: source.url, sqliteFile: join(dir, 'unused.sqlite') }),
      }),
      { logger: false },
    );
    // Connecting is lazy: choosing the adapter needs no server.
    expect(app.get(EVENT_STORE)).toBeInstanceOf(EventStoreDbEventStore);
    await app.close();
  });
});
