import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
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
  streamId,
} from '@trame/domain';
import { EVENT_STORE, type EventStore, handleCommand, type HandleCommandOptions, type HandleCommandResult } from '@trame/event-store';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';

/*
 * @nestjs/cqrs as a thin shell: each handler only calls the generic handleCommand with
 * its aggregate's decider. The in-process event bus is never used (the event store is
 * the only source of truth; the matcher subscribes to it).
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
  execute({ command, options }: ExecuteProjectCommand) {
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

/** The introduction decider with the configured delays (shortened in tests). */
@CommandHandler(ExecuteIntroductionCommand)
export class IntroductionCommandHandler implements ICommandHandler<ExecuteIntroductionCommand> {
  private readonly decider: ReturnType<typeof createIntroductionDecider>;
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRAME_CONFIG) config: TrameConfig,
  ) {
    this.decider = createIntroductionDecider({
      remindReferentMs: config.INTRODUCTION_REMIND_REFERENT_MS,
      escalateMs: config.INTRODUCTION_ESCALATE_MS,
      remindPartyMs: config.INTRODUCTION_REMIND_PARTY_MS,
      expireMs: config.INTRODUCTION_EXPIRE_MS,
    });
  }
  execute({ command, options }: ExecuteIntroductionCommand) {
    return handleCommand(this.store, streamId('introduction', command.data.introductionId), this.decider, command, options);
  }
}

export const DOMAIN_COMMAND_HANDLERS = [ProjectCommandHandler, MemberCommandHandler, ReferentCommandHandler, IntroductionCommandHandler];
