import { randomUUID } from 'node:crypto';
import { keyStoreContract } from '../key-store.contract';
import { MongoKeyStore } from './mongo-key-store';

// MONGO_URL is set by the jest global setup (FerretDB on the local PostgreSQL) or by
// the developer (a real MongoDB).
keyStoreContract('MongoDB', async () => {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('MONGO_URL is not set: the global test setup should have started FerretDB');
  const dbName = `trame_keys_${randomUUID().slice(0, 8)}`;
  const store = await MongoKeyStore.connect(url, dbName);
  return {
    store,
    cleanup: async () => {
      await store.close();
    },
  };
});
