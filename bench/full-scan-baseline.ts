import { TermNormaliser, type EngineEvent, type MemberView, type ProjectView, type ReferentView } from '@trame/matching';
// The pure folds and orders the engine and `NaiveMatcher` share; the library index does
// not export them, and the baseline must use exactly the same rules to be comparable.
import { evolveMember, evolveProject, evolveReferent, subjectOf } from '../libs/matching/src/model/entities';
import { comparePartners, compareProjects } from '../libs/matching/src/ranking/ranking';
import { DEFAULT_REMOTE_REACH, evaluateWithinReach, remoteReachOf } from '../libs/matching/src/remote/remote-reach';
import { PairScore } from '../libs/matching/src/scoring/pair-score';
import type { PairMatch } from '@trame/matching';

/**
 * The naive baseline at full scale: entities folded exactly as `NaiveMatcher` folds them,
 * no index, no cache. A list is recomputed by scoring the subject against every entity on
 * the other side and sorting. `NaiveMatcher.topPartners` also scans every project for each
 * candidate to apply the exposure cap (10^9 pairs per list at full scale), so per list this
 * class does the cheapest part of that work only: it is a lower bound on the naive cost.
 * Likewise for the reach of remote-friendly projects (their best candidates beyond their
 * territories): working one out is a scan of every member, and a member's list needs the
 * reach of every remote-friendly project they share a skill with. The baseline works them
 * all out only when told (`workOutReaches`, untimed: before timing and before comparing
 * lists) and looks them up in between, so its timed figures leave that work out.
 */
export class FullScanBaseline {
  private readonly normaliser = new TermNormaliser();
  private readonly projects = new Map<string, ProjectView>();
  private readonly members = new Map<string, MemberView>();
  private readonly referents = new Map<string, ReferentView>();
  private readonly score = new PairScore();
  private reaches = new Map<string, Set<string>>();

  constructor(
    private readonly day: string,
    private readonly remoteReach = DEFAULT_REMOTE_REACH,
  ) {}

  /** Works out the reach of every remote-friendly project by full scans (see the class comment). */
  workOutReaches(): void {
    const reaches = new Map<string, Set<string>>();
    const context = { day: this.day, excluded: false };
    for (const project of this.projects.values()) {
      if (project.remoteFriendly)
        reaches.set(
          project.id,
          remoteReachOf(project, this.members.values(), this.remoteReach, () => context),
        );
    }
    this.reaches = reaches;
  }

  get size(): { projects: number; members: number; referents: number } {
    return { projects: this.projects.size, members: this.members.size, referents: this.referents.size };
  }

  apply(event: EngineEvent): void {
    const subject = subjectOf(event);
    if (!subject) return;
    const n = this.normaliser;
    const { id } = subject;
    if (subject.kind === 'project') put(this.projects, id, evolveProject(n, this.projects.get(id), event));
    else if (subject.kind === 'member') put(this.members, id, evolveMember(n, this.members.get(id), event));
    else put(this.referents, id, evolveReferent(n, this.referents.get(id), event));
  }

  /** A project's candidates, best first (uncapped): one scan of every member. */
  partnersOf(projectId: string, limit = Infinity): PairMatch[] {
    const project = this.projects.get(projectId);
    if (!project) return [];
    const out: PairMatch[] = [];
    for (const member of this.members.values()) {
      const match = this.evaluate(project, member);
      if (match) out.push(match);
    }
    return out.sort(comparePartners).slice(0, limit);
  }

  /** A member's projects, best first: one scan of every project. */
  projectsOf(memberId: string, limit = Infinity): PairMatch[] {
    const member = this.members.get(memberId);
    if (!member) return [];
    const out: PairMatch[] = [];
    for (const project of this.projects.values()) {
      const match = this.evaluate(project, member);
      if (match) out.push(match);
    }
    return out.sort(compareProjects).slice(0, limit);
  }

  private evaluate(project: ProjectView, member: MemberView): PairMatch | null {
    return evaluateWithinReach(project, member, { day: this.day, excluded: false }, (p) => this.reaches.get(p.id), this.score);
  }
}

const put = <T>(map: Map<string, T>, id: string, value: T | undefined): void => {
  if (value === undefined) map.delete(id);
  else map.set(id, value);
};
