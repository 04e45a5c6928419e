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
import { DEFAULT_EXPOSURE_CAP, eligibleProjects } from './exposure/exposure-cap';
import type { NearbyProject, PairMatch, PartnerMatch, ProjectMatch } from './model/match-types';
import { compareNearby, nearbyProject } from './candidates/nearby-projects';
import { comparePartners, compareProjects, DEFAULT_LIST_SIZE, toPartnerMatch, toProjectMatch } from './ranking/ranking';
import { referentChain, type Place, type ReferentAssignment } from './referents/referent-resolution';
import { DEFAULT_REMOTE_REACH, evaluateWithinReach, remoteReachOf } from './remote/remote-reach';
import { scorePair } from './scoring/pair-evaluation';
import { minHoursShareOf } from './scoring/score-weights';
import { PairScore } from './scoring/pair-score';
import type { ListOptions, MatchingEngineOptions, NearQuery } from './matching-engine';
import { countMissing, type MissingPartners } from './missing/missing-partners';

/** The engine's options, but the geo grid's (a full scan has no index). */
export type NaiveMatcherOptions = Omit<MatchingEngineOptions, 'cellDegrees'>;

/**
 * Full-scan baseline: no index, no cache; every query scores every (project, member)
 * pair from the folded entities. Same rules as `MatchingEngine` (shared pure functions),
 * so it serves as the tests' oracle and the benchmark's baseline.
 */
export class NaiveMatcher {
  private readonly exposureCap: number;
  private readonly listSize: number;
  private readonly remoteReach: number;
  private readonly minHoursShare: number;
  /** Reach of each remote-friendly project for a day, until the next change of anything. */
  private readonly reaches = new Map<string, Set<string>>();
  private readonly score = new PairScore();
  private readonly normaliser: TermNormaliser;
  private readonly day: string;
  private readonly projects = new Map<string, ProjectView>();
  private readonly members = new Map<string, MemberView>();
  private readonly referents = new Map<string, ReferentView>();
  private readonly excluded = new Set<string>();

  constructor(options: NaiveMatcherOptions = {}) {
    this.exposureCap = options.exposureCap ?? DEFAULT_EXPOSURE_CAP;
    this.listSize = options.listSize ?? DEFAULT_LIST_SIZE;
    this.remoteReach = options.remoteReach ?? DEFAULT_REMOTE_REACH;
    this.minHoursShare = minHoursShareOf(options.minHoursShare);
    this.normaliser = options.normaliser ?? new TermNormaliser();
    this.day = dayOf(options.now ?? new Date());
    for (const [p, m] of options.excludedPairs ?? []) this.excluded.add(`${p}\n${m}`);
  }

  apply(event: EngineEvent): void {
    const subject = subjectOf(event);
    if (!subject) return;
    const n = this.normaliser;
    const { id } = subject;
    this.reaches.clear();
    if (subject.kind === 'project') set(this.projects, id, evolveProject(n, this.projects.get(id), event));
    else if (subject.kind === 'member') set(this.members, id, evolveMember(n, this.members.get(id), event));
    else set(this.referents, id, evolveReferent(n, this.referents.get(id), event));
  }

  setPairExcluded(projectId: string, memberId: string, excluded: boolean): void {
    this.reaches.clear();
    if (excluded) this.excluded.add(`${projectId}\n${memberId}`);
    else this.excluded.delete(`${projectId}\n${memberId}`);
  }

  // `reuse` is ignored: a full scan describes every entry again.
  topPartners(projectId: string, options: ListOptions<PartnerMatch> = {}): PartnerMatch[] {
    const day = options.now ? dayOf(options.now) : this.day;
    const project = this.projects.get(projectId);
    if (!project) return [];
    const out: PairMatch[] = [];
    for (const member of this.members.values()) {
      const match = this.evaluate(project, member, day);
      // The cap: shown only if this project is one of the member's K best fits.
      if (match && this.eligible(member, day).has(projectId)) out.push(match);
    }
    return out
      .sort(comparePartners)
      .slice(0, Math.min(options.limit ?? this.listSize, this.listSize))
      .map(toPartnerMatch);
  }

  topProjects(memberId: string, options: ListOptions<ProjectMatch> = {}): ProjectMatch[] {
    const day = options.now ? dayOf(options.now) : this.day;
    const member = this.members.get(memberId);
    if (!member) return [];
    const out: PairMatch[] = [];
    for (const project of this.projects.values()) {
      const match = this.evaluate(project, member, day);
      if (match) out.push(match);
    }
    return out
      .sort(compareProjects)
      .slice(0, options.limit ?? this.listSize)
      .map(toProjectMatch);
  }

  projectsNear(query: NearQuery): NearbyProject[] {
    const themeKey = query.theme !== undefined ? this.normaliser.key(query.theme) : undefined;
    const out: NearbyProject[] = [];
    for (const p of this.projects.values()) {
      const near = nearbyProject(p, query, themeKey);
      if (near) out.push(near);
    }
    return out.sort(compareNearby).slice(0, query.limit ?? out.length);
  }

  /** `MatchingEngine.missingPartners` by a scan of every member. */
  missingPartners(projectId: string, options: Readonly<{ now?: Date }> = {}): MissingPartners | undefined {
    const day = options.now ? dayOf(options.now) : this.day;
    const project = this.projects.get(projectId);
    if (!project) return undefined;
    const shown = new Set(this.topPartners(projectId, options).map((p) => p.memberId));
    return countMissing(
      project,
      this.members.values(),
      day,
      shown.size,
      this.listSize,
      (member) => {
        if (!scorePair(project, member, this.context(project, member, day), this.score)) return 'introduction';
        if (!this.evaluate(project, member, day)) return 'remoteReach';
        return shown.has(member.id) ? 'recommended' : 'cap';
      },
      this.minHoursShare,
    );
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
    return evaluateWithinReach(project, member, this.context(project, member, day), (p) => this.reachOf(p, day), this.score);
  }

  private context(project: ProjectView, member: MemberView, day: string) {
    return { day, excluded: this.excluded.has(`${project.id}\n${member.id}`), minHoursShare: this.minHoursShare };
  }

  /** A remote-friendly project's reach beyond territories: a scan of every member. */
  private reachOf(project: ProjectView, day: string): Set<string> {
    const key = `${project.id}\n${day}`;
    let reach = this.reaches.get(key);
    if (!reach) {
      reach = remoteReachOf(project, this.members.values(), this.remoteReach, (m) => this.context(project, m, day));
      this.reaches.set(key, reach);
    }
    return reach;
  }

  /** The projects a member is shown to: a scan of every project. */
  private eligible(member: MemberView, day: string): Set<string> {
    const matches: PairMatch[] = [];
    for (const project of this.projects.values()) {
      const match = this.evaluate(project, member, day);
      if (match) matches.push(match);
    }
    return eligibleProjects(matches, this.exposureCap);
  }
}

const set = <T>(map: Map<string, T>, id: string, value: T | undefined): void => {
  if (value === undefined) map.delete(id);
  else map.set(id, value);
};
