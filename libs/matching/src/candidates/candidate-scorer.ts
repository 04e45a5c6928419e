import { sortKey } from '../ranking/ranking';
import { recordsContentHash } from '../scoring/content-hash';
import type { MemberFacts, ProjectFacts } from '../scoring/facts-records';
import { scoreRecords } from '../scoring/pair-evaluation';
import { PairScore } from '../scoring/pair-score';
import type { CandidateIndex } from './candidate-index';
import type { ExcludedPairs } from './excluded-pairs';

/** Whether a remote-friendly project's reach holds a member whose fit beyond their territories has this key. */
export type ReachHolds = { holds(p: number, m: number, key: number): boolean };

/**
 * Scores (project, member) pairs by index, into `score`, from the candidate index's records
 * and the current day: `any` by the pair's own rules, `listed` with the project's reach too
 * (what a list may hold), `hash` the content of the pair last scored.
 */
export class CandidateScorer {
  readonly score = new PairScore();
  private readonly context: { day: string; excluded: boolean; minHoursShare: number };
  /** Set once the reach index exists (it scores with this scorer too). */
  reach: ReachHolds = { holds: () => false };

  constructor(
    private readonly index: CandidateIndex,
    private readonly excluded: ExcludedPairs,
    public day: string,
    minHoursShare: number,
  ) {
    this.context = { day, excluded: false, minHoursShare };
  }

  /** Scores one pair; false when it does not match (its reach included). */
  listed(p: number, m: number): boolean {
    if (!this.any(p, m)) return false;
    if (!this.score.beyond) return true;
    return this.reach.holds(p, m, sortKey(this.score.score, this.score.distanceKm));
  }

  /** Scores one pair by the pair's own rules, whatever the project's reach. */
  any(p: number, m: number): boolean {
    const index = this.index;
    const pa = index.projectRecords.at(p);
    const ma = index.memberRecords.at(m);
    if (pa < 0 || ma < 0) return false;
    const ctx = this.context;
    ctx.day = this.day;
    ctx.excluded = this.excluded.has(p, m);
    const project = index.projectFactsOf[p] as ProjectFacts;
    const member = index.memberFactsOf[m] as MemberFacts;
    return scoreRecords(index.projectRecords.data, pa, index.memberRecords.data, ma, project, member, ctx, this.score);
  }

  /** Content hash of the pair last scored. */
  hash(p: number, m: number): number {
    const index = this.index;
    return recordsContentHash(
      index.projectRecords.data,
      index.projectRecords.at(p),
      index.memberRecords.data,
      index.memberRecords.at(m),
      this.score,
    );
  }

  /** Scores a listed pair again, to describe it (only shown pairs are described). */
  rescore(p: number, m: number): void {
    if (!this.listed(p, m)) throw new Error(`pair ${this.index.projectIdOf[p]}/${this.index.memberIdOf[m]} is listed but does not match`);
  }
}
