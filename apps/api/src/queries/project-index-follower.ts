import { Inject, Injectable } from '@nestjs/common';
import { TermNormaliser } from '@trame/matching';
import { type ProjectCard, READ_MODEL_STORE, type ReadModelCollection, type ReadModelStore } from '@trame/read-models';
import { READ_SIDE_CHECKPOINT } from '@trame/runtime';
import { type ListPage, type ListQuery, ProjectIndex } from './project-index';

/** Cards read per page when catching up with the store. */
const PAGE = 500;

/**
 * Keeps a `ProjectIndex` in the api process from the `project_cards` read model, so it also
 * works when the matcher writes from another process (MongoDB). The matcher saves the read
 * side's checkpoint after the documents of the events up to it are written; each list request
 * reads that checkpoint (one small read, like `GET /v1/projects/:id`'s), and when it moved,
 * reads the cards whose `_position` is past the checkpoint of the previous sync (newest
 * first, until older). A checkpoint going back (a rebuild) or a count that disagrees (a
 * card gone) reloads everything.
 */
@Injectable()
export class ProjectIndexFollower {
  readonly index: ProjectIndex;
  /** The checkpoint the index reflects; undefined before the first load. */
  private synced: number | null | undefined;
  /** Every card id seen (any status), to compare with the store's count. */
  private readonly known = new Set<string>();
  private pending?: Promise<void>;
  private indexed = false;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    normaliser: TermNormaliser,
  ) {
    this.index = new ProjectIndex((theme) => normaliser.key(theme));
  }

  private get cards(): ReadModelCollection<ProjectCard> {
    return this.store.collection<ProjectCard>('project_cards');
  }

  async query(query: ListQuery): Promise<ListPage> {
    await this.fresh();
    return this.index.query(query);
  }

  /** Brings the index up to the checkpoint read now (syncs already under way are joined, not repeated). */
  async fresh(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      if (this.pending) await this.pending;
      const checkpoint = await this.store.checkpoints.get(READ_SIDE_CHECKPOINT);
      if (this.synced !== undefined && checkpoint === this.synced) return;
      if (this.pending) continue;
      this.pending = this.sync(checkpoint).finally(() => (this.pending = undefined));
      return this.pending;
    }
  }

  private async sync(checkpoint: number | null): Promise<void> {
    if (!this.indexed) {
      this.indexed = true;
      // The incremental read sorts by `_position`; the matcher creates the other indexes.
      await this.cards.ensureIndex(['_position']).catch(() => undefined);
    }
    const since = this.synced;
    if (since === undefined || since === null || checkpoint === null || checkpoint < since) await this.reload();
    else {
      await this.catchUp(since);
      if ((await this.cards.count()) !== this.known.size) await this.reload();
    }
    this.synced = checkpoint;
  }

  private async reload(): Promise<void> {
    const all = await this.cards.find();
    this.index.clear();
    this.known.clear();
    for (const doc of all) {
      this.known.add(doc._id);
      this.index.put(doc);
    }
  }

  private async catchUp(since: number): Promise<void> {
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.cards.find({}, { sort: { _position: -1 }, skip, limit: PAGE });
      for (const doc of page) {
        if ((doc._position ?? -1) <= since) return;
        this.known.add(doc._id);
        this.index.put(doc);
      }
      if (page.length < PAGE) return;
    }
  }
}
