import type { CandidateIndex } from '../candidates/candidate-index';
import { areaKey, areaKeysOf } from '../candidates/candidate-index';
import type { MemberView, ProjectView } from '../model/entities';
import { compareIds } from '../ranking/ranking';
import { skillMaskOf } from '../candidates/place-screen';
import type { RankedList } from '../lists/ranked-list';
import {
  anyFits,
  AREA_KM,
  countFromTally,
  missingScreen,
  newTally,
  tallySignature,
  type MissingPartners,
  type MissingTally,
} from './missing-partners';

/**
 * The engine's running totals for `missingPartners` (the rules: `missing-partners.ts`):
 * per project (by index), its area's members counted by standing per need (see
 * `MissingTally`), made by the first query of a short list, then kept in step with
 * members' changes and the day (`markAround`); dropped when the project changes. And the
 * projects whose missing partners may have changed since `drainChanges` was last called:
 * a superset, gathered where their inputs change (the project, its pairs, its eligible
 * list, members of its area, the day).
 */
export class MissingTallies {
  readonly dirty = new Set<number>();
  private readonly tallies: (MissingTally | undefined)[] = [];
  private tallyCount = 0;

  constructor(
    private readonly index: CandidateIndex,
    /** Share of a need's hours that lets it fit (`MATCH_MIN_HOURS_SHARE`). */
    private readonly minShare: number,
  ) {}

  /**
   * The missing partners of an active project with `partners` shown (fewer than a full
   * list), from its tally (made from its area the first time, `tallyArea`) and the few
   * members the engine's state decides for: those its list shows (`shown`), its excluded
   * pairs and, for a remote-friendly project, its reach.
   */
  count(
    p: number,
    project: ProjectView,
    day: string,
    partners: number,
    sets: Readonly<{ shown: RankedList | undefined; excluded: Iterable<number>; reach: Iterable<number> | undefined }>,
  ): MissingPartners {
    const tally = this.tallies[p] ?? this.tallyArea(p, project, day);
    const { shown } = sets;
    const views = (ids: Iterable<number>, skip?: RankedList): MemberView[] => {
      const out: MemberView[] = [];
      for (const m of ids) {
        const member = this.index.memberOf[m];
        if (member && !(skip && skip.indexOf(m) >= 0)) out.push(member);
      }
      return out;
    };
    return countFromTally(
      project,
      tally,
      day,
      partners,
      {
        shown: shown ? views(shown.ids.subarray(0, shown.length)) : [],
        excluded: views(sets.excluded, shown),
        reach: sets.reach ? views(sets.reach, shown) : [],
      },
      this.minShare,
    );
  }

  /**
   * Counts a project's area by standing: the members the geo grid holds within AREA_KM and
   * those whose area holds the place, screened by skill mask.
   */
  private tallyArea(p: number, project: ProjectView, day: string): MissingTally {
    const index = this.index;
    const tally = newTally(project);
    const screen = missingScreen(project, this.minShare);
    const generation = index.nextGeneration();
    const marks = index.marks.member;
    const masks = index.memberScreen.skillMask;
    const lo = index.projectScreen.skillMask[2 * p];
    const hi = index.projectScreen.skillMask[2 * p + 1];
    const consider = (m: number): void => {
      if (marks[m] === generation) return;
      marks[m] = generation;
      if (((masks[2 * m] & lo) | (masks[2 * m + 1] & hi)) === 0) return;
      const signature = screen.signature(index.memberOf[m], day);
      if (signature !== 0) tallySignature(tally, signature, 1);
    };
    index.memberGeo.visitNear(project.location.lat, project.location.lon, AREA_KM, consider);
    for (const key of areaKeysOf(project.location)) index.memberArea.get(key)?.forEach(consider);
    this.tallies[p] = tally;
    this.tallyCount++;
    return tally;
  }

  /**
   * A member's change (`before` on day `was` → `after` on day `is`): updates the tallies of
   * the projects of whose area they are (either state), with a skill they need, and marks
   * those whose counts may change: where the member's standing per need differs, or, for a
   * remote-friendly project, where they fit either way (its reach may change). A member who
   * fits either way changes counts only through the project's eligible list, followed by
   * the flush. Projects without a tally (never asked, or not short when asked) have no
   * counts to change.
   */
  markAround(before: MemberView | undefined, after: MemberView | undefined, was: string, is: string): void {
    if (this.tallyCount === 0) return;
    const index = this.index;
    const lo = (before ? skillMaskOf(before.skills, 0) : 0) | (after ? skillMaskOf(after.skills, 0) : 0);
    const hi = (before ? skillMaskOf(before.skills, 1) : 0) | (after ? skillMaskOf(after.skills, 1) : 0);
    const mask = index.projectScreen.skillMask;
    const generation = index.nextGeneration();
    const marks = index.marks.project;
    const visit = (p: number): void => {
      if (marks[p] === generation) return;
      marks[p] = generation;
      // Only a short list has counts, hence a tally: a list that turns short is marked by the flush.
      const tally = this.tallies[p];
      if (!tally || ((mask[2 * p] & lo) | (mask[2 * p + 1] & hi)) === 0) return;
      const screen = missingScreen(index.projectOf[p] as ProjectView, this.minShare);
      const old = screen.signature(before, was);
      const now = screen.signature(after, is);
      if (old === now && !(screen.project.remoteFriendly && anyFits(now))) return;
      this.dirty.add(p);
      if (old !== now) {
        tallySignature(tally, old, -1);
        tallySignature(tally, now, 1);
      }
    };
    for (const member of [before, after]) {
      for (const t of member?.territories ?? []) {
        if (t.kind === 'radius') index.projectGeo.visitNear(t.lat, t.lon, AREA_KM, visit);
        else index.projectArea.get(areaKey(t.level, t.code))?.forEach(visit);
      }
    }
  }

  /** Forgets a project's tally (it changed). */
  drop(p: number): void {
    if (!this.tallies[p]) return;
    this.tallies[p] = undefined;
    this.tallyCount--;
  }

  /** Ids of the projects whose missing partners may have changed since the last call (then forgotten). */
  drainChanges(): string[] {
    const ids = [...this.dirty].map((p) => this.index.projectIdOf[p]);
    this.dirty.clear();
    return ids.sort(compareIds);
  }
}
