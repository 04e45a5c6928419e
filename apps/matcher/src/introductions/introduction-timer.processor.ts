import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import {
  type Assignment,
  createIntroductionDecider,
  type ExistingIntroductionState,
  type IntroductionCommand,
  InvalidStateError,
  isFinalIntroductionStatus,
  NotFoundError,
  NotYetDueError,
  RuleViolationError,
  streamId,
} from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore, handleCommand } from '@trame/event-store';
import { type IntroductionTimerJob, type IntroductionTimerJobResult, QUEUES } from '@trame/messaging';
import { type MemberProfile, type ProjectCard, READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { MatcherService } from '../matcher.service';
import { introductionDelaysOf } from './introduction-delays';
import { escalationTarget } from './introduction-escalation';

/** How soon a timer that fell due while its introduction was held looks again. */
export const HELD_RECHECK_MS = 3_600_000;

/**
 * Runs the workflow's timed commands when their delayed job falls due, in the matcher
 * (which holds the referents for escalation and the read models). The decider has the
 * last word: too early (a job planned before the deadline moved, e.g. expiry after
 * approval) goes back to the delayed set until the time it names; a step done already,
 * or an introduction that moved on, completes quietly; nothing is appended twice.
 */
@Processor(QUEUES.introductionTimers, { lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 3 })
export class IntroductionTimerProcessor extends WorkerHost {
  private readonly logger = new Logger('IntroductionTimers');
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(TRAME_CONFIG) config: TrameConfig,
    private readonly matcher: MatcherService,
  ) {
    super();
    this.decider = createIntroductionDecider(introductionDelaysOf(config));
  }

  async process(job: Job<IntroductionTimerJob>, token?: string): Promise<IntroductionTimerJobResult> {
    // Escalation asks the matching engine who covers the place: wait until it has caught up.
    await this.matcher.ready;
    const { introductionId, kind, level } = job.data;
    const stream = streamId('introduction', introductionId);
    const { state } = await aggregateStream(this.store, stream, this.decider);
    if (state.status === 'none') return { status: 'obsolete', reason: 'unknown-introduction' };
    if (isFinalIntroductionStatus(state.status)) return { status: 'obsolete', reason: state.status };
    if (state.heldSince !== undefined) {
      // Its project is paused. The reactor removed the pending timers when it was held; one
      // already running comes back later rather than completing, since a completed job would
      // keep its id and swallow the timer planned again at resume. Then the decider has the
      // last word again (not yet due: delayed to the moved deadline).
      await job.moveToDelayed(Date.now() + HELD_RECHECK_MS, token);
      throw new DelayedError();
    }
    if ((kind === 'remind-referent' || kind === 'escalate') && state.assignment.level !== level) {
      return { status: 'obsolete', reason: 'reassigned' };
    }
    // Nobody is reminded of, or handed, an introduction naming an erased person; expiry
    // still runs, so the introduction ends.
    if (kind !== 'expire' && (await this.partyErased(state))) return { status: 'skipped', reason: 'party-erased' };

    const command = await this.commandFor(job.data, state);
    try {
      const { newEvents } = await handleCommand(this.store, stream, this.decider, command);
      if (newEvents.length === 0) return { status: 'already-done' };
      this.logger.log(`${job.id}: ${newEvents.map((e) => e.type).join(', ')}`);
      return { status: 'done', events: newEvents.length };
    } catch (error) {
      if (error instanceof NotYetDueError) {
        // Back to the delayed set until the decider's own deadline, without using an attempt.
        await job.moveToDelayed(Math.max(Date.parse(error.dueAt), Date.now()), token);
        throw new DelayedError();
      }
      if (error instanceof InvalidStateError || error instanceof NotFoundError) return { status: 'obsolete', reason: error.message };
      if (error instanceof RuleViolationError) throw new UnrecoverableError(`${job.id}: ${error.message}`);
      throw error;
    }
  }

  private async commandFor(job: IntroductionTimerJob, state: ExistingIntroductionState): Promise<IntroductionCommand> {
    const data = { introductionId: job.introductionId };
    const metadata = { now: new Date() };
    switch (job.kind) {
      case 'remind-referent':
        return { type: 'RemindReferent', data, metadata };
      case 'escalate':
        return { type: 'EscalateIntroduction', data: { ...data, to: await this.escalationTarget(state) }, metadata };
      case 'remind-party':
        return { type: 'RemindParty', data, metadata };
      case 'expire':
        return { type: 'ExpireIntroduction', data, metadata };
    }
  }

  /** The enclosing territory's referent of the project's place, as the matcher knows it now. */
  private async escalationTarget(state: ExistingIntroductionState): Promise<Assignment> {
    const card = await this.readModels.collection<ProjectCard>('project_cards').get(state.projectId);
    const chain = card ? this.matcher.matcher.engine.referentChainFor(card.location, { themes: card.themes }) : [];
    return escalationTarget(chain, state.assignment);
  }

  /** Profiles are dropped at erasure: a missing one is a person gone. */
  private async partyErased(state: ExistingIntroductionState): Promise<boolean> {
    const found = await this.readModels.collection<MemberProfile>('member_profiles').getMany([state.holderId, state.memberId]);
    return found.length < 2;
  }
}
