import type { Decider } from '../shared/decider';
import { assertRules, InvalidStateError, NotFoundError } from '../shared/errors';
import {
  checkLocation,
  checkOneOf,
  checkRange,
  checkText,
  checkUuid,
  compact,
  deepEqual,
  normaliseWords,
  RADIUS_KM,
  violation,
  type Violations,
} from '../shared/rules';
import { CLOSE_REASONS, PROJECT_KINDS, PROJECT_STAGES, type ProjectCloseReason } from '../shared/vocabulary';
import type {
  CloseProject,
  CloseProjectOfErasedHolder,
  PauseProject,
  ProjectCommand,
  ProposeProject,
  ResumeProject,
  ReviseProject,
} from './project.commands';
import type { Need, ProjectDetails, ProjectEvent } from './project.events';

/** Limits of a project's content; exported so forms and API docs can show the same ones. */
export const PROJECT_RULES = {
  title: { min: 3, max: 120 },
  summary: { min: 10, max: 500 },
  description: { min: 0, max: 5000 },
  themes: { min: 1, max: 10 },
  radiusKm: RADIUS_KM,
  needs: { min: 1, max: 10 },
  role: { min: 1, max: 80 },
  needSkills: { min: 1, max: 20 },
  hoursPerWeek: { min: 0, max: 60 },
  count: { min: 1, max: 50, integer: true },
  /** Free text attached to a pause or a closure. */
  note: { min: 0, max: 500 },
} as const;

export type ProjectStatus = 'active' | 'paused' | 'closed';

export type ProjectState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: ProjectStatus;
      projectId: string;
      holderId: string;
      details: ProjectDetails;
      needs: readonly Need[];
      proposedAt: string;
      /** Time of the last event applied. */
      updatedAt: string;
      pauseReason?: string;
      closeReason?: ProjectCloseReason;
    }>;

export type ExistingProjectState = Exclude<ProjectState, { status: 'none' }>;

export const initialProjectState = (): ProjectState => ({ status: 'none' });

type DetailKey = keyof ProjectDetails;
const DETAIL_KEYS: readonly DetailKey[] = [
  'title',
  'summary',
  'description',
  'kind',
  'themes',
  'location',
  'radiusKm',
  'remoteFriendly',
  'stage',
];

/**
 * Checks and normalises the given details. With `complete`, every required field must be
 * there (a proposal); otherwise only the fields present are checked (a revision).
 * An empty description means "no description" and is kept as '' so a revision can clear it.
 */
const checkDetails = (input: Partial<ProjectDetails>, complete: boolean): { details: Partial<ProjectDetails>; violations: Violations } => {
  const violations: Violations = [];
  const out: Record<string, unknown> = {};
  const has = (key: DetailKey) => complete || input[key] !== undefined;

  if (has('title')) {
    const r = checkText('title', input.title, PROJECT_RULES.title);
    violations.push(...r.violations);
    out.title = r.text;
  }
  if (has('summary')) {
    const r = checkText('summary', input.summary, PROJECT_RULES.summary);
    violations.push(...r.violations);
    out.summary = r.text;
  }
  if (input.description !== undefined) {
    const r = checkText('description', input.description, PROJECT_RULES.description);
    violations.push(...r.violations);
    out.description = r.text;
  }
  if (has('kind')) {
    const v = checkOneOf('kind', input.kind, PROJECT_KINDS);
    if (v) violations.push(v);
    out.kind = input.kind;
  }
  if (has('themes')) {
    const r = normaliseWords('themes', input.themes, PROJECT_RULES.themes);
    violations.push(...r.violations);
    out.themes = r.words;
  }
  if (has('location')) {
    violations.push(...checkLocation('location', input.location));
    out.location = input.location;
  }
  if (has('radiusKm')) {
    const v = checkRange('radiusKm', input.radiusKm, PROJECT_RULES.radiusKm);
    if (v) violations.push(v);
    out.radiusKm = input.radiusKm;
  }
  // Optional on proposal (defaults to false), checked only when given.
  if (input.remoteFriendly !== undefined) {
    if (typeof input.remoteFriendly !== 'boolean') {
      violations.push(violation('remoteFriendly', 'vrai ou faux attendu', 'true or false expected'));
    }
    out.remoteFriendly = input.remoteFriendly;
  } else if (complete) {
    out.remoteFriendly = false;
  }
  if (has('stage')) {
    const v = checkOneOf('stage', input.stage, PROJECT_STAGES);
    if (v) violations.push(v);
    out.stage = input.stage;
  }
  if (complete && out.description === '') delete out.description;
  return { details: out, violations };
};

const checkNeeds = (needs: unknown): { needs: Need[]; violations: Violations } => {
  const { min, max } = PROJECT_RULES.needs;
  if (!Array.isArray(needs)) {
    return { needs: [], violations: [violation('needs', 'liste attendue', 'a list is expected')] };
  }
  const violations: Violations = [];
  if (needs.length < min || needs.length > max) {
    violations.push(violation('needs', `entre ${min} et ${max} besoins attendus`, `${min} to ${max} needs expected`));
  }
  const normalised = needs.map((need: unknown, i): Need => {
    const at = `needs[${i}]`;
    if (typeof need !== 'object' || need === null) {
      violations.push(violation(at, 'besoin attendu', 'a need is expected'));
      return { role: '', skills: [] };
    }
    const n = need as Partial<Need>;
    const role = checkText(`${at}.role`, n.role, PROJECT_RULES.role);
    const skills = normaliseWords(`${at}.skills`, n.skills, PROJECT_RULES.needSkills);
    violations.push(...role.violations, ...skills.violations);
    if (n.hoursPerWeek !== undefined) {
      const v = checkRange(`${at}.hoursPerWeek`, n.hoursPerWeek, PROJECT_RULES.hoursPerWeek);
      if (v) violations.push(v);
    }
    if (n.count !== undefined) {
      const v = checkRange(`${at}.count`, n.count, PROJECT_RULES.count);
      if (v) violations.push(v);
    }
    return compact({ role: role.text, skills: skills.words, hoursPerWeek: n.hoursPerWeek, count: n.count });
  });
  return { needs: normalised, violations };
};

const checkNote = (field: string, note: unknown): { note?: string; violations: Violations } => {
  if (note === undefined) return { violations: [] };
  const r = checkText(field, note, PROJECT_RULES.note);
  return { note: r.text === '' ? undefined : r.text, violations: r.violations };
};

/** Applies a revision to the details; an empty description removes it. */
export const applyProjectChanges = (details: ProjectDetails, changes: Partial<ProjectDetails>): ProjectDetails => {
  const next: Record<string, unknown> = { ...details, ...compact(changes) };
  if (next.description === '') delete next.description;
  return next as ProjectDetails;
};

const existing = (state: ProjectState, projectId: string): ExistingProjectState => {
  if (state.status === 'none') throw new NotFoundError('project', projectId);
  return state;
};

const notClosed = (state: ExistingProjectState, fr: string, en: string): void => {
  if (state.status === 'closed') throw new InvalidStateError(`${fr} / ${en}`);
};

const propose = (command: ProposeProject, state: ProjectState): ProjectEvent[] => {
  const { data } = command;
  if (state.status !== 'none') {
    throw new InvalidStateError('Ce projet existe déjà / This project already exists');
  }
  const details = checkDetails(data, true);
  const needs = checkNeeds(data.needs);
  assertRules([checkUuid('projectId', data.projectId), checkUuid('holderId', data.holderId), ...details.violations, ...needs.violations]);
  return [
    {
      type: 'ProjectProposed',
      data: {
        projectId: data.projectId,
        holderId: data.holderId,
        ...(details.details as ProjectDetails),
        needs: needs.needs,
        proposedAt: command.metadata.now.toISOString(),
      },
    },
  ];
};

const revise = (command: ReviseProject, state: ProjectState): ProjectEvent[] => {
  const { data } = command;
  const project = existing(state, data.projectId);
  notClosed(project, 'Un projet clos ne peut plus être modifié', 'A closed project cannot be revised');
  const picked: Partial<Record<DetailKey, unknown>> = {};
  for (const key of DETAIL_KEYS) if (data.changes?.[key] !== undefined) picked[key] = data.changes[key];
  const details = checkDetails(picked as Partial<ProjectDetails>, false);
  const needs = data.needs === undefined ? undefined : checkNeeds(data.needs);
  assertRules([...details.violations, ...(needs?.violations ?? [])]);

  const now = command.metadata.now.toISOString();
  const events: ProjectEvent[] = [];
  const current: Partial<Record<DetailKey, unknown>> = { ...project.details };
  const changes: Partial<Record<DetailKey, unknown>> = {};
  for (const [key, value] of Object.entries(details.details) as [DetailKey, unknown][]) {
    const before = key === 'description' ? (current.description ?? '') : current[key];
    if (!deepEqual(value, before)) changes[key] = value;
  }
  if (Object.keys(changes).length > 0) {
    events.push({
      type: 'ProjectRevised',
      data: { projectId: project.projectId, changes: changes as Partial<ProjectDetails>, revisedAt: now },
    });
  }
  if (needs && !deepEqual(needs.needs, project.needs)) {
    events.push({
      type: 'ProjectNeedsChanged',
      data: { projectId: project.projectId, needs: needs.needs, changedAt: now },
    });
  }
  return events;
};

const pause = (command: PauseProject, state: ProjectState): ProjectEvent[] => {
  const project = existing(state, command.data.projectId);
  notClosed(project, 'Un projet clos ne peut pas être mis en pause', 'A closed project cannot be paused');
  if (project.status === 'paused') {
    throw new InvalidStateError('Ce projet est déjà en pause / This project is already paused');
  }
  const reason = checkNote('reason', command.data.reason);
  assertRules(reason.violations);
  return [
    {
      type: 'ProjectPaused',
      data: compact({
        projectId: project.projectId,
        reason: reason.note,
        pausedAt: command.metadata.now.toISOString(),
      }),
    },
  ];
};

const resume = (command: ResumeProject, state: ProjectState): ProjectEvent[] => {
  const project = existing(state, command.data.projectId);
  notClosed(project, 'Un projet clos ne peut pas reprendre', 'A closed project cannot be resumed');
  if (project.status === 'active') {
    throw new InvalidStateError("Ce projet n'est pas en pause / This project is not paused");
  }
  return [{ type: 'ProjectResumed', data: { projectId: project.projectId, resumedAt: command.metadata.now.toISOString() } }];
};

const close = (command: CloseProject, state: ProjectState): ProjectEvent[] => {
  const project = existing(state, command.data.projectId);
  notClosed(project, 'Ce projet est déjà clos', 'This project is already closed');
  const note = checkNote('note', command.data.note);
  assertRules([checkOneOf('reason', command.data.reason, CLOSE_REASONS), ...note.violations]);
  return [
    {
      type: 'ProjectClosed',
      data: compact({
        projectId: project.projectId,
        reason: command.data.reason,
        note: note.note,
        closedAt: command.metadata.now.toISOString(),
      }),
    },
  ];
};

/**
 * The holder was erased: nobody can carry the project or answer for it any more. Only the
 * holder's own erasure closes it (a mismatched id is a 422); already closed, nothing to do,
 * so a replayed erasure decides nothing.
 */
const closeOfErasedHolder = (command: CloseProjectOfErasedHolder, state: ProjectState): ProjectEvent[] => {
  const project = existing(state, command.data.projectId);
  if (project.status === 'closed') return [];
  assertRules([
    project.holderId !== command.data.holderId && violation('holderId', 'pas le porteur de ce projet', 'not the holder of this project'),
  ]);
  return [
    {
      type: 'ProjectClosed',
      data: { projectId: project.projectId, reason: 'holder-erased', closedAt: command.metadata.now.toISOString() },
    },
  ];
};

const decide = (command: ProjectCommand, state: ProjectState): ProjectEvent[] => {
  switch (command.type) {
    case 'ProposeProject':
      return propose(command, state);
    case 'ReviseProject':
      return revise(command, state);
    case 'PauseProject':
      return pause(command, state);
    case 'ResumeProject':
      return resume(command, state);
    case 'CloseProject':
      return close(command, state);
    case 'CloseProjectOfErasedHolder':
      return closeOfErasedHolder(command, state);
  }
};

const evolve = (state: ProjectState, event: ProjectEvent): ProjectState => {
  if (event.type === 'ProjectProposed') {
    const { projectId, holderId, needs, proposedAt, ...details } = event.data;
    return { status: 'active', projectId, holderId, details, needs, proposedAt, updatedAt: proposedAt };
  }
  // Anything else before a proposal is not ours to interpret.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ProjectRevised':
      return {
        ...state,
        details: applyProjectChanges(state.details, event.data.changes),
        updatedAt: event.data.revisedAt,
      };
    case 'ProjectNeedsChanged':
      return { ...state, needs: event.data.needs, updatedAt: event.data.changedAt };
    case 'ProjectPaused':
      return { ...state, status: 'paused', pauseReason: event.data.reason, updatedAt: event.data.pausedAt };
    case 'ProjectResumed':
      return { ...state, status: 'active', pauseReason: undefined, updatedAt: event.data.resumedAt };
    case 'ProjectClosed':
      return { ...state, status: 'closed', closeReason: event.data.reason, updatedAt: event.data.closedAt };
  }
};

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = {
  initialState: initialProjectState,
  evolve,
  decide,
};
