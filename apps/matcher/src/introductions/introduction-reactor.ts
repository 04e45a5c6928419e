import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { INTRODUCTION_EVENT_TYPES, type IntroductionDelays, introductionDecider, type IntroductionEvent, streamId } from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore, type RecordedEvent } from '@trame/event-store';
import {
  emailRetryPolicy,
  type EmailRetryPolicy,
  introductionEmailJobOptions,
  type IntroductionEmailJob,
  type IntroductionEmailJobResult,
  IntroductionRecords,
  type IntroductionTimerJob,
  type IntroductionTimerJobResult,
  introductionTimerJobOptions,
  NotificationRecords,
  QUEUES,
} from '@trame/messaging';
import { type MemberProfile, type ProjectCard, READ_MODEL_STORE, type ReadModelStore, type ReferentView } from '@trame/read-models';
import { introductionDelaysOf } from './introduction-delays';
import { decideIntroductionEffects, type IntroductionEffects, type RevisionedIntroductionEvent } from './introduction-effects';

export type IntroductionEmailQueue = Queue<IntroductionEmailJob, IntroductionEmailJobResult>;
export type IntroductionTimerQueue = Queue<IntroductionTimerJob, IntroductionTimerJobResult>;

const INTRODUCTION_TYPES: ReadonlySet<string> = new Set(INTRODUCTION_EVENT_TYPES);

export const isIntroductionEvent = (event: Pick<RecordedEvent, 'type'>): boolean => INTRODUCTION_TYPES.has(event.type);

export type IntroductionReaction = {
  /** Introductions whose new events were reacted to now. */
  introductions: number;
  /** Introductions whose events were all reacted to before (a replay): nothing read, nothing queued. */
  alreadyReacted: number;
  emails: number;
  timers: number;
};

/**
 * The introduction side of the matcher's subscription: for each batch of introduction
 * events (catch-up and live alike) it queues the emails of the steps and the delayed jobs
 * of the next deadlines, all idempotently:
 *
 * - a Redis record of the revision each introduction was reacted up to: a replay of the
 *   log (every boot with in-memory read models, `npm run rebuild`) is one HMGET per batch;
 * - emails: job id = fact id, and facts already sent or skipped are not queued again;
 * - timers: one job id per step and assignment level, planned from the stream's latest
 *   state (read at reaction time), so a finished introduction gets none and the ones it
 *   no longer needs are removed.
 *
 * The record is written last: a crash before it reacts again on restart, which adds
 * nothing that exists already.
 */
@Injectable()
export class IntroductionReactor {
  private readonly logger = new Logger('Introductions');
  readonly delays: IntroductionDelays;
  private readonly retry: EmailRetryPolicy;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(TRAME_CONFIG) config: TrameConfig,
    private readonly records: IntroductionRecords,
    private readonly notifications: NotificationRecords,
    @InjectQueue(QUEUES.introductionEmail) private readonly emailQueue: IntroductionEmailQueue,
    @InjectQueue(QUEUES.introductionTimers) private readonly timerQueue: IntroductionTimerQueue,
  ) {
    this.delays = introductionDelaysOf(config);
    this.retry = emailRetryPolicy(config);
  }

  /** `events` may hold any event types; only introduction events are looked at. */
  async react(events: readonly RecordedEvent[], now: Date): Promise<IntroductionReaction> {
    const reaction: IntroductionReaction = { introductions: 0, alreadyReacted: 0, emails: 0, timers: 0 };
    const upTo = new Map<string, number>();
    for (const event of events) {
      if (!isIntroductionEvent(event)) continue;
      const id = (event.data as IntroductionEvent['data']).introductionId;
      upTo.set(id, Math.max(upTo.get(id) ?? -1, event.revision));
    }
    if (upTo.size === 0) return reaction;

    const reacted = await this.records.reactedRevisions([...upTo.keys()]);
    const todo = [...upTo].filter(([id, revision]) => revision > (reacted.get(id) ?? -1));
    reaction.alreadyReacted = upTo.size - todo.length;
    if (todo.length === 0) return reaction;

    const streams = new Map<string, RevisionedIntroductionEvent[]>();
    for (const [id] of todo) {
      const { events: stored } = await aggregateStream(this.store, streamId('introduction', id), introductionDecider);
      streams.set(id, [...stored]);
    }
    const names = await this.namesOf([...streams.values()]);

    const planned: IntroductionEffects[] = todo.map(([id, revision]) =>
      decideIntroductionEffects({
        stream: streams.get(id)!,
        reactedUpTo: reacted.get(id) ?? -1,
        upTo: revision,
        names,
        now,
        delays: this.delays,
      }),
    );
    const emails = planned.flatMap((p) => p.emails);
    const settled = await this.notifications.settledAmong(emails.map((e) => e.factId));
    const fresh = emails.filter((e) => !settled.has(e.factId));
    if (fresh.length > 0) {
      await this.emailQueue.addBulk(
        fresh.map((job) => ({ name: job.step, data: job, opts: introductionEmailJobOptions(job.factId, this.retry) })),
      );
    }
    const timers = planned.flatMap((p) => p.timers);
    if (timers.length > 0) {
      await this.timerQueue.addBulk(timers.map((job) => ({ name: job.kind, data: job, opts: introductionTimerJobOptions(job, now) })));
    }
    for (const id of planned.flatMap((p) => p.cancelTimers)) await this.cancelTimer(id);

    await this.records.markReacted(new Map(todo));
    reaction.introductions = todo.length;
    reaction.emails = fresh.length;
    reaction.timers = timers.length;
    if (fresh.length > 0) this.logger.log(`${fresh.length} introduction emails queued for ${todo.length} introductions`);
    return reaction;
  }

  /**
   * A timer that can no longer fall due, if still pending. Finished ones stay (a day, for
   * the dashboard); one held by a worker right now completes on its own as a no-op.
   */
  private async cancelTimer(jobId: string): Promise<void> {
    const state = await this.timerQueue.getJobState(jobId);
    if (state !== 'delayed' && state !== 'waiting' && state !== 'prioritized') return;
    try {
      await this.timerQueue.remove(jobId);
    } catch {
      // Taken by a worker meanwhile.
    }
  }

  /** Project titles and first names (members, holders, referents) the emails name. */
  private async namesOf(streams: readonly RevisionedIntroductionEvent[][]) {
    const projects = new Set<string>();
    const people = new Set<string>();
    for (const stream of streams) {
      for (const event of stream) {
        if (event.type === 'IntroductionRequested') {
          projects.add(event.data.projectId);
          people.add(event.data.holderId).add(event.data.memberId);
          if (event.data.assignment.level !== 'admin') people.add(event.data.assignment.referentId);
        } else if (event.type === 'IntroductionEscalated') {
          for (const a of [event.data.from, event.data.to]) if (a.level !== 'admin') people.add(a.referentId);
        }
      }
    }
    const ids = [...people];
    const [cards, members, referents] = await Promise.all([
      this.readModels.collection<ProjectCard>('project_cards').getMany([...projects]),
      this.readModels.collection<MemberProfile>('member_profiles').getMany(ids),
      this.readModels.collection<ReferentView>('referents').getMany(ids),
    ]);
    return {
      projectTitles: new Map(cards.map((c) => [c._id, c.title])),
      firstNames: new Map<string, string>([
        ...members.map((m) => [m._id, m.firstName] as const),
        ...referents.map((r) => [r._id, r.firstName] as const),
      ]),
    };
  }
}
