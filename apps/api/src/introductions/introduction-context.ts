import { Inject, Injectable } from '@nestjs/common';
import {
  type AreaAssignmentLevel,
  type Assignment,
  type Command,
  type Decider,
  type Event,
  introductionDecider,
  type IntroductionState,
  memberDecider,
  type MemberState,
  projectDecider,
  type ProjectState,
  referentDecider,
  type ReferentState,
  type StreamCategory,
  streamId,
} from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { coverageLevel, type ReferentLevel, type ReferentView as MatchingReferent, referentChain, TermNormaliser } from '@trame/matching';
import { placeAreaKeys, READ_MODEL_STORE, type ReadModelStore, type ReferentView } from '@trame/read-models';

export type ExistingProject = Exclude<ProjectState, { status: 'none' }>;
export type ExistingReferent = Exclude<ReferentState, { status: 'none' }>;

const RANK: Record<ReferentLevel, number> = { commune: 0, departement: 1, region: 2 };

/** Where a referent stands towards a project's place, as the decider needs it. */
export type ReferentCoverage = Readonly<{ coversProject: boolean; level: AreaAssignmentLevel }>;

/**
 * What the introduction endpoints read besides the introduction itself: the streams of the
 * project, member and referent involved (authoritative, read at decision time), and the
 * referents read model to find who covers a place.
 */
@Injectable()
export class IntroductionContext {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly normaliser: TermNormaliser,
  ) {}

  introduction(id: string): Promise<IntroductionState> {
    return this.fold('introduction', id, introductionDecider);
  }

  project(id: string): Promise<ProjectState> {
    return this.fold('project', id, projectDecider);
  }

  member(id: string): Promise<MemberState> {
    return this.fold('member', id, memberDecider);
  }

  referent(id: string): Promise<ReferentState> {
    return this.fold('referent', id, referentDecider);
  }

  /**
   * The active referent covering the project's place most specifically (commune, then
   * département, then région; themes as in recommendations), else the admins. Same rule
   * as the matcher's `referentChain`, over the referents read model: those with an area
   * of the place (indexed `areaKeys`) and those with a circle, checked by distance.
   */
  async assignmentFor(project: ExistingProject): Promise<Assignment> {
    const { location, themes } = project.details;
    const referents = this.readModels.collection<ReferentView>('referents');
    const [byArea, byCircle] = await Promise.all([
      referents.find({ areaKeys: { $in: placeAreaKeys(location) }, status: 'active' }),
      referents.find({ 'territories.kind': 'radius', status: 'active' }),
    ]);
    const unique = new Map([...byArea, ...byCircle].map((r) => [r._id, r]));
    const candidates = [...unique.values()].map((r): MatchingReferent => ({
      id: r.referentId,
      firstName: r.firstName,
      territories: r.territories,
      themes: this.normaliser.terms(r.themes),
      appointedAt: r.appointedAt,
    }));
    const [first] = referentChain(candidates, location, this.themeKeys(themes));
    return !first || first.level === 'admin'
      ? { referentId: 'admin', level: 'admin' }
      : { referentId: first.referentId, level: first.level };
  }

  /**
   * Whether one of the referent's territories covers the project's place, and at which
   * level: the broadest covering one (a région referent who also holds a commune may step
   * in as the région). Not covering: the broadest level they hold, which the decider ignores.
   */
  coverage(referent: ExistingReferent, project: ExistingProject): ReferentCoverage {
    const place = project.details.location;
    const themeKeys = this.themeKeys(project.details.themes);
    const themes = this.normaliser.terms(referent.themes);
    let covering: ReferentLevel | undefined;
    let broadest: ReferentLevel = 'commune';
    for (const territory of referent.territories) {
      const held: ReferentLevel = territory.kind === 'radius' ? 'commune' : territory.level;
      if (RANK[held] > RANK[broadest]) broadest = held;
      const one: MatchingReferent = {
        id: referent.referentId,
        firstName: referent.firstName,
        territories: [territory],
        themes,
        appointedAt: referent.appointedAt,
      };
      const level = coverageLevel(one, place, themeKeys);
      if (level && (!covering || RANK[level] > RANK[covering])) covering = level;
    }
    return covering ? { coversProject: true, level: covering } : { coversProject: false, level: broadest };
  }

  private themeKeys(themes: readonly string[]): ReadonlySet<string> {
    return new Set(this.normaliser.terms(themes).map((t) => t.key));
  }

  private async fold<S, E extends Event>(
    category: StreamCategory,
    id: string,
    decider: Pick<Decider<S, Command, E>, 'initialState' | 'evolve'>,
  ): Promise<S> {
    return (await aggregateStream(this.events, streamId(category, id), decider)).state;
  }
}
