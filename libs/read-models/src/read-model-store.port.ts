/**
 * The read-model store port: a small document store the matcher writes projections to and
 * the api reads from. Every adapter (in-memory, MongoDB) passes `read-model-store.contract.ts`.
 *
 * Deliberately narrow so that FerretDB (MongoDB wire over PostgreSQL) can serve it: full
 * document replaces and bulk upserts only; no transactions, change streams, `$lookup`,
 * `arrayFilters`, geo or text indexes. Keys may not start with `$` or contain `.`.
 */

/** Values a filter can compare against. */
export type FilterScalar = string | number | boolean | null;

/**
 * Per field (top-level or dotted path, e.g. `location.regionCode`): equality or `$in`.
 * MongoDB semantics: an array field matches when one of its elements matches, a dotted
 * path walks through arrays of objects, and `null` matches a missing field too.
 */
export type ReadModelFilter = Readonly<Record<string, FilterScalar | Readonly<{ $in: readonly FilterScalar[] }>>>;

export type FindOptions = Readonly<{
  /**
   * Fields (dotted paths allowed) to sort by, 1 ascending, -1 descending; scalar fields
   * only. Results are always ordered by `_id` last, so pages are stable.
   */
  sort?: Readonly<Record<string, 1 | -1>>;
  /** Maximum number of documents (a non-negative integer; 0 or absent: no limit). */
  limit?: number;
  skip?: number;
}>;

/** What the store adds to every document. */
export type ReadModelMeta = {
  _id: string;
  /** Global position of the last event applied to the document (see `projection.ts`). */
  _position?: number;
};

export type ReadModelDocument<T extends object> = T & ReadModelMeta;

export type UpsertOptions = Readonly<{
  /**
   * The caller hands the documents over: it will not change them (nor anything they hold)
   * afterwards. An adapter may then keep or send them as they are instead of copying them
   * first (documents are still checked; one that needs normalising is copied as usual).
   */
  handOver?: boolean;
}>;

export interface ReadModelCollection<T extends object> {
  readonly name: string;
  get(id: string): Promise<ReadModelDocument<T> | null>;
  /** The documents found, in the order of `ids`; missing ids are left out. */
  getMany(ids: readonly string[]): Promise<ReadModelDocument<T>[]>;
  find(filter?: ReadModelFilter, options?: FindOptions): Promise<ReadModelDocument<T>[]>;
  count(filter?: ReadModelFilter): Promise<number>;
  /**
   * Replaces each document whole (inserting it when absent). Undefined properties are
   * dropped. Not atomic as a batch: on failure some documents may have been written.
   * When an id appears twice, the last one wins.
   */
  upsertMany(docs: readonly ReadModelDocument<T>[], options?: UpsertOptions): Promise<void>;
  /** Deletes the documents; unknown ids are ignored. */
  deleteMany(ids: readonly string[]): Promise<void>;
  /** Creates an ascending index on these fields (in this order) if it does not exist. */
  ensureIndex(fields: readonly string[]): Promise<void>;
}

/** Where each subscription (projector) has got to in the global event log. */
export interface CheckpointStore {
  get(subscriptionId: string): Promise<number | null>;
  /** Overwrites the checkpoint (lower values too: a rebuild starts again from the start). */
  save(subscriptionId: string, position: number): Promise<void>;
}

export interface ReadModelStore {
  /** Name: letters, digits, `_` and `-`; `checkpoints` is reserved. */
  collection<T extends object>(name: string): ReadModelCollection<T>;
  readonly checkpoints: CheckpointStore;
  /** Removes every document and every checkpoint (before a rebuild); indexes stay. */
  dropAll(): Promise<void>;
  /** Readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest DI token for the configured adapter. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
