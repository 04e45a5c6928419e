import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Need, ResolvedLocation, ResolvedTerritory } from '@trame/domain';
import type { TerritoryDirectory } from '@trame/territories';
import type { EngineEvent } from '../model/entities';
import { memberRegistered, projectProposed, referentAppointed } from '../matching.fixtures';

/**
 * The hand-written scenarios of `libs/matching/scenarios/matching-scenarios.json` (issue 16,
 * item 6), turned into engine events. Places are named as libs/territories labels them and
 * resolved by its `TerritoryDirectory` from their INSEE code (the file's `places`), as the api
 * resolves what people send before building the events.
 */

export const SCENARIO_FILE = join(__dirname, '..', '..', 'scenarios', 'matching-scenarios.json');

/** A member's or a referent's territory as the file writes it. */
export type TerritorySpec =
  | Readonly<{ around: string; radiusKm: number }>
  | Readonly<{ commune: string }>
  | Readonly<{ departement: string }>
  | Readonly<{ region: string }>;

export type ProjectSpec = Readonly<{
  id: string;
  holder: string;
  title?: string;
  commune: string;
  radiusKm: number;
  remoteFriendly: boolean;
  stage: 'idea' | 'maturing' | 'launching' | 'running';
  themes: readonly string[];
  needs: readonly Need[];
  status?: 'active' | 'paused';
}>;

export type MemberSpec = Readonly<{
  id: string;
  firstName: string;
  skills: readonly string[];
  interests: readonly string[];
  territories: readonly TerritorySpec[];
  hoursPerWeek: number;
  from?: string;
  until?: string;
}>;

export type ReferentSpec = Readonly<{
  id: string;
  firstName: string;
  territories: readonly TerritorySpec[];
  themes?: readonly string[];
  appointedAt: string;
}>;

/** One step of another history reaching the same final facts (see the file's `format.history`). */
export type HistoryStep = Readonly<
  | { propose: string; with?: Partial<ProjectSpec> }
  | { register: string; with?: Partial<MemberSpec> }
  | { appoint: string; with?: Partial<ReferentSpec> }
  | { revise: string; fields?: readonly (keyof ProjectSpec)[]; to?: Partial<ProjectSpec> }
  | { needs: string; to?: readonly Need[] }
  | { pause: string }
  | { resume: string }
  | { declare: string; fields: readonly ('skills' | 'interests' | 'territories' | 'availability')[]; to?: Partial<MemberSpec> }
>;

export type EntryExpectation = Readonly<{
  score?: number;
  why?: string;
  /** Words the French reasons must contain. */
  fr?: readonly string[];
  /** Words the French reasons must not contain. */
  frNot?: readonly string[];
  /** Words the English reasons must contain. */
  en?: readonly string[];
  /** The role of the need shown. */
  role?: string;
}>;

export type ListExpectation = Readonly<{
  /** The whole list, exactly, in this order. */
  order?: readonly string[];
  present?: readonly string[];
  absent?: readonly string[];
  entries?: Readonly<Record<string, EntryExpectation>>;
}>;

export type ScenarioExpectations = Readonly<{
  partners?: Readonly<Record<string, ListExpectation>>;
  projects?: Readonly<Record<string, ListExpectation>>;
  referents?: Readonly<Record<string, Readonly<{ referent?: string; level: 'commune' | 'departement' | 'region' | 'admin' }>>>;
  identical?: readonly Readonly<{ project: string; members: readonly string[] }>[];
}>;

export type ScenarioOptions = Readonly<{
  /** The engine's day, YYYY-MM-DD. */
  today: string;
  listSize?: number;
  exposureCap?: number;
  remoteReach?: number;
  minHoursShare?: number;
}>;

export type Scenario = Readonly<{
  id: string;
  title: string;
  covers: readonly string[];
  options: ScenarioOptions;
  projects: readonly ProjectSpec[];
  members: readonly MemberSpec[];
  referents?: readonly ReferentSpec[];
  history?: readonly HistoryStep[];
  expect: ScenarioExpectations;
}>;

export type ScenarioFile = Readonly<{
  description: string;
  places: Readonly<Record<string, string>>;
  scenarios: readonly Scenario[];
}>;

export const readScenarioFile = (path = SCENARIO_FILE): ScenarioFile => JSON.parse(readFileSync(path, 'utf8')) as ScenarioFile;

/** The engine's clock for a scenario: noon UTC of its day. */
export const nowOf = (scenario: Scenario): Date => new Date(`${scenario.options.today}T12:00:00.000Z`);

/** Engine and oracle options of a scenario (only what it sets; the rest stays default). */
export type ScenarioEngineOptions = Readonly<{
  now: Date;
  listSize?: number;
  exposureCap?: number;
  remoteReach?: number;
  minHoursShare?: number;
}>;

export const optionsOf = (scenario: Scenario): ScenarioEngineOptions => {
  const { listSize, exposureCap, remoteReach, minHoursShare } = scenario.options;
  return {
    now: nowOf(scenario),
    ...(listSize !== undefined ? { listSize } : {}),
    ...(exposureCap !== undefined ? { exposureCap } : {}),
    ...(remoteReach !== undefined ? { remoteReach } : {}),
    ...(minHoursShare !== undefined ? { minHoursShare } : {}),
  };
};

/** Builds a scenario's events, resolving places through the territory directory. */
export class ScenarioEvents {
  private readonly at: string;

  constructor(
    private readonly file: ScenarioFile,
    private readonly directory: TerritoryDirectory,
    private readonly scenario: Scenario,
  ) {
    this.at = `${scenario.options.today}T08:00:00.000Z`;
  }

  /** The final facts, directly: projects (and their pause), then members, then referents. */
  direct(): EngineEvent[] {
    const s = this.scenario;
    return [
      ...s.projects.flatMap((p) => [this.proposed(p), ...(p.status === 'paused' ? [this.paused(p.id)] : [])]),
      ...s.members.map((m) => this.registered(m)),
      ...(s.referents ?? []).map((r) => this.appointed(r)),
    ];
  }

  /**
   * The scenario's other history, then every entity it left out (registered with its final
   * facts, in reverse order of the file); undefined when the scenario has none.
   */
  history(): EngineEvent[] | undefined {
    const s = this.scenario;
    if (!s.history) return undefined;
    const events: EngineEvent[] = [];
    const seen = new Set<string>();
    for (const step of s.history) events.push(...this.step(step, seen));
    // Every entity left out, in reverse order of the file (a paused project: proposed, then paused).
    const rest: EngineEvent[][] = [
      ...s.projects
        .filter((p) => !seen.has(`p:${p.id}`))
        .map((p) => [this.proposed(p), ...(p.status === 'paused' ? [this.paused(p.id)] : [])]),
      ...s.members.filter((m) => !seen.has(`m:${m.id}`)).map((m) => [this.registered(m)]),
      ...(s.referents ?? []).filter((r) => !seen.has(`r:${r.id}`)).map((r) => [this.appointed(r)]),
    ];
    return [...events, ...rest.reverse().flat()];
  }

  location(name: string): ResolvedLocation {
    const code = this.code(name);
    const { value } = this.directory.resolveLocation({ communeCode: code }, 'location');
    if (value.label !== name) throw new Error(`${this.scenario.id}: ${code} is ${value.label}, not ${name}`);
    return value;
  }

  territory(spec: TerritorySpec): ResolvedTerritory {
    const d = this.directory;
    if ('around' in spec) {
      const value = d.resolveTerritory({ communeCode: this.code(spec.around), radiusKm: spec.radiusKm }, 'territory').value;
      if (value.label !== spec.around) throw new Error(`${this.scenario.id}: ${spec.around} resolved as ${value.label}`);
      return value;
    }
    if ('commune' in spec) {
      const value = d.resolveTerritory({ communeCode: this.code(spec.commune) }, 'territory').value;
      if (value.label !== spec.commune) throw new Error(`${this.scenario.id}: ${spec.commune} resolved as ${value.label}`);
      return value;
    }
    if ('departement' in spec) return d.resolveTerritory({ departementCode: spec.departement }, 'territory').value;
    if ('region' in spec) return d.resolveTerritory({ regionCode: spec.region }, 'territory').value;
    throw new Error(`${this.scenario.id}: unknown territory ${JSON.stringify(spec)}`);
  }

  private code(name: string): string {
    const code = this.file.places[name];
    if (!code) throw new Error(`${this.scenario.id}: place ${name} is not in the file's places`);
    return code;
  }

  private project(id: string): ProjectSpec {
    const p = this.scenario.projects.find((x) => x.id === id);
    if (!p) throw new Error(`${this.scenario.id}: no project ${id}`);
    return p;
  }

  private member(id: string): MemberSpec {
    const m = this.scenario.members.find((x) => x.id === id);
    if (!m) throw new Error(`${this.scenario.id}: no member ${id}`);
    return m;
  }

  private referent(id: string): ReferentSpec {
    const r = (this.scenario.referents ?? []).find((x) => x.id === id);
    if (!r) throw new Error(`${this.scenario.id}: no referent ${id}`);
    return r;
  }

  private step(step: HistoryStep, seen: Set<string>): EngineEvent[] {
    if ('propose' in step) {
      seen.add(`p:${step.propose}`);
      return [this.proposed({ ...this.project(step.propose), ...step.with })];
    }
    if ('register' in step) {
      seen.add(`m:${step.register}`);
      return [this.registered({ ...this.member(step.register), ...step.with })];
    }
    if ('appoint' in step) {
      seen.add(`r:${step.appoint}`);
      return [this.appointed({ ...this.referent(step.appoint), ...step.with })];
    }
    if ('revise' in step) {
      const final = { ...this.project(step.revise), ...step.to };
      const fields = step.fields ?? (Object.keys(step.to ?? {}) as (keyof ProjectSpec)[]);
      const changes: Record<string, unknown> = {};
      for (const f of fields) {
        if (f === 'commune') changes.location = this.location(final.commune);
        else if (f === 'title') changes.title = final.title ?? `Projet ${final.id}`;
        else if (f === 'themes' || f === 'radiusKm' || f === 'remoteFriendly' || f === 'stage') changes[f] = final[f];
        else throw new Error(`${this.scenario.id}: a revision cannot change ${f}`);
      }
      return [{ type: 'ProjectRevised', data: { projectId: step.revise, changes, revisedAt: this.at } }];
    }
    if ('needs' in step) {
      const needs = step.to ?? this.project(step.needs).needs;
      return [{ type: 'ProjectNeedsChanged', data: { projectId: step.needs, needs, changedAt: this.at } }];
    }
    if ('pause' in step) return [this.paused(step.pause)];
    if ('resume' in step) return [{ type: 'ProjectResumed', data: { projectId: step.resume, resumedAt: this.at } }];
    if ('declare' in step) {
      const memberId = step.declare;
      const final = { ...this.member(memberId), ...step.to };
      return step.fields.map((f): EngineEvent => {
        switch (f) {
          case 'skills':
            return { type: 'MemberSkillsDeclared', data: { memberId, skills: final.skills, declaredAt: this.at } };
          case 'interests':
            return { type: 'MemberInterestsChanged', data: { memberId, interests: final.interests, changedAt: this.at } };
          case 'territories':
            return {
              type: 'MemberTerritoriesChanged',
              data: { memberId, territories: final.territories.map((t) => this.territory(t)), changedAt: this.at },
            };
          case 'availability':
            return { type: 'MemberAvailabilityDeclared', data: { memberId, availability: availabilityOf(final), declaredAt: this.at } };
          default:
            throw new Error(`${this.scenario.id}: cannot declare ${String(f)}`);
        }
      });
    }
    throw new Error(`${this.scenario.id}: unknown history step ${JSON.stringify(step)}`);
  }

  private proposed(p: ProjectSpec): EngineEvent {
    return projectProposed(p.id, {
      holderId: p.holder,
      title: p.title ?? `Projet ${p.id}`,
      summary: 'Scénario',
      kind: 'eco-lieu',
      themes: p.themes,
      location: this.location(p.commune),
      radiusKm: p.radiusKm,
      remoteFriendly: p.remoteFriendly,
      stage: p.stage,
      needs: p.needs,
      proposedAt: this.at,
    });
  }

  private paused(projectId: string): EngineEvent {
    return { type: 'ProjectPaused', data: { projectId, pausedAt: this.at } };
  }

  private registered(m: MemberSpec): EngineEvent {
    return memberRegistered(m.id, {
      firstName: m.firstName,
      skills: m.skills,
      interests: m.interests,
      territories: m.territories.map((t) => this.territory(t)),
      availability: availabilityOf(m),
      registeredAt: this.at,
    });
  }

  private appointed(r: ReferentSpec): EngineEvent {
    return referentAppointed(
      r.id,
      r.territories.map((t) => this.territory(t)),
      { firstName: r.firstName, themes: r.themes ?? [], appointedAt: r.appointedAt },
    );
  }
}

const availabilityOf = (m: Pick<MemberSpec, 'hoursPerWeek' | 'from' | 'until'>) => ({
  hoursPerWeek: m.hoursPerWeek,
  ...(m.from !== undefined ? { from: m.from } : {}),
  ...(m.until !== undefined ? { until: m.until } : {}),
});
