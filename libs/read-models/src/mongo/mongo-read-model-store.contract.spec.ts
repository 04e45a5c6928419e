import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { readModelStoreContract } from '../read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

// MONGO_URL is set by the jest global setup (FerretDB on the local PostgreSQL) or by the
// developer (a real MongoDB). Missing, the suite fails rather than passing silently.
const url = process.env.MONGO_URL;
if (!url) throw new Error('MONGO_URL is not set: the jest global setup (test/services.js) should have started FerretDB');

// One database per store, all dropped at the end of this file.
const dbNames: string[] = [];
const newDbName = () => {
  const name = `trame_rm_${process.pid}_${randomUUID().slice(0, 8)}`;
  dbNames.push(name);
  return name;
};

let client: MongoClient;
beforeAll(async () => {
  client = await new MongoClient(url).connect();
});
afterAll(async () => {
  for (const name of dbNames) await client.db(name).dropDatabase();
  await client.close();
});

readModelStoreContract('MongoDB', async () => {
  const dbName = newDbName();
  const store = new MongoReadModelStore(client, dbName);
  return { store, cleanup: () => store.close() };
});

describe('MongoReadModelStore on a server', () => {
  it('creates the indexes asked for, and keeps them through dropAll', async () => {
    const dbName = newDbName();
    const store = new MongoReadModelStore(client, dbName);
    const projects = store.collection<{ kind: string; location: { regionCode: string } }>('projects');
    await projects.ensureIndex(['location.regionCode', 'kind']);
    await projects.upsertMany([{ _id: 'p1', kind: 'fablab', location: { regionCode: '84' } }]);
    await store.dropAll();
    const indexes = await client.db(dbName).collection('projects').indexes();
    expect(indexes.map((index) => index.key)).toContainEqual({ 'location.regionCode': 1, kind: 1 });
    expect(await projects.count()).toBe(0);
  });

  it('replaces a hundred existing documents in one call (FerretDB 1.24 hung on 50 in one command)', async () => {
    const store = new MongoReadModelStore(client, newDbName());
    const lists = store.collection<{ version: number }>('lists');
    const ids = Array.from({ length: 120 }, (_, i) => `l${String(i).padStart(3, '0')}`);
    await lists.upsertMany(ids.map((_id) => ({ _id, version: 1 })));
    await lists.upsertMany(ids.map((_id) => ({ _id, version: 2 })));
    expect(await lists.count({ version: 2 })).toBe(120);
    await store.ping(); // the server still answers everyone
  });

  it('stores one checkpoint document per subscription in `checkpoints`', async () => {
    const dbName = newDbName();
    const store = new MongoReadModelStore(client, dbName);
    await store.checkpoints.save('matcher', 5);
    await store.checkpoints.save('matcher', 6);
    await store.checkpoints.save('digest', 1);
    const docs = await client
      .db(dbName)
      .collection('checkpoints')
      .find({}, { sort: { _id: 1 } })
      .toArray();
    expect(docs).toEqual([
      { _id: 'digest', position: 1 },
      { _id: 'matcher', position: 6 },
    ]);
  });

  it('closes the client it opened from a url, and only that one', async () => {
    const dbName = newDbName();
    const owned = new MongoReadModelStore(url, dbName);
    await owned.collection('things').upsertMany([{ _id: 'a' }]);
    await owned.close();
    await expect(owned.ping()).rejects.toThrow();

    const borrowing = new MongoReadModelStore(client, dbName);
    await borrowing.close();
    expect(await borrowing.collection('things').get('a')).toEqual({ _id: 'a' });
  });
});
