import { randomBytes } from 'node:crypto';
import { Binary, type Collection, MongoClient, MongoServerError } from 'mongodb';
import type { KeyStore } from '../key-store.port';

type KeyDocument = { _id: string; key: Binary; createdAt: Date };

/** Production key store: a MongoDB collection apart from the read models. */
export class MongoKeyStore implements KeyStore {
  private readonly keys: Collection<KeyDocument>;

  constructor(private readonly client: MongoClient, dbName: string, private readonly ownsClient = false) {
    this.keys = client.db(dbName).collection<KeyDocument>('subject_keys');
  }

  static async connect(url: string, dbName: string): Promise<MongoKeyStore> {
    const client = await new MongoClient(url).connect();
    return new MongoKeyStore(client, dbName, true);
  }

  async getOrCreateKey(subjectId: string): Promise<Buffer> {
    try {
      await this.keys.insertOne({ _id: subjectId, key: new Binary(randomBytes(32)), createdAt: new Date() });
    } catch (error) {
      // Someone created it first: theirs wins (duplicate key).
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
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
    const result = await this.keys.deleteOne({ _id: subjectId });
    return result.deletedCount > 0;
  }

  async ping(): Promise<void> {
    await this.client.db('admin').command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}
