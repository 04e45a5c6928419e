import { grown } from '../model/typed-arrays';

/** Pairs to re-score at the next flush, as (member, project) in two parallel arrays (duplicates allowed). */
export class PairQueue {
  members: Int32Array = new Int32Array(1024);
  projects: Int32Array = new Int32Array(1024);
  size = 0;

  push(p: number, m: number): void {
    if (this.size === this.members.length) {
      this.members = grown(this.members, this.size + 1);
      this.projects = grown(this.projects, this.size + 1);
    }
    this.members[this.size] = m;
    this.projects[this.size] = p;
    this.size++;
  }
}
