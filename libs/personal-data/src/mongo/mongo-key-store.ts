import { randomBytes } from 'node:crypto';
import { Binary, type Collection, MongoClient, MongoServerError } from 'mongodb';
import type { KeyStore, LookupEntry, LookupKind } from '../key-store.port';

type KeyDocument = { _id: string; key: Binary; createdAt: Date };
/** One blind-index entry; `_id` makes a repeated `addLookup` a no-op. */
type LookupDocument = { _id: string; lookupHash: string; subjectId: string; kind: LookupKind };

const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === 11000;

/**
 * Every write waits for the journal (and a majority, once there is a replica set): the
 * default concern acknowledges before the journal is flushed (up to 100 ms on a single
 * mongod), and a key lost after its sealed event was stored is a person erased by
 * accident; a lost delete would bring an erased person back.
 */
export const KEY_WRITE_CONCERN = { w: 'majority', journal: true } as const;

/** Production key store: a MongoDB collection apart from the read models. */
export class MongoKeyStore implements KeyStore {
  private readonly keys: Collection<KeyDocument>;
  private readonly lookups: Collection<LookupDocument>;

  constructor(
    private readonly client: MongoClient,
    dbName: string,
    private readonly ownsClient = false,
  ) {
    const db = client.db(dbName);
    this.keys = db.collection<KeyDocument>('subject_keys', { writeConcern: KEY_WRITE_CONCERN });
    this.lookups = db.collection<LookupDocument>('subject_lookups', { writeConcern: KEY_WRITE_CONCERN });
  }

  static async connect(url: string, dbName: string): Promise<MongoKeyStore> {
    const client = await new MongoClient(url).connect();
    const store = new MongoKeyStore(client, dbName, true);
    await store.ensureIndexes();
    return store;
  }

  /** Sign-in reads by hash, erasure deletes by subject: both indexed. */
  async ensureIndexes(): Promise<void> {
    await this.lookups.createIndex({ lookupHash: 1 });
    await this.lookups.createIndex({ subjectId: 1 });
  }

  async getOrCreateKey(subjectId: string): Promise<Buffer> {
    try {
      await this.keys.insertOne({ _id: subjectId, key: new Binary(randomBytes(32)), createdAt: new Date() });
    } catch (error) {
      // Someone created it first: theirs wins (duplicate key).
      if (!isDuplicateKey(error)) throw error;
    }
    const key = await this.getKey(subjectId);
    if (!key) throw new Error(`key for ${subjectId} vanished while being created`);
    return key;
  }

  async getKey(subjectId: string): Promise<Buffer | null> {
    const doc = await this.keys.findOne({ _id: subjectId });
    return doc ? Buffer.from(doc.key.buffer) : null;
  }

  async deleteKey(subjectId: string): Promise<boolean> {
    // Index entries first (no transactions here): a crash in between leaves a key without
    // entries, which the erasure's retry deletes, never entries leading to an erased person.
    await this.lookups.deleteMany({ subjectId });
    const result = await this.keys.deleteOne({ _id: subjectId });
    return result.deletedCount > 0;
  }

  async addLookup(lookupHash: string, entry: LookupEntry): Promise<void> {
    try {
      await this.lookups.insertOne({ _id: `${lookupHash}:${entry.subjectId}`, lookupHash, subjectId: entry.subjectId, kind: entry.kind });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async findLookup(lookupHash: string): Promise<LookupEntry[]> {
    const docs = await this.lookups.find({ lookupHash }).toArray();
    return docs.map((d) => ({ subjectId: d.subjectId, kind: d.kind }));
  }

  async ping(): Promise<void> {
    await this.client.db('admin').command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}
