/** key → set of ids, with empty sets dropped so the map only holds live keys. */
export class PostingList<Id = string> {
  private readonly lists = new Map<string, Set<Id>>();

  add(key: string, id: Id): void {
    let ids = this.lists.get(key);
    if (!ids) this.lists.set(key, (ids = new Set()));
    ids.add(id);
  }

  remove(key: string, id: Id): void {
    const ids = this.lists.get(key);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.lists.delete(key);
  }

  get(key: string): ReadonlySet<Id> | undefined {
    return this.lists.get(key);
  }

  /** Adds the ids filed under `key` to `into`. */
  collect(key: string, into: Set<Id>): void {
    const ids = this.lists.get(key);
    if (ids) for (const id of ids) into.add(id);
  }

  entries(): IterableIterator<[string, Set<Id>]> {
    return this.lists.entries();
  }
}
