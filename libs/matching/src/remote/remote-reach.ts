import type { MemberView, ProjectView } from '../model/entities';
import type { PairContext, PairMatch } from '../model/match-types';
import { compareIds, sortKey } from '../ranking/ranking';
import { describePair } from '../reasons/pair-description';
import { scorePair } from '../scoring/pair-evaluation';
import { PairScore } from '../scoring/pair-score';

/**
 * Remote reach: a remote-friendly project is offered, beyond every territory of its
 * candidates, to its best `reach` such candidates nationwide (members placed by one of
 * their territories are matched as for any project).
 *
 * Why: "remote-friendly ignores distance" unbounded made every such project a candidate
 * of every member sharing one skill (tens of thousands each); their lists filled up with
 * far-away projects, and one change to such a project rewrote thousands of lists. The
 * project's holder sees 20 partners and each member at most K projects anyway; a few
 * times that many nationwide candidates keeps the best of them on both sides.
 */
export const DEFAULT_REMOTE_REACH = 100;

/** One candidate of a project's reach: its sort key and the member (order: key desc, then id). */
export type ReachEntry = { key: number; memberId: string };

export const compareReach = (a: ReachEntry, b: ReachEntry): number => b.key - a.key || compareIds(a.memberId, b.memberId);

/**
 * The members a remote-friendly project reaches beyond their territories: a full scan of
 * every member (the oracle's and the baseline's way; the engine keeps it incrementally).
 */
export function remoteReachOf(
  project: ProjectView,
  members: Iterable<MemberView>,
  reach: number,
  contextOf: (member: MemberView) => PairContext,
): Set<string> {
  if (!project.remoteFriendly || reach <= 0) return new Set();
  const score = new PairScore();
  const entries: ReachEntry[] = [];
  for (const member of members) {
    if (scorePair(project, member, contextOf(member), score) && score.beyond) {
      entries.push({ key: sortKey(score.score, score.distanceKm), memberId: member.id });
    }
  }
  return new Set(
    entries
      .sort(compareReach)
      .slice(0, reach)
      .map((e) => e.memberId),
  );
}

/**
 * `evaluatePair` with the reach rule: a fit beyond every territory of the member counts only
 * if `reachOf(project)` holds them (the oracle's and the baseline's way to apply it).
 */
export function evaluateWithinReach(
  project: ProjectView,
  member: MemberView,
  ctx: PairContext,
  reachOf: (project: ProjectView) => ReadonlySet<string> | undefined,
  score: PairScore,
): PairMatch | null {
  if (!scorePair(project, member, ctx, score)) return null;
  if (score.beyond && !reachOf(project)?.has(member.id)) return null;
  return describePair(project, member, score);
}
