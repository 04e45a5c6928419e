import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { InMemoryReadModelStore } from './memory/in-memory-read-model-store';
import { MongoReadModelStore } from './mongo/mongo-read-model-store';
import { READ_MODEL_STORE, type ReadModelStore } from './read-model-store.port';

@Injectable()
class ReadModelStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * `READ_MODEL_STORE`: MongoDB when MONGO_URL is set, else in memory (rebuilt from the
 * event log at boot by the matcher running in the same process).
 */
@Global()
@Module({
  providers: [
    {
      provide: READ_MODEL_STORE,
      inject: [TRAME_CONFIG],
      useFactory: (config: TrameConfig): ReadModelStore =>
        config.MONGO_URL ? new MongoReadModelStore(config.MONGO_URL, config.MONGO_DB) : new InMemoryReadModelStore(),
    },
    ReadModelStoreCloser,
  ],
  exports: [READ_MODEL_STORE],
})
export class ReadModelsModule {}
