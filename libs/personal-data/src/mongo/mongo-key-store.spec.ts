import { type Collection, MongoClient } from 'mongodb';
import { MongoKeyStore } from './mongo-key-store';

// No server needed: the driver builds collections without connecting.
describe('MongoKeyStore write concern', () => {
  it('writes keys and lookup entries with w: majority and journal: true', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:9/');
    try {
      const store = new MongoKeyStore(client, 'trame_keys') as unknown as { keys: Collection; lookups: Collection };
      for (const collection of [store.keys, store.lookups]) {
        expect(collection.writeConcern).toMatchObject({ w: 'majority', journal: true });
      }
    } finally {
      await client.close();
    }
  });
});
