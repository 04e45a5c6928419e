import { Inject, Injectable, Logger } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  type IntroductionCommand,
  introductionDecider,
  type MemberErased,
  OPEN_INTRODUCTION_STATUSES,
  type ProjectCommand,
  projectDecider,
  streamId,
} from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore, handleCommand, type RecordedEvent } from '@trame/event-store';
import { INTRODUCTIONS, type IntroductionView, type ProjectCard, READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { isLifecycleEvent, type LifecycleCommand, lifecycleCommands } from './introduction-lifecycle.policy';

/** Namespace of the event ids of cascaded commands: one id per (cause, target stream, index). */
const CASCADE_NAMESPACE = '3f6c1a2e-9b4d-4c8e-a7f1-2d5e8b9c0a46';

/**
 * What depends on a project or a member follows its lifecycle (issue 14, items 1 and 2):
 * a paused project holds its open introductions and a resumed one lets them go on; a
 * closed project ends them; an erased member's projects close (`holder-erased`) and their
 * open introductions end (`party-erased`), the other side told by the introduction emails.
 *
 * Runs on the matcher's subscription, catch-up and live alike. Idempotent: a project event
 * is reconciled with the project's current state read from its stream (so replaying an old
 * pause of a project since resumed holds nothing), every command decides nothing when
 * already applied, and event ids derive from the cause, so a retry appends nothing twice.
 */
@Injectable()
export class IntroductionLifecycle {
  private readonly logger = new Logger('IntroductionLifecycle');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  /** `events` may hold any event types; resolves with how many events the cascade appended. */
  async react(events: readonly RecordedEvent[], now: Date): Promise<number> {
    let appended = 0;
    for (const event of events) {
      if (!isLifecycleEvent(event)) continue;
      for (const command of await this.commandsFor(event)) appended += await this.send(command, event, now);
    }
    if (appended > 0) this.logger.log(`${appended} lifecycle events appended`);
    return appended;
  }

  private async commandsFor(event: RecordedEvent): Promise<LifecycleCommand[]> {
    const introductions = this.readModels.collection<IntroductionView>(INTRODUCTIONS);
    const open = { $in: [...OPEN_INTRODUCTION_STATUSES] };
    if (event.type === 'MemberErased') {
      const { memberId } = event.data as MemberErased['data'];
      const [asMember, asHolder, projects] = await Promise.all([
        introductions.find({ memberId, status: open }),
        introductions.find({ holderId: memberId, status: open }),
        this.readModels.collection<ProjectCard>('project_cards').find({ holderId: memberId, status: { $in: ['active', 'paused'] } }),
      ]);
      return lifecycleCommands({
        kind: 'member-erased',
        memberId,
        openIntroductionIds: [...asMember, ...asHolder].map((i) => i.introductionId),
        projectIds: projects.map((p) => p.projectId),
      });
    }
    const { projectId } = event.data as { projectId: string };
    const [{ state }, pending] = await Promise.all([
      aggregateStream(this.store, streamId('project', projectId), projectDecider),
      introductions.find({ projectId, status: open }),
    ]);
    return lifecycleCommands({ kind: 'project', project: state, openIntroductionIds: pending.map((i) => i.introductionId) });
  }

  private async send(command: LifecycleCommand, cause: RecordedEvent, now: Date): Promise<number> {
    const metadata = { now };
    const target = command.aggregate === 'project' ? streamId('project', command.id) : streamId('introduction', command.id);
    const options = { eventId: (i: number) => uuidv5(`${cause.eventId}:${target}:${i}`, CASCADE_NAMESPACE) };
    // Only what this call appended counts: a replay of the same cause returns its events again.
    const appended = (result: { newEvents: readonly unknown[]; replayed?: true }) => (result.replayed ? 0 : result.newEvents.length);
    try {
      if (command.aggregate === 'project') {
        const projectCommand: ProjectCommand = { ...command.command, metadata };
        return appended(await handleCommand(this.store, target, projectDecider, projectCommand, options));
      }
      const introductionCommand: IntroductionCommand = { ...command.command, metadata };
      return appended(await handleCommand(this.store, target, introductionDecider, introductionCommand, options));
    } catch (error) {
      // One stream refusing (a log inconsistency) must not stop the subscription: say so, go on.
      this.logger.warn(`${target}: ${command.command.type} not applied (${(error as Error).message})`);
      return 0;
    }
  }
}
