import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  assertActiveHolder,
  assertIntroductionMayBeRequested,
  assertProjectAllowsIntroductionStep,
  createIntroductionDecider,
  type IntroductionCommand,
  type IntroductionEvent,
  type IntroductionState,
  memberDecider,
  type MemberCommand,
  type MemberEvent,
  type MemberState,
  projectDecider,
  type ProjectCommand,
  type ProjectEvent,
  type ProjectState,
  referentDecider,
  type ReferentCommand,
  type ReferentEvent,
  type ReferentState,
  type RequestIntroduction,
  streamId,
} from '@trame/domain';
import {
  aggregateStream,
  EVENT_STORE,
  type EventStore,
  handleCommand,
  type HandleCommandOptions,
  type HandleCommandResult,
} from '@trame/event-store';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { INTRODUCTIONS, type IntroductionView, READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { IntroductionQueries } from '../introductions/introduction-queries';

/*
 * @nestjs/cqrs as a thin shell: each handler calls the generic handleCommand with its
 * aggregate's decider, after the domain's cross-stream policies for the commands that have
 * one (a project's holder must be an active member; a request needs an active project and
 * member and a pair that may be asked for), with the facts read here at decision time.
 * The in-process event bus is never used (the event store is the only source of truth;
 * the matcher subscribes to it).
 */

export class ExecuteProjectCommand extends Command<HandleCommandResult<ProjectState, ProjectEvent>> {
  constructor(
    readonly command: ProjectCommand,
    readonly options: HandleCommandOptions = {},
  ) {
    super();
  }
}

export class ExecuteMemberCommand extends Command<HandleCommandResult<MemberState, MemberEvent>> {
  constructor(
    readonly command: MemberCommand,
    readonly options: HandleCommandOptions = {},
  ) {
    super();
  }
}

export class ExecuteReferentCommand extends Command<HandleCommandResult<ReferentState, ReferentEvent>> {
  constructor(
    readonly command: ReferentCommand,
    readonly options: HandleCommandOptions = {},
  ) {
    super();
  }
}

export class ExecuteIntroductionCommand extends Command<HandleCommandResult<IntroductionState, IntroductionEvent>> {
  constructor(
    readonly command: IntroductionCommand,
    readonly options: HandleCommandOptions = {},
  ) {
    super();
  }
}

@CommandHandler(ExecuteProjectCommand)
export class ProjectCommandHandler implements ICommandHandler<ExecuteProjectCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ command, options }: ExecuteProjectCommand) {
    if (command.type === 'ProposeProject') {
      assertActiveHolder((await aggregateStream(this.store, streamId('member', command.data.holderId), memberDecider)).state);
    }
    return handleCommand(this.store, streamId('project', command.data.projectId), projectDecider, command, options);
  }
}

@CommandHandler(ExecuteMemberCommand)
export class MemberCommandHandler implements ICommandHandler<ExecuteMemberCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute({ command, options }: ExecuteMemberCommand) {
    return handleCommand(this.store, streamId('member', command.data.memberId), memberDecider, command, options);
  }
}

@CommandHandler(ExecuteReferentCommand)
export class ReferentCommandHandler implements ICommandHandler<ExecuteReferentCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute({ command, options }: ExecuteReferentCommand) {
    return handleCommand(this.store, streamId('referent', command.data.referentId), referentDecider, command, options);
  }
}

/** The steps people take (the timers are the matcher's): they wait while the project is paused, and end with it. */
const DECISIONS: ReadonlySet<IntroductionCommand['type']> = new Set([
  'ApproveIntroduction',
  'DeclineIntroduction',
  'AcceptIntroduction',
  'RefuseIntroduction',
] as const);

/** The introduction decider with the configured delays (shortened in tests). */
@CommandHandler(ExecuteIntroductionCommand)
export class IntroductionCommandHandler implements ICommandHandler<ExecuteIntroductionCommand> {
  private readonly decider: ReturnType<typeof createIntroductionDecider>;
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(TRAME_CONFIG) config: TrameConfig,
  ) {
    this.decider = createIntroductionDecider({
      remindReferentMs: config.INTRODUCTION_REMIND_REFERENT_MS,
      escalateMs: config.INTRODUCTION_ESCALATE_MS,
      remindPartyMs: config.INTRODUCTION_REMIND_PARTY_MS,
      expireMs: config.INTRODUCTION_EXPIRE_MS,
    });
  }
  async execute({ command, options }: ExecuteIntroductionCommand) {
    const stream = streamId('introduction', command.data.introductionId);
    if (command.type === 'RequestIntroduction') await this.assertMayBeRequested(command);
    else if (DECISIONS.has(command.type)) {
      // Read from the project's stream: holds before the matcher has held or ended the introduction.
      const { state } = await aggregateStream(this.store, stream, this.decider);
      if (state.status !== 'none') {
        assertProjectAllowsIntroductionStep(
          (await aggregateStream(this.store, streamId('project', state.projectId), projectDecider)).state,
        );
      }
    }
    return handleCommand(this.store, stream, this.decider, command, options);
  }

  /** The project and member from their streams, the pair's history from the read model (its id guards against a lag). */
  private async assertMayBeRequested({ data, metadata }: RequestIntroduction): Promise<void> {
    const [project, member, pair] = await Promise.all([
      aggregateStream(this.store, streamId('project', data.projectId), projectDecider),
      aggregateStream(this.store, streamId('member', data.memberId), memberDecider),
      this.readModels
        .collection<IntroductionView>(INTRODUCTIONS)
        .find({ projectId: data.projectId, memberId: data.memberId }, { sort: { requestedAt: 1 } }),
    ]);
    assertIntroductionMayBeRequested({
      project: project.state,
      member: member.state,
      pair: IntroductionQueries.pairHistory(pair),
      now: metadata.now,
    });
  }
}

export const DOMAIN_COMMAND_HANDLERS = [ProjectCommandHandler, MemberCommandHandler, ReferentCommandHandler, IntroductionCommandHandler];
