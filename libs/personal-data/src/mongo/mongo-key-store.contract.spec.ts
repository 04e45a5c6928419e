import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
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

describe('MongoKeyStore on the wire', () => {
  it('sends every key and lookup write with w: majority and j: true', async () => {
    const url = process.env.MONGO_URL;
    if (!url) throw new Error('MONGO_URL is not set: the global test setup should have started FerretDB');
    const client = await new MongoClient(url, { monitorCommands: true }).connect();
    const writes: Array<{ name: string; writeConcern: unknown }> = [];
    client.on('commandStarted', (event) => {
      if (['insert', 'delete', 'update'].includes(event.commandName)) {
        writes.push({ name: event.commandName, writeConcern: (event.command as { writeConcern?: unknown }).writeConcern });
      }
    });
    try {
      const store = new MongoKeyStore(client, `trame_keys_${randomUUID().slice(0, 8)}`);
      const subjectId = randomUUID();
      await store.getOrCreateKey(subjectId);
      await store.addLookup('hash', { subjectId, kind: 'member' });
      await store.deleteKey(subjectId);
      expect(writes.map((w) => w.name)).toEqual(['insert', 'insert', 'delete', 'delete']);
      for (const write of writes) expect(write.writeConcern).toEqual({ w: 'majority', j: true });
    } finally {
      await client.close();
    }
  });
});
