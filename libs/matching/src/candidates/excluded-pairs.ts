/**
 * Pairs left out of every list, by project and member index (scoring checks them for every
 * pair): those with an open or refused introduction (`introduced`, which a later event may
 * readmit) and those a member dismissed ("pas pour moi": `dismissed`, for good).
 */
export class ExcludedPairs {
  readonly introduced = new Map<number, Set<number>>();
  readonly dismissed = new Map<number, Set<number>>();

  has(p: number, m: number): boolean {
    return (
      (this.introduced.size > 0 && (this.introduced.get(p)?.has(m) ?? false)) ||
      (this.dismissed.size > 0 && (this.dismissed.get(p)?.has(m) ?? false))
    );
  }

  /** Excludes or readmits a pair with an introduction. */
  setIntroduced(p: number, m: number, excluded: boolean): void {
    let members = this.introduced.get(p);
    if (excluded) {
      if (!members) this.introduced.set(p, (members = new Set()));
      members.add(m);
    } else if (members) {
      members.delete(m);
      if (members.size === 0) this.introduced.delete(p);
    }
  }

  /** Leaves a pair out for good; false when it already was. */
  dismiss(p: number, m: number): boolean {
    let members = this.dismissed.get(p);
    if (!members) this.dismissed.set(p, (members = new Set()));
    if (members.has(m)) return false;
    members.add(m);
    return true;
  }

  /** Every member left out of a project's list, either way. */
  membersOf(p: number): Set<number> {
    return new Set([...(this.introduced.get(p) ?? []), ...(this.dismissed.get(p) ?? [])]);
  }
}
