import { join } from 'node:path';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { KEY_STORE, type KeyStore } from './key-store.port';
import { MongoKeyStore } from './mongo/mongo-key-store';
import { PersonalDataCipher } from './personal-data-cipher';
import { SqliteKeyStore } from './sqlite/sqlite-key-store';

@Injectable()
class KeyStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}

/** Key store (MongoDB when MONGO_URL is set, else `DATA_DIR/keys.sqlite`) and the cipher. */
@Global()
@Module({
  providers: [
    {
      provide: KEY_STORE,
      inject: [TRAME_CONFIG],
      useFactory: (config: TrameConfig): KeyStore | Promise<KeyStore> =>
        config.MONGO_URL
          ? MongoKeyStore.connect(config.MONGO_URL, `${config.MONGO_DB}_keys`)
          : new SqliteKeyStore(join(config.dataDir, 'keys.sqlite')),
    },
    { provide: PersonalDataCipher, inject: [KEY_STORE], useFactory: (keys: KeyStore) => new PersonalDataCipher(keys) },
    KeyStoreCloser,
  ],
  exports: [KEY_STORE, PersonalDataCipher],
})
export class PersonalDataModule {}
