import { adoptDocument, assertCollectionName, assertFilter, assertFindOptions, lastById, normalizeDocument } from '../read-model-document';
import type {
  CheckpointStore,
  FindOptions,
  ReadModelCollection,
  ReadModelDocument,
  ReadModelFilter,
  ReadModelStore,
  UpsertOptions,
} from '../read-model-store.port';
import { compareForSort, matchesFilter } from './match-filter';

type StoredDoc = Record<string, unknown> & { _id: string };

/**
 * Embedded read-model store (the default, rebuilt from the event log at boot). Documents
 * are copied on the way in and out, so no caller can change what is stored behind its back.
 */
export class InMemoryReadModelStore implements ReadModelStore {
  private readonly collections = new Map<string, Map<string, StoredDoc>>();
  private readonly positions = new Map<string, number>();

  readonly checkpoints: CheckpointStore = {
    get: async (subscriptionId) => this.positions.get(subscriptionId) ?? null,
    save: async (subscriptionId, position) => {
      if (!Number.isFinite(position)) throw new Error('a checkpoint position must be a finite number');
      this.positions.set(subscriptionId, position);
    },
  };

  collection<T extends object>(name: string): ReadModelCollection<T> {
    assertCollectionName(name);
    let docs = this.collections.get(name);
    if (!docs) {
      docs = new Map();
      this.collections.set(name, docs);
    }
    return new InMemoryCollection<T>(name, docs);
  }

  async dropAll(): Promise<void> {
    for (const docs of this.collections.values()) docs.clear();
    this.positions.clear();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

class InMemoryCollection<T extends object> implements ReadModelCollection<T> {
  constructor(
    readonly name: string,
    private readonly docs: Map<string, StoredDoc>,
  ) {}

  private out(doc: StoredDoc): ReadModelDocument<T> {
    return structuredClone(doc) as unknown as ReadModelDocument<T>;
  }

  async get(id: string): Promise<ReadModelDocument<T> | null> {
    const doc = this.docs.get(id);
    return doc ? this.out(doc) : null;
  }

  async getMany(ids: readonly string[]): Promise<ReadModelDocument<T>[]> {
    return ids.flatMap((id) => {
      const doc = this.docs.get(id);
      return doc ? [this.out(doc)] : [];
    });
  }

  async find(filter: ReadModelFilter = {}, options: FindOptions = {}): Promise<ReadModelDocument<T>[]> {
    assertFilter(filter);
    assertFindOptions(options);
    const skip = options.skip ?? 0;
    const end = options.limit ? skip + options.limit : undefined;
    return [...this.docs.values()]
      .filter((doc) => matchesFilter(doc, filter))
      .sort(compareForSort(options.sort))
      .slice(skip, end)
      .map((doc) => this.out(doc));
  }

  async count(filter: ReadModelFilter = {}): Promise<number> {
    assertFilter(filter);
    let n = 0;
    for (const doc of this.docs.values()) if (matchesFilter(doc, filter)) n++;
    return n;
  }

  async upsertMany(docs: readonly ReadModelDocument<T>[], options: UpsertOptions = {}): Promise<void> {
    // Validate the whole batch before writing any of it. Documents handed over are kept as
    // they are (reads copy them anyway), which spares a rebuild a copy of every list.
    const keep = options.handOver ? adoptDocument : normalizeDocument;
    const normalized = lastById(docs).map((doc) => keep(doc as unknown as StoredDoc));
    for (const doc of normalized) this.docs.set(doc._id, doc);
  }

  async deleteMany(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.docs.delete(id);
  }

  async ensureIndex(fields: readonly string[]): Promise<void> {
    // Nothing to build: a scan of a Map is the index. The fields are still checked.
    assertFindOptions({ sort: Object.fromEntries(fields.map((field) => [field, 1 as const])) });
    if (fields.length === 0) throw new Error('an index needs at least one field');
  }
}
