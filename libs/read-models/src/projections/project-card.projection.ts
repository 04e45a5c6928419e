import type { Need, ProjectDetails, ProjectEvent, ProjectCloseReason, ProjectKind, ProjectStage } from '@trame/domain';
import type { Projection } from '../projection';
import { geoCell, type LocationView, locationView } from './territory-view';

export type NeedView = { role: string; skills: string[]; hoursPerWeek?: number; count?: number };

/** Everything public about a project, for GET /v1/projects and the matcher. */
export type ProjectCard = {
  projectId: string;
  holderId: string;
  title: string;
  summary: string;
  description?: string;
  kind: ProjectKind;
  themes: string[];
  location: LocationView;
  /** Grid cell of the location, for "projects near" queries (see geoCellsAround). */
  geoCell: string;
  radiusKm: number;
  remoteFriendly: boolean;
  stage: ProjectStage;
  needs: NeedView[];
  status: 'active' | 'paused' | 'closed';
  pauseReason?: string;
  closeReason?: ProjectCloseReason;
  closeNote?: string;
  proposedAt: string;
  updatedAt: string;
  pausedAt?: string;
  closedAt?: string;
};

// A Record, so a new event type of the aggregate does not compile until it is decided on here.
const PROJECT_CARD_EVENTS: Record<ProjectEvent['type'], true> = {
  ProjectProposed: true,
  ProjectRevised: true,
  ProjectNeedsChanged: true,
  ProjectPaused: true,
  ProjectResumed: true,
  ProjectClosed: true,
};

const needView = (need: Need): NeedView => ({
  role: need.role,
  skills: [...need.skills],
  hoursPerWeek: need.hoursPerWeek,
  count: need.count,
});

/** Only the details present in the revision, each copied explicitly. */
function revise(card: ProjectCard, changes: Partial<ProjectDetails>): ProjectCard {
  const next = { ...card };
  if (changes.title !== undefined) next.title = changes.title;
  if (changes.summary !== undefined) next.summary = changes.summary;
  if (changes.description !== undefined) next.description = changes.description;
  if (changes.kind !== undefined) next.kind = changes.kind;
  if (changes.themes !== undefined) next.themes = [...changes.themes];
  if (changes.location !== undefined) {
    next.location = locationView(changes.location);
    next.geoCell = geoCell(changes.location.lat, changes.location.lon);
  }
  if (changes.radiusKm !== undefined) next.radiusKm = changes.radiusKm;
  if (changes.remoteFriendly !== undefined) next.remoteFriendly = changes.remoteFriendly;
  if (changes.stage !== undefined) next.stage = changes.stage;
  return next;
}

export const projectCardProjection: Projection<ProjectCard> = {
  name: 'project-card',
  collection: 'project_cards',
  canHandle: (type) => Object.hasOwn(PROJECT_CARD_EVENTS, type),
  id: (event) => (event as ProjectEvent).data.projectId,
  evolve: (doc, event) => {
    const e = event as ProjectEvent;
    if (e.type === 'ProjectProposed') {
      const d = e.data;
      return {
        projectId: d.projectId,
        holderId: d.holderId,
        title: d.title,
        summary: d.summary,
        description: d.description,
        kind: d.kind,
        themes: [...d.themes],
        location: locationView(d.location),
        geoCell: geoCell(d.location.lat, d.location.lon),
        radiusKm: d.radiusKm,
        remoteFriendly: d.remoteFriendly,
        stage: d.stage,
        needs: d.needs.map(needView),
        status: 'active',
        proposedAt: d.proposedAt,
        updatedAt: d.proposedAt,
      };
    }
    // Nothing to update without the proposal (never happens in a consistent log).
    if (!doc) return null;
    const { _id, _position, ...card } = doc;
    switch (e.type) {
      case 'ProjectRevised':
        return { ...revise(card, e.data.changes), updatedAt: e.data.revisedAt };
      case 'ProjectNeedsChanged':
        return { ...card, needs: e.data.needs.map(needView), updatedAt: e.data.changedAt };
      case 'ProjectPaused':
        return { ...card, status: 'paused', pauseReason: e.data.reason, pausedAt: e.data.pausedAt, updatedAt: e.data.pausedAt };
      case 'ProjectResumed': {
        const { pauseReason: _pauseReason, pausedAt: _pausedAt, ...rest } = card;
        return { ...rest, status: 'active', updatedAt: e.data.resumedAt };
      }
      case 'ProjectClosed':
        return {
          ...card,
          status: 'closed',
          closeReason: e.data.reason,
          closeNote: e.data.note,
          closedAt: e.data.closedAt,
          updatedAt: e.data.closedAt,
        };
      default:
        return card;
    }
  },
};
