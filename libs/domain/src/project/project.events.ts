import type { Event } from '../shared/decider';
import type { ResolvedLocation } from '../shared/places';
import type { ProjectCloseReason, ProjectKind, ProjectStage } from '../shared/vocabulary';

export type Need = Readonly<{
  role: string;
  skills: readonly string[];
  hoursPerWeek?: number;
  count?: number;
}>;

/** The revisable description of a project (everything but its needs and lifecycle). */
export type ProjectDetails = Readonly<{
  title: string;
  summary: string;
  description?: string;
  kind: ProjectKind;
  themes: readonly string[];
  location: ResolvedLocation;
  radiusKm: number;
  remoteFriendly: boolean;
  stage: ProjectStage;
}>;

export type ProjectProposed = Event<
  'ProjectProposed',
  ProjectDetails & { projectId: string; holderId: string; needs: readonly Need[]; proposedAt: string }
>;
export type ProjectRevised = Event<'ProjectRevised', { projectId: string; changes: Partial<ProjectDetails>; revisedAt: string }>;
export type ProjectNeedsChanged = Event<'ProjectNeedsChanged', { projectId: string; needs: readonly Need[]; changedAt: string }>;
export type ProjectPaused = Event<'ProjectPaused', { projectId: string; reason?: string; pausedAt: string }>;
export type ProjectResumed = Event<'ProjectResumed', { projectId: string; resumedAt: string }>;
export type ProjectClosed = Event<'ProjectClosed', { projectId: string; reason: ProjectCloseReason; note?: string; closedAt: string }>;

export type ProjectEvent = ProjectProposed | ProjectRevised | ProjectNeedsChanged | ProjectPaused | ProjectResumed | ProjectClosed;

export const PROJECT_EVENT_TYPES: readonly ProjectEvent['type'][] = [
  'ProjectProposed',
  'ProjectRevised',
  'ProjectNeedsChanged',
  'ProjectPaused',
  'ProjectResumed',
  'ProjectClosed',
];
