import type {
  Availability,
  MemberEvent,
  Need,
  ProjectEvent,
  ProjectKind,
  ProjectStage,
  ReferentEvent,
  ResolvedLocation,
  ResolvedTerritory,
} from '@trame/domain';
import type { NormalisedTerm, TermNormaliser } from '../normalise/term-normaliser';

/**
 * What the matcher keeps of each entity: the facts matching needs, with skills and themes
 * already normalised. Members keep no personal data (no `pii`), only the first name that
 * the events carry in clear for pseudonymous recommendations.
 */
export type NeedView = Readonly<{
  role: string;
  skills: readonly NormalisedTerm[];
  hoursPerWeek?: number;
  count?: number;
}>;

export type ProjectView = Readonly<{
  id: string;
  holderId: string;
  title: string;
  kind: ProjectKind;
  stage: ProjectStage;
  themes: readonly NormalisedTerm[];
  location: ResolvedLocation;
  radiusKm: number;
  remoteFriendly: boolean;
  needs: readonly NeedView[];
  status: 'active' | 'paused';
}>;

export type MemberView = Readonly<{
  id: string;
  firstName: string;
  skills: readonly NormalisedTerm[];
  interests: readonly NormalisedTerm[];
  territories: readonly ResolvedTerritory[];
  availability: Availability;
}>;

export type ReferentView = Readonly<{
  id: string;
  firstName: string;
  territories: readonly ResolvedTerritory[];
  themes: readonly NormalisedTerm[];
  appointedAt: string;
}>;

/** Any event the engine is given; types it does not know are ignored. */
export type EngineEvent = Readonly<{ type: string; data: unknown; position?: unknown }>;

type DataOf<E extends { type: string; data: unknown }, T extends E['type']> = Extract<E, { type: T }>['data'];

const needView = (n: TermNormaliser, need: Need): NeedView => ({
  role: need.role,
  skills: n.terms(need.skills),
  ...(need.hoursPerWeek !== undefined ? { hoursPerWeek: need.hoursPerWeek } : {}),
  ...(need.count !== undefined ? { count: need.count } : {}),
});

// Events are read field by field (never spread) so that unknown fields such as `pii`
// are never read, let alone kept.

/** Next state of a project (undefined: unknown or closed, i.e. gone for matching). */
export const evolveProject = (n: TermNormaliser, state: ProjectView | undefined, event: EngineEvent): ProjectView | undefined => {
  switch (event.type) {
    case 'ProjectProposed': {
      if (state) return state;
      const d = event.data as DataOf<ProjectEvent, 'ProjectProposed'>;
      return {
        id: d.projectId,
        holderId: d.holderId,
        title: d.title,
        kind: d.kind,
        stage: d.stage,
        themes: n.terms(d.themes),
        location: d.location,
        radiusKm: d.radiusKm,
        remoteFriendly: d.remoteFriendly === true,
        needs: d.needs.map((need) => needView(n, need)),
        status: 'active',
      };
    }
    case 'ProjectRevised': {
      if (!state) return state;
      const c = (event.data as DataOf<ProjectEvent, 'ProjectRevised'>).changes;
      return {
        ...state,
        ...(c.title !== undefined ? { title: c.title } : {}),
        ...(c.kind !== undefined ? { kind: c.kind } : {}),
        ...(c.stage !== undefined ? { stage: c.stage } : {}),
        ...(c.themes !== undefined ? { themes: n.terms(c.themes) } : {}),
        ...(c.location !== undefined ? { location: c.location } : {}),
        ...(c.radiusKm !== undefined ? { radiusKm: c.radiusKm } : {}),
        ...(c.remoteFriendly !== undefined ? { remoteFriendly: c.remoteFriendly === true } : {}),
      };
    }
    case 'ProjectNeedsChanged': {
      if (!state) return state;
      const d = event.data as DataOf<ProjectEvent, 'ProjectNeedsChanged'>;
      return { ...state, needs: d.needs.map((need) => needView(n, need)) };
    }
    case 'ProjectPaused':
      return state && { ...state, status: 'paused' };
    case 'ProjectResumed':
      return state && { ...state, status: 'active' };
    case 'ProjectClosed':
      return undefined;
    default:
      return state;
  }
};

/** Next state of a member (undefined: unknown or erased). */
export const evolveMember = (n: TermNormaliser, state: MemberView | undefined, event: EngineEvent): MemberView | undefined => {
  switch (event.type) {
    case 'MemberRegistered': {
      if (state) return state;
      const d = event.data as DataOf<MemberEvent, 'MemberRegistered'>;
      return {
        id: d.memberId,
        firstName: d.firstName,
        skills: n.terms(d.skills),
        interests: n.terms(d.interests),
        territories: d.territories,
        availability: d.availability,
      };
    }
    case 'MemberSkillsDeclared':
      return state && { ...state, skills: n.terms((event.data as DataOf<MemberEvent, 'MemberSkillsDeclared'>).skills) };
    case 'MemberInterestsChanged':
      return state && { ...state, interests: n.terms((event.data as DataOf<MemberEvent, 'MemberInterestsChanged'>).interests) };
    case 'MemberTerritoriesChanged':
      return state && { ...state, territories: (event.data as DataOf<MemberEvent, 'MemberTerritoriesChanged'>).territories };
    case 'MemberAvailabilityDeclared':
      return state && { ...state, availability: (event.data as DataOf<MemberEvent, 'MemberAvailabilityDeclared'>).availability };
    case 'MemberErased':
      return undefined;
    default:
      return state;
  }
};

/** Next state of a referent (undefined: unknown or retired). */
export const evolveReferent = (n: TermNormaliser, state: ReferentView | undefined, event: EngineEvent): ReferentView | undefined => {
  switch (event.type) {
    case 'ReferentAppointed': {
      if (state) return state;
      const d = event.data as DataOf<ReferentEvent, 'ReferentAppointed'>;
      return {
        id: d.referentId,
        firstName: d.firstName,
        territories: d.territories,
        themes: n.terms(d.themes ?? []),
        appointedAt: d.appointedAt,
      };
    }
    case 'ReferentTerritoriesChanged': {
      if (!state) return state;
      const d = event.data as DataOf<ReferentEvent, 'ReferentTerritoriesChanged'>;
      return { ...state, territories: d.territories, themes: n.terms(d.themes ?? []) };
    }
    case 'ReferentRetired':
      return undefined;
    default:
      return state;
  }
};

const PROJECT_TYPES = new Set<string>([
  'ProjectProposed',
  'ProjectRevised',
  'ProjectNeedsChanged',
  'ProjectPaused',
  'ProjectResumed',
  'ProjectClosed',
]);
// MemberNotificationsChanged does not change matching (notification choice is the notifier's business).
const MEMBER_TYPES = new Set<string>([
  'MemberRegistered',
  'MemberSkillsDeclared',
  'MemberInterestsChanged',
  'MemberTerritoriesChanged',
  'MemberAvailabilityDeclared',
  'MemberErased',
]);
const REFERENT_TYPES = new Set<string>(['ReferentAppointed', 'ReferentTerritoriesChanged', 'ReferentRetired']);

/** Which entity an event is about, if it is one the engine follows. */
export const subjectOf = (event: EngineEvent): { kind: 'project' | 'member' | 'referent'; id: string } | undefined => {
  const data = event.data as { projectId?: unknown; memberId?: unknown; referentId?: unknown } | null;
  if (typeof data !== 'object' || data === null) return undefined;
  if (PROJECT_TYPES.has(event.type) && typeof data.projectId === 'string') return { kind: 'project', id: data.projectId };
  if (MEMBER_TYPES.has(event.type) && typeof data.memberId === 'string') return { kind: 'member', id: data.memberId };
  if (REFERENT_TYPES.has(event.type) && typeof data.referentId === 'string') {
    return { kind: 'referent', id: data.referentId };
  }
  return undefined;
};
