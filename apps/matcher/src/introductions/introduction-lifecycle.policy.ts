import type {
  CloseProjectOfErasedHolder,
  EndIntroduction,
  HoldIntroduction,
  ProjectEvent,
  ProjectState,
  ResumeIntroduction,
} from '@trame/domain';

const PROJECT_LIFECYCLE: ReadonlySet<string> = new Set<ProjectEvent['type']>(['ProjectPaused', 'ProjectResumed', 'ProjectClosed']);

/** A project paused, resumed or closed: its introductions follow. */
export const isProjectLifecycleEvent = (event: Readonly<{ type: string }>): boolean => PROJECT_LIFECYCLE.has(event.type);

/** Whether the lifecycle cascade looks at this event (a project's lifecycle, or a member erased). */
export const isLifecycleEvent = (event: Readonly<{ type: string }>): boolean =>
  isProjectLifecycleEvent(event) || event.type === 'MemberErased';

type Data<C extends { type: string; data: object }> = Readonly<{ type: C['type']; data: C['data'] }>;

/** A command of the cascade, without its time (the caller stamps it). */
export type LifecycleCommand =
  | Readonly<{ aggregate: 'introduction'; id: string; command: Data<HoldIntroduction> | Data<ResumeIntroduction> | Data<EndIntroduction> }>
  | Readonly<{ aggregate: 'project'; id: string; command: Data<CloseProjectOfErasedHolder> }>;

export type LifecycleFacts =
  /** A project paused, resumed or closed: its current state and its open introductions. */
  | Readonly<{ kind: 'project'; project: ProjectState; openIntroductionIds: readonly string[] }>
  /** A member erased: their open introductions (either side) and the projects they hold still open. */
  | Readonly<{ kind: 'member-erased'; memberId: string; openIntroductionIds: readonly string[]; projectIds: readonly string[] }>;

/**
 * What a lifecycle event asks of the streams that depend on it. Pure. A project's
 * introductions follow its current state (paused: held; active: resumed; closed: ended);
 * an erased member's introductions end first, so their other side hears "the other person
 * left" rather than "the project closed", then their projects close.
 */
export function lifecycleCommands(facts: LifecycleFacts): LifecycleCommand[] {
  const ids = [...new Set(facts.openIntroductionIds)];
  if (facts.kind === 'member-erased') {
    return [
      ...ids.map((id): LifecycleCommand => ({
        aggregate: 'introduction',
        id,
        command: { type: 'EndIntroduction', data: { introductionId: id, reason: 'party-erased', erasedPartyId: facts.memberId } },
      })),
      ...[...new Set(facts.projectIds)].map((id): LifecycleCommand => ({
        aggregate: 'project',
        id,
        command: { type: 'CloseProjectOfErasedHolder', data: { projectId: id, holderId: facts.memberId } },
      })),
    ];
  }
  const { project } = facts;
  if (project.status === 'none') return [];
  return ids.map((id): LifecycleCommand => {
    const introductionId = id;
    switch (project.status) {
      case 'paused':
        return { aggregate: 'introduction', id, command: { type: 'HoldIntroduction', data: { introductionId } } };
      case 'active':
        return { aggregate: 'introduction', id, command: { type: 'ResumeIntroduction', data: { introductionId } } };
      case 'closed':
        return { aggregate: 'introduction', id, command: { type: 'EndIntroduction', data: { introductionId, reason: 'project-closed' } } };
    }
  });
}
