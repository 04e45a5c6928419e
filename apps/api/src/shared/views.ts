import type { MemberState, ProjectState, ReferentState } from '@trame/domain';
import { NotFoundError } from '@trame/domain';

/*
 * What the write endpoints answer: the aggregate's state after the command, without any
 * personal data (the sealed `pii` never leaves the server).
 */

export const memberView = (state: MemberState, memberId: string) => {
  if (state.status === 'none') throw new NotFoundError('member', memberId);
  if (state.status === 'erased') return { id: state.memberId, status: state.status, erasedAt: state.erasedAt };
  const { pii: _pii, emailChange: _emailChange, memberId: id, ...rest } = state;
  return { id, ...rest };
};

export const projectView = (state: ProjectState, projectId: string) => {
  if (state.status === 'none') throw new NotFoundError('project', projectId);
  const { projectId: id, details, ...rest } = state;
  return { id, ...details, ...rest };
};

export const referentView = (state: ReferentState, referentId: string) => {
  if (state.status === 'none') throw new NotFoundError('referent', referentId);
  const { pii: _pii, referentId: id, ...rest } = state;
  return { id, ...rest };
};

/** The part of a display name shown to others. */
export const firstNameOf = (displayName: string): string => displayName.trim().split(/\s+/)[0] ?? '';
