import { areaKey, areaKeysOf, type CandidateIndex } from '../candidates/candidate-index';
import { CircleGrid } from '../geo/geo-grid';
import type { ReferentView } from '../model/entities';
import { PostingList } from '../model/posting-list';
import { referentChain, type Place, type ReferentAssignment } from './referent-resolution';

/**
 * The referent index: every active referent, their areas by code and their circles by
 * covered grid cell, to find the referents of a place (the rule: `referent-resolution.ts`).
 */
export class ReferentIndex {
  readonly referents = new Map<string, ReferentView>();
  private readonly byArea = new PostingList();
  private readonly circles: CircleGrid;

  constructor(
    cellDegrees: number,
    private readonly candidates: CandidateIndex,
  ) {
    this.circles = new CircleGrid(cellDegrees);
  }

  /** Files a referent's new state in place of `before`; adds to `covered` the projects either covers (their referent may change). */
  put(id: string, before: ReferentView | undefined, after: ReferentView | undefined, covered: Set<number>): void {
    if (before) {
      this.projectsCoveredBy(before, covered);
      this.index(before, false);
    }
    if (after) {
      this.referents.set(id, after);
      this.index(after, true);
      this.projectsCoveredBy(after, covered);
    } else this.referents.delete(id);
  }

  /** The best referent per level of a place (see `referentChain`), most specific first, ending with admin. */
  chain(place: Place, themeKeys?: ReadonlySet<string>): ReferentAssignment[] {
    const ids = new Set<string>();
    for (const key of areaKeysOf(place)) this.byArea.collect(key, ids);
    if (place.lat !== undefined && place.lon !== undefined) for (const id of this.circles.at(place.lat, place.lon)) ids.add(id);
    const candidates: ReferentView[] = [];
    for (const id of ids) {
      const r = this.referents.get(id);
      if (r) candidates.push(r);
    }
    return referentChain(candidates, place, themeKeys);
  }

  private index(r: ReferentView, add: boolean): void {
    for (const t of r.territories) {
      if (t.kind === 'radius') {
        if (add) this.circles.add(r.id, t.lat, t.lon, t.radiusKm);
        else this.circles.remove(r.id, t.lat, t.lon, t.radiusKm);
      } else if (add) this.byArea.add(areaKey(t.level, t.code), r.id);
      else this.byArea.remove(areaKey(t.level, t.code), r.id);
    }
  }

  private projectsCoveredBy(r: ReferentView, into: Set<number>): void {
    for (const t of r.territories) {
      if (t.kind === 'radius') this.candidates.projectGeo.near(t.lat, t.lon, t.radiusKm, into);
      else this.candidates.projectArea.collect(areaKey(t.level, t.code), into);
    }
  }
}
