import type { EventStore, RecordedEvent, Subscription } from '@trame/event-store';
import { type EngineChanges, MatchingEngine, type MatchingEngineOptions } from '@trame/matching';
import {
  applyProjectionBatch,
  READ_MODEL_PROJECTIONS,
  type ReadModelStore,
  MEMBER_RECOMMENDATIONS,
  type MemberRecommendations,
  PROJECT_RECOMMENDATIONS,
  type ProjectRecommendations,
} from '@trame/read-models';

export type MatcherOptions = {
  /** Checkpoint id: one per subscription. */
  subscriptionId?: string;
  /** Events per catch-up batch (one bulk write per collection, one checkpoint). */
  batchSize?: number;
  clock?: () => Date;
  engine?: Omit<MatchingEngineOptions, 'now'>;
  onProgress?: (processed: number, position: number) => void;
};

export type MatcherStats = { processed: number; position: number | null };

/**
 * The matcher: one subscription to the event log feeding the projections and the
 * matching engine, writing recommendation documents for the lists that changed.
 *
 * Crash safety without transactions: a batch writes projections (idempotent by
 * position), then recommendations (recomputed from the engine, so rewriting them is
 * harmless), then the checkpoint. On restart the engine is rebuilt from the log up to
 * the checkpoint (it is pure and in memory), and processing resumes after it, so the
 * read models converge to exactly what a clean rebuild produces.
 */
export class Matcher {
  readonly engine: MatchingEngine;
  private readonly subscriptionId: string;
  private readonly batchSize: number;
  private readonly clock: () => Date;
  private subscription?: Subscription;
  private position: number | null = null;
  private processed = 0;
  private stopped = false;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly options: MatcherOptions = {},
  ) {
    this.subscriptionId = options.subscriptionId ?? 'matcher';
    this.batchSize = options.batchSize ?? 1000;
    this.clock = options.clock ?? (() => new Date());
    this.engine = new MatchingEngine({ ...options.engine, now: this.clock() });
  }

  get stats(): MatcherStats {
    return { processed: this.processed, position: this.position };
  }

  /** Restores the engine to the checkpoint, catches up in batches, then follows live. */
  async start(): Promise<void> {
    await this.ensureIndexes();
    await this.restore();
    await this.catchUp();
    if (this.stopped) return;
    this.subscription = this.events.subscribeToAll({ after: this.position }, (event) => this.process([event]));
  }

  /** Rejects if live processing fails. */
  get done(): Promise<void> {
    return this.subscription?.done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }

  /** Processes every stored event after the checkpoint; resolves with how many. */
  async catchUp(): Promise<number> {
    let count = 0;
    while (!this.stopped) {
      const page = await this.events.readAll({ after: this.position, maxCount: this.batchSize });
      if (page.length > 0) {
        await this.process(page);
        count += page.length;
      }
      if (page.length < this.batchSize) break;
    }
    return count;
  }

  /** The engine is memory only: replay the log up to the checkpoint into it, without writing. */
  private async restore(): Promise<void> {
    const checkpoint = await this.readModels.checkpoints.get(this.subscriptionId);
    if (checkpoint === null) return;
    let after: number | null = null;
    while (!this.stopped) {
      const page = await this.events.readAll({ after, maxCount: this.batchSize });
      const upTo = page.filter((e) => e.position <= checkpoint);
      if (upTo.length > 0) this.engine.applyAll(upTo, this.clock());
      if (upTo.length < page.length || page.length < this.batchSize) break;
      after = page[page.length - 1]!.position;
    }
    this.position = checkpoint;
  }

  private async process(batch: readonly RecordedEvent[]): Promise<void> {
    for (const projection of READ_MODEL_PROJECTIONS) {
      const mine = batch.filter((e) => projection.canHandle(e.type));
      if (mine.length > 0) await applyProjectionBatch(this.readModels.collection(projection.collection), projection, mine);
    }
    const changes = this.engine.applyAll(batch, this.clock());
    const erased = batch.filter((e) => e.type === 'MemberErased').map((e) => e.data.memberId as string);
    await this.writeRecommendations(changes, erased);
    const last = batch[batch.length - 1]!;
    await this.readModels.checkpoints.save(this.subscriptionId, last.position);
    this.position = last.position;
    this.processed += batch.length;
    this.options.onProgress?.(this.processed, last.position);
  }

  private async writeRecommendations(changes: EngineChanges, erased: readonly string[]): Promise<void> {
    const now = this.clock();
    const gone = new Set(erased);
    const projects = [...changes.changedProjects].sort().map(
      (projectId): ProjectRecommendations & { _id: string } => ({
        _id: projectId,
        projectId,
        partners: this.engine.topPartners(projectId, { now }),
        referents: this.referentsOf(projectId),
      }),
    );
    const members = [...changes.changedMembers]
      .filter((id) => !gone.has(id))
      .sort()
      .map((memberId): MemberRecommendations & { _id: string } => ({
        _id: memberId,
        memberId,
        projects: this.engine.topProjects(memberId, { now }),
      }));
    if (projects.length > 0) await this.readModels.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).upsertMany(projects);
    if (members.length > 0) await this.readModels.collection<MemberRecommendations>(MEMBER_RECOMMENDATIONS).upsertMany(members);
    if (gone.size > 0) await this.readModels.collection(MEMBER_RECOMMENDATIONS).deleteMany([...gone]);
  }

  private referentsOf(projectId: string) {
    const first = this.engine.referentForProject(projectId);
    return first ? [first] : [];
  }

  private async ensureIndexes(): Promise<void> {
    await this.readModels.collection('project_cards').ensureIndex(['geoCell']);
    await this.readModels.collection('project_cards').ensureIndex(['status']);
    await this.readModels.collection('member_profiles').ensureIndex(['areaKeys']);
    await this.readModels.collection('referents').ensureIndex(['areaKeys']);
  }
}
