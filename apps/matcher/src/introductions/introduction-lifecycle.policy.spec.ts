import type { ProjectState } from '@trame/domain';
import { isLifecycleEvent, isProjectLifecycleEvent, lifecycleCommands } from './introduction-lifecycle.policy';

const a = '0b7e2c1a-4d3f-4e5a-9b6c-7d8e9f0a1b2c';
const b = '1c8f3d2b-5e4a-4f6b-8c7d-8e9f0a1b2c3d';
const projectId = '2d9a4e3c-6f5b-4a7c-9d8e-9f0a1b2c3d4e';
const memberId = '3e0b5f4d-7a6c-4b8d-ae9f-0a1b2c3d4e5f';
// The cascade reads the project's status only.
const project = (status: ProjectState['status']) => ({ status }) as ProjectState;

describe('lifecycleCommands', () => {
  it.each([
    ['paused', 'HoldIntroduction', {}],
    ['active', 'ResumeIntroduction', {}],
    ['closed', 'EndIntroduction', { reason: 'project-closed' }],
  ] as const)('given a project now %s, its open introductions get %s', (status, type, extra) => {
    expect(lifecycleCommands({ kind: 'project', project: project(status), openIntroductionIds: [a, b, a] })).toEqual(
      [a, b].map((id) => ({ aggregate: 'introduction', id, command: { type, data: { introductionId: id, ...extra } } })),
    );
  });

  it('given an unknown project, nothing', () => {
    expect(lifecycleCommands({ kind: 'project', project: project('none'), openIntroductionIds: [a] })).toEqual([]);
  });

  it('given an erased member, their introductions end first (party-erased), then their projects close', () => {
    expect(lifecycleCommands({ kind: 'member-erased', memberId, openIntroductionIds: [a], projectIds: [projectId] })).toEqual([
      {
        aggregate: 'introduction',
        id: a,
        command: { type: 'EndIntroduction', data: { introductionId: a, reason: 'party-erased', erasedPartyId: memberId } },
      },
      { aggregate: 'project', id: projectId, command: { type: 'CloseProjectOfErasedHolder', data: { projectId, holderId: memberId } } },
    ]);
  });

  it('looks at project pauses, resumptions and closures and at erasures only', () => {
    expect(['ProjectPaused', 'ProjectResumed', 'ProjectClosed'].every((type) => isProjectLifecycleEvent({ type }))).toBe(true);
    expect(isProjectLifecycleEvent({ type: 'MemberErased' })).toBe(false);
    expect(isLifecycleEvent({ type: 'MemberErased' })).toBe(true);
    expect(isLifecycleEvent({ type: 'ProjectRevised' })).toBe(false);
  });
});
