import type { MemberErased } from '@trame/domain';
import type { EventStore, RecordedEvent, Subscription } from '@trame/event-store';
import { type EngineChanges, MatchingEngine, type MatchingEngineOptions, type PartnerMatch, type ProjectMatch } from '@trame/matching';
import {
  applyProjectionBatch,
  READ_MODEL_PROJECTIONS,
  type ReadModelStore,
  MEMBER_RECOMMENDATIONS,
  type MemberRecommendations,
  PROJECT_MISSING_PARTNERS,
  PROJECT_RECOMMENDATIONS,
  type ProjectMissingPartners,
  type ProjectRecommendations,
} from '@trame/read-models';
import { IntroductionPairs } from './introductions/introduction-pairs';
import { MemberConfirmationGate } from './members/member-confirmation-gate';
import { isProjectLifecycleEvent } from './introductions/introduction-lifecycle.policy';

export type MatcherOptions = {
  /** Checkpoint id: one per subscription. */
  subscriptionId?: string;
  /** Events per catch-up batch (one bulk write per collection, one checkpoint). */
  batchSize?: number;
  clock?: () => Date;
  engine?: Omit<MatchingEngineOptions, 'now'>;
  onProgress?: (processed: number, position: number) => void;
  /**
   * Called with the lists just written (before the checkpoint moves, so a crash replays
   * them): the matcher decides notifications there. Must be idempotent.
   */
  onPublished?: (projects: ProjectRecommendations[], members: MemberRecommendations[], now: Date) => Promise<void>;
  /**
   * Called with a batch's MemberErased events, live or in catch-up, once the read models
   * dropped those members and before the checkpoint moves: purges their pending work.
   * Must be idempotent (a replay of the log calls it again).
   */
  onErased?: (erasures: readonly RecordedEvent[]) => Promise<void>;
  /**
   * Called with a batch's introduction events, live or in catch-up, once the read models
   * hold them and before the checkpoint moves: queues the workflow's emails and timers.
   * Must be idempotent (a replay of the log calls it again).
   */
  onIntroductionEvents?: (events: readonly RecordedEvent[], now: Date) => Promise<void>;
  /**
   * Called, live or in catch-up, with the members a batch registered that are still
   * unconfirmed at its end, before the checkpoint moves: plans their erasure timers.
   * Must be idempotent (a replay of the log calls it again).
   */
  onUnconfirmed?: (members: readonly { memberId: string; registeredAt: string }[]) => Promise<void>;
};

export type MatcherStats = { processed: number; position: number | null };

/**
 * The matcher: one subscription to the event log feeding the projections and the
 * matching engine, writing recommendation documents for the lists that changed.
 *
 * Catch-up works in batches: projections (idempotent by position) and the engine, then
 * the checkpoint; recommendation lists are published once at the end (a list changes
 * many times during a catch-up, so writing it every batch is wasted work). Live events
 * are then handled one by one, publishing exactly the lists they change.
 *
 * Crash safety without transactions: a second checkpoint records up to where the
 * published lists are complete. On restart the engine (pure, in memory) is replayed up
 * to the checkpoint, the rest is caught up, and if the lists were behind they are all
 * published again, so the read models converge to what a clean rebuild produces.
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
  /** Pairs left out of recommendations because of their introductions (DESIGN.md's hard filter). */
  private readonly pairs = new IntroductionPairs();
  /** Keeps members out of the engine until their address is confirmed (double opt-in). */
  readonly confirmations = new MemberConfirmationGate();
  /**
   * The lists last published, weakly: while the read-model store still holds them (the
   * in-memory one keeps the documents it is handed), the engine reuses their unchanged
   * entries instead of describing them again; a store that serialises lets them go.
   */
  private readonly publishedPartners = new Map<string, WeakRef<PartnerMatch[]>>();
  private readonly publishedProjects = new Map<string, WeakRef<ProjectMatch[]>>();
  /**
   * The missing-partner counts this process last wrote, per project (serialised): the engine
   * names a superset of the projects that may have changed, and most have not; writing only
   * the ones that did keeps a catch-up over MongoDB from writing thousands of equal documents.
   */
  private readonly publishedMissing = new Map<string, string>();
  /** Pairs whose exclusion may have changed since the engine was last told. */
  private readonly pairsToSync = new Map<string, { projectId: string; memberId: string }>();

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

  /** Restores, catches up, publishes, then follows the log live. */
  async start(): Promise<void> {
    await this.synchronise();
    if (this.stopped) return;
    this.subscription = this.events.subscribeToAll({ after: this.position }, async (event) => {
      const changes = await this.process([event]);
      await this.publish(changes);
      await this.saveCheckpoints(event.position);
    });
  }

  /**
   * Brings the read models up to the end of the log: engine restored to the checkpoint,
   * remaining events caught up, recommendation lists published if they are behind.
   */
  async synchronise(): Promise<void> {
    await this.ensureIndexes();
    await this.restore();
    const published = await this.readModels.checkpoints.get(this.publishedId);
    const caughtUp = await this.catchUp();
    if (this.stopped) return;
    // Restore and catch-up only loaded the engine: work every list out once, now.
    this.syncPairs();
    this.engine.settle();
    if (caughtUp > 0 || published !== this.position) {
      await this.publishAll();
      if (this.position !== null) await this.readModels.checkpoints.save(this.publishedId, this.position);
    } else {
      // The lists are up to date, but the engine follows a project's missing partners only
      // once asked for them (its tally): ask for every project's (the settle marked them all).
      await this.publishMissing([], this.clock());
    }
  }

  private get publishedId(): string {
    return `${this.subscriptionId}:recommendations`;
  }

  /** Rejects if live processing fails. */
  get done(): Promise<void> {
    return this.subscription?.done ?? Promise.resolve();
  }

  /** True once `stop()` was called: a failure from then on is part of shutting down. */
  get stopping(): boolean {
    return this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }

  /** Processes every stored event after the checkpoint (without publishing lists); resolves with how many. */
  private async catchUp(): Promise<number> {
    let count = 0;
    while (!this.stopped) {
      const page = await this.events.readAll({ after: this.position, maxCount: this.batchSize });
      if (page.length > 0) {
        await this.process(page, { settle: false });
        await this.readModels.checkpoints.save(this.subscriptionId, page[page.length - 1].position);
        count += page.length;
        // Give the event loop a turn between batches: in-memory stores resolve at once,
        // and a long catch-up must not starve HTTP requests, logs or a shutdown signal.
        await new Promise((resolve) => setImmediate(resolve));
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
      if (upTo.length > 0) {
        this.engine.load(this.confirmations.filter(upTo), this.clock());
        this.trackPairs(upTo);
      }
      if (upTo.length < page.length || page.length < this.batchSize) break;
      after = page[page.length - 1].position;
    }
    this.position = checkpoint;
  }

  /**
   * Projections and engine for a batch; an erased member's list goes at once. With
   * `settle: false` (catch-up) the engine only loads the batch and reports no change.
   */
  private async process(batch: readonly RecordedEvent[], options: { settle?: boolean } = {}): Promise<EngineChanges> {
    for (const projection of READ_MODEL_PROJECTIONS) {
      const mine = batch.filter((e) => projection.canHandle(e.type));
      if (mine.length > 0) await applyProjectionBatch(this.readModels.collection(projection.collection), projection, mine);
    }
    let changes: EngineChanges = { changedProjects: new Set(), changedMembers: new Set() };
    this.trackPairs(batch);
    const admitted = this.confirmations.filter(batch);
    if (options.settle === false) this.engine.load(admitted, this.clock());
    else {
      changes = this.engine.applyAll(admitted, this.clock());
      this.syncPairs(changes);
    }
    // Before erasures: emails this batch queues about a member it also erases are purged at once.
    if (this.options.onIntroductionEvents) {
      // Project lifecycle events too: pausing, resuming or closing a project cascades to its introductions.
      const introductions = batch.filter((e) => e.streamId.startsWith('introduction-') || isProjectLifecycleEvent(e));
      if (introductions.length > 0) await this.options.onIntroductionEvents(introductions, this.clock());
    }
    if (this.options.onUnconfirmed) {
      const unconfirmed = batch
        .filter((e) => e.type === 'MemberRegistered')
        .map((e) => (e.data as { memberId: string }).memberId)
        .flatMap((memberId) => {
          const pending = this.confirmations.unconfirmed.get(memberId);
          return pending ? [{ memberId, registeredAt: pending.registeredAt }] : [];
        });
      if (unconfirmed.length > 0) await this.options.onUnconfirmed(unconfirmed);
    }
    const erasures = batch.filter((e) => e.type === 'MemberErased');
    const erased = erasures.map((e) => (e.data as MemberErased['data']).memberId);
    if (erased.length > 0) {
      await this.readModels.collection(MEMBER_RECOMMENDATIONS).deleteMany(erased);
      for (const id of erased) {
        changes.changedMembers.delete(id);
        this.publishedProjects.delete(id);
      }
      await this.options.onErased?.(erasures);
    }
    const last = batch[batch.length - 1];
    this.position = last.position;
    this.processed += batch.length;
    this.options.onProgress?.(this.processed, last.position);
    return changes;
  }

  private trackPairs(batch: readonly RecordedEvent[]): void {
    for (const event of batch) {
      if (!event.streamId.startsWith('introduction-')) continue;
      const pair = this.pairs.apply(event);
      if (pair) this.pairsToSync.set(`${pair.projectId} ${pair.memberId}`, pair);
    }
  }

  /**
   * Tells the engine which pairs to leave out now: those whose introductions changed, and
   * those whose 90-day cool-down has just ended (checked at every batch, so it lapses with
   * the next event after it ends). Changes are merged into `into`.
   */
  private syncPairs(into?: EngineChanges): void {
    const now = this.clock();
    for (const pair of this.pairs.lapsed(now)) this.pairsToSync.set(`${pair.projectId} ${pair.memberId}`, pair);
    for (const { projectId, memberId } of this.pairsToSync.values()) {
      const changes = this.engine.setPairExcluded(projectId, memberId, this.pairs.excluded(projectId, memberId, now));
      for (const id of changes.changedProjects) into?.changedProjects.add(id);
      for (const id of changes.changedMembers) into?.changedMembers.add(id);
    }
    this.pairsToSync.clear();
  }

  private async saveCheckpoints(position: number): Promise<void> {
    await this.readModels.checkpoints.save(this.publishedId, position);
    await this.readModels.checkpoints.save(this.subscriptionId, position);
  }

  /** Every list: known projects (closed ones get an empty list) and members. */
  private async publishAll(): Promise<void> {
    const cards = await this.readModels.collection<{ projectId: string }>('project_cards').find({});
    const projects = new Set([...this.engine.projectIds(), ...cards.map((c) => c._id)]);
    const members = new Set(this.engine.memberIds());
    // Small chunks, each followed by a turn of the event loop: working lists out is
    // synchronous, and requests arriving meanwhile (503s during a catch-up) must not wait.
    const chunk = 25;
    const ids = { projects: [...projects].sort(), members: [...members].sort() };
    for (let i = 0; i < ids.projects.length; i += chunk) {
      await this.publish({ changedProjects: new Set(ids.projects.slice(i, i + chunk)), changedMembers: new Set() });
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let i = 0; i < ids.members.length; i += chunk) {
      await this.publish({ changedProjects: new Set(), changedMembers: new Set(ids.members.slice(i, i + chunk)) });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async publish(changes: EngineChanges): Promise<void> {
    const now = this.clock();
    const projects = [...changes.changedProjects].sort().map((projectId): ProjectRecommendations & { _id: string } => ({
      _id: projectId,
      projectId,
      partners: this.described(this.publishedPartners, projectId, (reuse) => this.engine.topPartners(projectId, { now, reuse })),
      referents: this.referentsOf(projectId),
    }));
    const members = [...changes.changedMembers].sort().map((memberId): MemberRecommendations & { _id: string } => ({
      _id: memberId,
      memberId,
      projects: this.described(this.publishedProjects, memberId, (reuse) => this.engine.topProjects(memberId, { now, reuse })),
    }));
    // Built here for the store alone (notifications only read them): handed over, not copied.
    const handOver = { handOver: true };
    if (projects.length > 0)
      await this.readModels.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).upsertMany(projects, handOver);
    if (members.length > 0) await this.readModels.collection<MemberRecommendations>(MEMBER_RECOMMENDATIONS).upsertMany(members, handOver);
    await this.publishMissing(changes.changedProjects, now);
    await this.options.onPublished?.(projects, members, now);
  }

  /**
   * Missing partners of the projects whose counts may have changed since the last call
   * (the engine keeps a superset: its list, its pairs, members of its area, the day) and of
   * `also`: written, or dropped once the project is closed.
   */
  private async publishMissing(also: Iterable<string>, now: Date): Promise<void> {
    const ids = [...new Set([...also, ...this.engine.missingPartnerChanges()])].sort();
    const collection = this.readModels.collection<ProjectMissingPartners>(PROJECT_MISSING_PARTNERS);
    // A project's first counts read its whole area (after a start every project is asked at
    // once): in slices of at most SLICE_MS of work, each followed by a turn of the event loop,
    // so that requests arriving meanwhile (the api shares the process under npm start) wait little.
    const SLICE_MS = 20;
    for (let i = 0; i < ids.length;) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const sliceStart = performance.now();
      const docs: (ProjectMissingPartners & { _id: string })[] = [];
      const gone: string[] = [];
      const written = new Map<string, string>();
      for (; i < ids.length && performance.now() - sliceStart < SLICE_MS; i++) {
        const id = ids[i];
        const missing = this.engine.missingPartners(id, { now });
        const serialised = missing ? JSON.stringify(missing) : '';
        // Unknown to this process (after a start) is written (or deleted) once.
        if (this.publishedMissing.get(id) === serialised) continue;
        written.set(id, serialised);
        if (missing) docs.push({ _id: id, ...missing });
        else gone.push(id);
      }
      if (docs.length > 0) await collection.upsertMany(docs, { handOver: true });
      if (gone.length > 0) await collection.deleteMany(gone);
      // Remembered once stored: a failed write is written again next time.
      for (const [id, serialised] of written) this.publishedMissing.set(id, serialised);
    }
  }

  private described<T extends object>(published: Map<string, WeakRef<T[]>>, id: string, describe: (reuse?: T[]) => T[]): T[] {
    const list = describe(published.get(id)?.deref());
    published.set(id, new WeakRef(list));
    return list;
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
    // A pair's introductions (one open at a time, cool-down) and a referent's inbox.
    await this.readModels.collection('introductions').ensureIndex(['projectId', 'memberId']);
    await this.readModels.collection('introductions').ensureIndex(['assignment.referentId', 'status']);
  }
}
