import type { Command } from '../shared/decider';
import type { CloseReason } from '../shared/vocabulary';
import type { Need, ProjectDetails } from './project.events';

export type ProposeProject = Command<'ProposeProject', ProjectDetails & { projectId: string; holderId: string; needs: readonly Need[] }>;
/** A PATCH: any subset of the details and/or a new list of needs. */
export type ReviseProject = Command<'ReviseProject', { projectId: string; changes: Partial<ProjectDetails>; needs?: readonly Need[] }>;
export type PauseProject = Command<'PauseProject', { projectId: string; reason?: string }>;
export type ResumeProject = Command<'ResumeProject', { projectId: string }>;
export type CloseProject = Command<'CloseProject', { projectId: string; reason: CloseReason; note?: string }>;

/** Issued by the matcher when the holder is erased: closes the project as `holder-erased` (idempotent). */
export type CloseProjectOfErasedHolder = Command<'CloseProjectOfErasedHolder', { projectId: string; holderId: string }>;

export type ProjectCommand = ProposeProject | ReviseProject | PauseProject | ResumeProject | CloseProject | CloseProjectOfErasedHolder;
