import { loadTerritoryDirectory, type TerritoryDirectory } from '@trame/territories';
import { generatePopulation, type SyntheticEvent } from '@trame/testing';
import { distinctSampleOf, sampleOf, seededRandom, shuffled } from './bench-kit';

/**
 * The matcher benchmark's workload, a pure function of the options: every phase process
 * rebuilds the same population, incremental stream and query ids from the seeds.
 */

export type BenchOptions = {
  members: number;
  projects: number;
  seed: number;
  updates: number;
  naiveUpdates: number;
  queries: number;
  naiveQueries: number;
  naiveSampleProjects: number;
  naiveSampleMembers: number;
  updateBudgetMs: number;
  skipPipeline: boolean;
  storeDir: string;
};

/** Results are computed for this day: after every synthetic event, so nothing is in the future. */
export const NOW = new Date('2026-09-01T12:00:00.000Z');
export const TODAY = NOW.toISOString().slice(0, 10);
const UPDATES_START = '2026-08-01T08:00:00.000Z';
export const LIST_SIZE = 20;
/** Lists compared between the engine and the baseline at full scale. */
export const CHECK_SAMPLE = 20;

const UPDATE_MIX = { newMembers: 0.4, skills: 0.3, availability: 0.05, newProjects: 0.1, needs: 0.15 } as const;

export type Survivors = {
  members: string[];
  projects: string[];
  activeProjects: string[];
  referents: number;
};

export type Workload = {
  directory: TerritoryDirectory;
  population: SyntheticEvent[];
  survivors: Survivors;
  updates: SyntheticEvent[];
  /** Events of the log and of the incremental stream, by type. */
  logTypes: Record<string, number>;
  updateTypes: Record<string, number>;
  ids: { partners: string[]; projects: string[]; checkProjects: string[]; checkMembers: string[] };
};

export function buildWorkload(options: BenchOptions): Workload {
  const directory = loadTerritoryDirectory();
  const population = generatePopulation(directory, { seed: options.seed, members: options.members, projects: options.projects });
  const survivors = survivorsOf(population);
  const updates = incrementalStream(directory, options, survivors);
  const rand = seededRandom(options.seed + 6);
  return {
    directory,
    population,
    survivors,
    updates,
    logTypes: countTypes(population),
    updateTypes: countTypes(updates),
    ids: {
      partners: sampleOf(survivors.activeProjects, options.queries, rand),
      projects: sampleOf(survivors.members, options.queries, rand),
      checkProjects: distinctSampleOf(survivors.activeProjects, CHECK_SAMPLE, rand),
      checkMembers: distinctSampleOf(survivors.members, CHECK_SAMPLE, rand),
    },
  };
}

const countTypes = (events: readonly SyntheticEvent[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const e of events) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
};

/** Who is still there at the end of the log (the ids queries and updates target). */
export function survivorsOf(events: readonly SyntheticEvent[]): Survivors {
  const members = new Set<string>();
  const projects = new Map<string, 'active' | 'paused'>();
  let referents = 0;
  for (const { type, data } of events) {
    if (type === 'MemberRegistered') members.add(data.memberId as string);
    else if (type === 'MemberErased') members.delete(data.memberId as string);
    else if (type === 'ProjectProposed' || type === 'ProjectResumed') projects.set(data.projectId as string, 'active');
    else if (type === 'ProjectPaused') projects.set(data.projectId as string, 'paused');
    else if (type === 'ProjectClosed') projects.delete(data.projectId as string);
    else if (type === 'ReferentAppointed') referents++;
  }
  return {
    members: [...members],
    projects: [...projects.keys()],
    activeProjects: [...projects].filter(([, status]) => status === 'active').map(([id]) => id),
    referents,
  };
}

/**
 * Fresh realistic events after the log: new members and projects from a second seeded
 * population, and skill, availability and needs changes drawn from it but retargeted to
 * existing members and projects; shuffled.
 */
function incrementalStream(directory: TerritoryDirectory, options: BenchOptions, existing: Survivors): SyntheticEvent[] {
  const n = options.updates;
  const want = {
    newMembers: Math.round(n * UPDATE_MIX.newMembers),
    skills: Math.round(n * UPDATE_MIX.skills),
    availability: Math.round(n * UPDATE_MIX.availability),
    newProjects: Math.round(n * UPDATE_MIX.newProjects),
    needs: 0,
  };
  want.needs = n - want.newMembers - want.skills - want.availability - want.newProjects;
  // churn 1: every fresh member declares skills, about half their availability; every project changes needs.
  const fresh = generatePopulation(directory, {
    seed: options.seed + 1,
    members: Math.max(want.newMembers, want.skills, want.availability * 3, 1),
    projects: Math.max(want.newProjects, want.needs, 1),
    referents: { communes: 0 },
    churn: 1,
    startAt: UPDATES_START,
  });
  const rand = seededRandom(options.seed + 2);
  const ofType = (type: string, max: number) => fresh.filter((e) => e.type === type).slice(0, max);
  const retarget = (e: SyntheticEvent, kind: 'member' | 'project', ids: readonly string[]): SyntheticEvent => {
    const id = ids[Math.floor(rand() * ids.length)];
    return { streamId: `${kind}-${id}`, type: e.type, data: { ...e.data, [`${kind}Id`]: id } };
  };
  const events = [
    ...ofType('MemberRegistered', want.newMembers),
    ...ofType('MemberSkillsDeclared', want.skills).map((e) => retarget(e, 'member', existing.members)),
    ...ofType('MemberAvailabilityDeclared', want.availability).map((e) => retarget(e, 'member', existing.members)),
    ...ofType('ProjectProposed', want.newProjects),
    ...ofType('ProjectNeedsChanged', want.needs).map((e) => retarget(e, 'project', existing.activeProjects)),
  ];
  return shuffled(events, rand);
}
