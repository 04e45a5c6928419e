import { haversineKm } from './geo/haversine';
import { dayOf } from './model/days';
import {
  evolveMember,
  evolveProject,
  evolveReferent,
  subjectOf,
  type EngineEvent,
  type MemberView,
  type ProjectView,
  type ReferentView,
} from './model/entities';
import { TermNormaliser } from './normalise/term-normaliser';
import {
  compareNearby,
  comparePartners,
  compareDraftTurns,
  compareProjects,
  DEFAULT_EXPOSURE_CAP,
  DEFAULT_LIST_SIZE,
  toPartnerMatch,
  toProjectMatch,
  type NearbyProject,
  type PartnerMatch,
  type ProjectMatch,
} from './ranking/ranking';
import { referentChain, type Place, type ReferentAssignment } from './referents/referent-resolution';
import { evaluatePair, type PairMatch } from './scoring/pair-evaluation';
import type { NearQuery, QueryOptions } from './matching-engine';

export type NaiveMatcherOptions = Readonly<{
  exposureCap?: number;
  listSize?: number;
  now?: Date;
  excludedPairs?: Iterable<readonly [string, string]>;
  normaliser?: TermNormaliser;
}>;

/**
 * Full-scan baseline: no index, no cache; every query scores every (project, member)
 * pair from the folded entities. Same rules as `MatchingEngine` (shared pure functions),
 * so it serves as the tests' oracle and the benchmark's baseline.
 */
export class NaiveMatcher {
  private readonly exposureCap: number;
  private readonly listSize: number;
  private readonly normaliser: TermNormaliser;
  private readonly day: string;
  private readonly projects = new Map<string, ProjectView>();
  private readonly members = new Map<string, MemberView>();
  private readonly referents = new Map<string, ReferentView>();
  private readonly excluded = new Set<string>();

  constructor(options: NaiveMatcherOptions = {}) {
    this.exposureCap = options.exposureCap ?? DEFAULT_EXPOSURE_CAP;
    this.listSize = options.listSize ?? DEFAULT_LIST_SIZE;
    this.normaliser = options.normaliser ?? new TermNormaliser();
    this.day = dayOf(options.now ?? new Date());
    for (const [p, m] of options.excludedPairs ?? []) this.excluded.add(`${p}\n${m}`);
  }

  apply(event: EngineEvent): void {
    const subject = subjectOf(event);
    if (!subject) return;
    const n = this.normaliser;
    const { id } = subject;
    if (subject.kind === 'project') set(this.projects, id, evolveProject(n, this.projects.get(id), event));
    else if (subject.kind === 'member') set(this.members, id, evolveMember(n, this.members.get(id), event));
    else set(this.referents, id, evolveReferent(n, this.referents.get(id), event));
  }

  setPairExcluded(projectId: string, memberId: string, excluded: boolean): void {
    if (excluded) this.excluded.add(`${projectId}\n${memberId}`);
    else this.excluded.delete(`${projectId}\n${memberId}`);
  }

  topPartners(projectId: string, options: QueryOptions = {}): PartnerMatch[] {
    const day = options.now ? dayOf(options.now) : this.day;
    const lists = this.draft(this.rankAll(day));
    return (lists.get(projectId) ?? []).slice(0, options.limit ?? this.listSize).map(toPartnerMatch);
  }

  topProjects(memberId: string, options: QueryOptions = {}): ProjectMatch[] {
    const day = options.now ? dayOf(options.now) : this.day;
    const member = this.members.get(memberId);
    if (!member) return [];
    const out: PairMatch[] = [];
    for (const project of this.projects.values()) {
      const match = this.evaluate(project, member, day);
      if (match) out.push(match);
    }
    return out.sort(compareProjects).slice(0, options.limit ?? this.listSize).map(toProjectMatch);
  }

  projectsNear(query: NearQuery): NearbyProject[] {
    const themeKey = query.theme !== undefined ? this.normaliser.key(query.theme) : undefined;
    const out: NearbyProject[] = [];
    for (const p of this.projects.values()) {
      if (p.status !== 'active') continue;
      if (themeKey !== undefined && !p.themes.some((t) => t.key === themeKey)) continue;
      const d = haversineKm(query.lat, query.lon, p.location.lat, p.location.lon);
      if (d > query.radiusKm) continue;
      out.push({
        projectId: p.id,
        title: p.title,
        kind: p.kind,
        stage: p.stage,
        themes: p.themes.map((t) => t.raw),
        distanceKm: Math.round(d * 10) / 10,
      });
    }
    return out.sort(compareNearby).slice(0, query.limit ?? out.length);
  }

  referentFor(place: Place, options: { themes?: readonly string[] } = {}): ReferentAssignment {
    const keys = options.themes && new Set(this.normaliser.terms(options.themes).map((t) => t.key));
    return referentChain(this.referents.values(), place, keys)[0];
  }

  referentForProject(projectId: string): ReferentAssignment | undefined {
    const p = this.projects.get(projectId);
    return p && referentChain(this.referents.values(), p.location, new Set(p.themes.map((t) => t.key)))[0];
  }

  private evaluate(project: ProjectView, member: MemberView, day: string): PairMatch | null {
    return evaluatePair(project, member, { day, excluded: this.excluded.has(`${project.id}\n${member.id}`) });
  }

  /** Every project's uncapped candidates, sorted: a scan of every member per project. */
  private rankAll(day: string): Map<string, PairMatch[]> {
    const ranked = new Map<string, PairMatch[]>();
    for (const project of this.projects.values()) {
      const list: PairMatch[] = [];
      for (const member of this.members.values()) {
        const match = this.evaluate(project, member, day);
        if (match) list.push(match);
      }
      ranked.set(project.id, list.sort(comparePartners));
    }
    return ranked;
  }

  /** The exposure-cap draft, played turn by turn with a linear search for the next turn. */
  private draft(ranked: Map<string, PairMatch[]>): Map<string, PairMatch[]> {
    const picks = new Map<string, PairMatch[]>();
    const pointer = new Map<string, number>();
    const lists = new Map<string, number>();
    for (const projectId of ranked.keys()) {
      picks.set(projectId, []);
      pointer.set(projectId, 0);
    }
    for (;;) {
      let next: { projectId: string; position: number; score: number } | undefined;
      for (const [projectId, list] of ranked) {
        const picked = (picks.get(projectId) as PairMatch[]).length;
        const at = pointer.get(projectId) as number;
        if (picked >= this.listSize || at >= list.length) continue;
        const turn = { projectId, position: picked, score: list[at].score };
        if (!next || compareDraftTurns(turn, next) < 0) next = turn;
      }
      if (!next) return picks;
      const at = pointer.get(next.projectId) as number;
      pointer.set(next.projectId, at + 1);
      const match = (ranked.get(next.projectId) as PairMatch[])[at];
      const shown = lists.get(match.memberId) ?? 0;
      if (shown < this.exposureCap) {
        lists.set(match.memberId, shown + 1);
        (picks.get(next.projectId) as PairMatch[]).push(match);
      }
    }
  }
}

const set = <T>(map: Map<string, T>, id: string, value: T | undefined): void => {
  if (value === undefined) map.delete(id);
  else map.set(id, value);
};
