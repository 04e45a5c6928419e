import type { ReadModelCollection, ReadModelDocument } from './read-model-store.port';

/** What a projection reads from an event (a domain event or a RecordedEvent). */
export type ProjectableEvent = Readonly<{ type: string; data: unknown }>;

/** What applying needs on top: the event's global position (RecordedEvent fits), for idempotency. */
export type PositionedEvent = ProjectableEvent & Readonly<{ position: number }>;

/**
 * A pure read-model projection: one document per `id(event)` in `collection`. One
 * projection owns a collection (the `_position` marker is per document, not per projection).
 */
export interface Projection<D extends object> {
  readonly name: string;
  readonly collection: string;
  canHandle(type: string): boolean;
  /** Id of the document the event concerns; only called when `canHandle(event.type)`. */
  id(event: ProjectableEvent): string;
  /** The next document, or null to delete it (or to keep it absent). Must not mutate `doc`. */
  evolve(doc: ReadModelDocument<D> | null, event: ProjectableEvent): D | null;
}

export type ApplyOutcome = 'written' | 'deleted' | 'skipped';

/**
 * Applies one event at-least-once safely: a document stores in `_position` the position of
 * the last event applied to it, and an event at or below that position is skipped. No
 * transaction is needed because one subscription writes a document at a time, in log order.
 */
export async function applyProjection<D extends object>(
  collection: ReadModelCollection<D>,
  projection: Projection<D>,
  event: PositionedEvent,
): Promise<ApplyOutcome> {
  if (!projection.canHandle(event.type)) return 'skipped';
  const id = projection.id(event);
  const doc = await collection.get(id);
  if (doc && (doc._position ?? -1) >= event.position) return 'skipped';
  const next = projection.evolve(doc, event);
  if (next) {
    await collection.upsertMany([{ ...next, _id: id, _position: event.position }]);
    return 'written';
  }
  if (!doc) return 'skipped';
  await collection.deleteMany([id]);
  return 'deleted';
}

export type BatchOutcome = { written: number; deleted: number; skipped: number };

/**
 * The same for a run of events (catch-up): one read of the documents concerned, the events
 * folded in memory per document, then one bulk upsert and one bulk delete. Events are
 * applied in position order. Not atomic: if it fails half-way, re-applying the batch
 * converges because every document carries its own position.
 */
export async function applyProjectionBatch<D extends object>(
  collection: ReadModelCollection<D>,
  projection: Projection<D>,
  events: readonly PositionedEvent[],
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { written: 0, deleted: 0, skipped: 0 };
  const byId = new Map<string, PositionedEvent[]>();
  for (const event of [...events].sort((a, b) => a.position - b.position)) {
    if (!projection.canHandle(event.type)) {
      outcome.skipped++;
      continue;
    }
    const id = projection.id(event);
    const group = byId.get(id);
    if (group) group.push(event);
    else byId.set(id, [event]);
  }
  if (byId.size === 0) return outcome;

  const existing = new Map((await collection.getMany([...byId.keys()])).map((doc) => [doc._id, doc]));
  const upserts: ReadModelDocument<D>[] = [];
  const deletes: string[] = [];
  for (const [id, group] of byId) {
    let doc: ReadModelDocument<D> | null = existing.get(id) ?? null;
    let position = doc?._position ?? -1;
    for (const event of group) {
      if (event.position <= position) {
        outcome.skipped++;
        continue;
      }
      const next = projection.evolve(doc, event);
      doc = next ? { ...next, _id: id, _position: event.position } : null;
      position = event.position;
    }
    if (doc) {
      if (doc !== existing.get(id)) upserts.push(doc);
    } else if (existing.has(id)) {
      deletes.push(id);
    }
  }
  await collection.upsertMany(upserts);
  await collection.deleteMany(deletes);
  outcome.written = upserts.length;
  outcome.deleted = deletes.length;
  return outcome;
}
