import { type AnyBulkWriteOperation, type Collection, type Db, type Document, type Filter, MongoClient, type Sort } from 'mongodb';
import {
  adoptDocument,
  CHECKPOINTS_COLLECTION,
  assertCollectionName,
  assertFilter,
  assertFindOptions,
  lastById,
  normalizeDocument,
} from '../read-model-document';
import type {
  CheckpointStore,
  FindOptions,
  ReadModelCollection,
  ReadModelDocument,
  ReadModelFilter,
  ReadModelStore,
  UpsertOptions,
} from '../read-model-store.port';

type StoredDoc = Document & { _id: string };
type CheckpointDoc = { _id: string; position: number };

/**
 * Replacements sent per `update` command. FerretDB 1.24 on PostgreSQL keeps one pool
 * connection per replacement that matched an existing document until the whole command
 * ends, and its pool holds 50: a command replacing 50 existing documents waits for a
 * connection it holds itself, and the server stops answering every client. 16 leaves
 * room for three writers at once; on MongoDB it only costs more round trips.
 */
const REPLACEMENTS_PER_COMMAND = 16;

/**
 * Production read-model store on MongoDB. Runs on FerretDB too (the tests use it), hence
 * only whole-document replaces, small unordered bulk writes and plain ascending indexes.
 */
export class MongoReadModelStore implements ReadModelStore {
  private readonly client: MongoClient;
  private readonly ownsClient: boolean;
  private readonly db: Db;
  readonly checkpoints: CheckpointStore;

  /** Given a url, the store opens (lazily) and closes its own client; given a client, it leaves it open. */
  constructor(clientOrUrl: MongoClient | string, dbName: string) {
    this.ownsClient = typeof clientOrUrl === 'string';
    this.client = typeof clientOrUrl === 'string' ? new MongoClient(clientOrUrl) : clientOrUrl;
    this.db = this.client.db(dbName);
    const checkpoints = this.db.collection<CheckpointDoc>(CHECKPOINTS_COLLECTION);
    this.checkpoints = {
      get: async (subscriptionId) => (await checkpoints.findOne({ _id: subscriptionId }))?.position ?? null,
      save: async (subscriptionId, position) => {
        if (!Number.isFinite(position)) throw new Error('a checkpoint position must be a finite number');
        await checkpoints.replaceOne({ _id: subscriptionId }, { position }, { upsert: true });
      },
    };
  }

  collection<T extends object>(name: string): ReadModelCollection<T> {
    assertCollectionName(name);
    return new MongoCollection<T>(name, this.db.collection<StoredDoc>(name));
  }

  async dropAll(): Promise<void> {
    // Emptied rather than dropped, so the indexes the projectors ensured stay in place.
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections) {
      if (!name.startsWith('system.')) await this.db.collection(name).deleteMany({});
    }
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}

class MongoCollection<T extends object> implements ReadModelCollection<T> {
  constructor(
    readonly name: string,
    private readonly docs: Collection<StoredDoc>,
  ) {}

  async get(id: string): Promise<ReadModelDocument<T> | null> {
    return (await this.docs.findOne({ _id: id })) as ReadModelDocument<T> | null;
  }

  async getMany(ids: readonly string[]): Promise<ReadModelDocument<T>[]> {
    if (ids.length === 0) return [];
    const found = await this.docs.find({ _id: { $in: [...ids] } }).toArray();
    const byId = new Map(found.map((doc) => [doc._id, doc]));
    return ids.flatMap((id) => {
      const doc = byId.get(id);
      return doc ? [doc as ReadModelDocument<T>] : [];
    });
  }

  async find(filter: ReadModelFilter = {}, options: FindOptions = {}): Promise<ReadModelDocument<T>[]> {
    assertFilter(filter);
    assertFindOptions(options);
    // `_id` last makes the order total, so skip/limit pages do not overlap.
    const sort: Sort = { ...options.sort, _id: options.sort?._id ?? 1 };
    let cursor = this.docs.find(filter as Filter<StoredDoc>).sort(sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as ReadModelDocument<T>[];
  }

  async count(filter: ReadModelFilter = {}): Promise<number> {
    assertFilter(filter);
    return this.docs.countDocuments(filter);
  }

  async upsertMany(docs: readonly ReadModelDocument<T>[], options: UpsertOptions = {}): Promise<void> {
    if (docs.length === 0) return;
    // Documents handed over go to the driver as they are (it serialises them anyway).
    const keep = options.handOver ? adoptDocument : normalizeDocument;
    const operations: AnyBulkWriteOperation<StoredDoc>[] = lastById(docs).map((doc) => {
      const replacement = keep(doc as unknown as StoredDoc);
      return { replaceOne: { filter: { _id: replacement._id }, replacement, upsert: true } };
    });
    for (let i = 0; i < operations.length; i += REPLACEMENTS_PER_COMMAND) {
      await this.docs.bulkWrite(operations.slice(i, i + REPLACEMENTS_PER_COMMAND), { ordered: false });
    }
  }

  async deleteMany(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.docs.deleteMany({ _id: { $in: [...ids] } });
  }

  async ensureIndex(fields: readonly string[]): Promise<void> {
    if (fields.length === 0) throw new Error('an index needs at least one field');
    const keys = Object.fromEntries(fields.map((field) => [field, 1 as const]));
    assertFindOptions({ sort: keys });
    await this.docs.createIndex(keys);
  }
}
