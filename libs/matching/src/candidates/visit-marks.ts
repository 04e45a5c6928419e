import { grown } from '../model/typed-arrays';

/**
 * Visit marks by entity index (a generation number each), to deduplicate candidates
 * without a Set: an index is visited in this walk when its mark equals the generation.
 * Read `member` and `project` again after `next` (they grow with the indexes).
 */
export class VisitMarks {
  member: Int32Array = new Int32Array(1024);
  project: Int32Array = new Int32Array(1024);
  private generation = 0;

  /** A new generation (every index unmarked), with room for `members` and `projects` indexes. */
  next(members: number, projects: number): number {
    if (this.member.length < members) this.member = grown(this.member, members);
    if (this.project.length < projects) this.project = grown(this.project, projects);
    if (this.generation === 0x7fffffff) {
      this.member.fill(0);
      this.project.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}
