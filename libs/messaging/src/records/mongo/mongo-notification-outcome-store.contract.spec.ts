import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { notificationOutcomeStoreContract } from '../notification-outcome-store.contract';
import { MongoNotificationOutcomeStore } from './mongo-notification-outcome-store';

const mongoUrl = () => {
  // MONGO_URL is set by the jest global setup (FerretDB) or by the developer (a real MongoDB).
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('MONGO_URL is not set: the global test setup should have started FerretDB');
  return url;
};

notificationOutcomeStoreContract('MongoDB', async () => {
  const dbName = `trame_notifier_${randomUUID().slice(0, 8)}`;
  const store = await MongoNotificationOutcomeStore.connect(mongoUrl(), dbName);
  let current: MongoNotificationOutcomeStore = store;
  return {
    store,
    reopen: async () => (current = await MongoNotificationOutcomeStore.connect(mongoUrl(), dbName)),
    cleanup: async () => {
      const client = await new MongoClient(mongoUrl()).connect();
      await client.db(dbName).dropDatabase();
      await client.close();
      await current.close();
    },
  };
});

describe('MongoNotificationOutcomeStore on the wire', () => {
  it('sends every write with w: majority and j: true', async () => {
    const client = await new MongoClient(mongoUrl(), { monitorCommands: true }).connect();
    const writes: unknown[] = [];
    client.on('commandStarted', (event) => {
      if (['insert', 'update', 'delete'].includes(event.commandName))
        writes.push((event.command as { writeConcern?: unknown }).writeConcern);
    });
    try {
      const store = new MongoNotificationOutcomeStore(client, `trame_notifier_${randomUUID().slice(0, 8)}`);
      const at = new Date().toISOString();
      await store.record([
        { factId: 'a', outcome: { status: 'sent', messageId: '<a@x>', at } },
        { factId: 'b', outcome: { status: 'skipped', reason: 'never', at } },
      ]);
      expect(writes.length).toBeGreaterThan(0);
      for (const concern of writes) expect(concern).toEqual({ w: 'majority', j: true });
    } finally {
      await client.close();
    }
  });
});
