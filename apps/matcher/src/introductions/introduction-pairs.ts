import {
  type ExistingIntroductionState,
  introductionDecider,
  type IntroductionEvent,
  type IntroductionState,
  isFinalIntroductionStatus,
  pairExcluded,
  type PairIntroduction,
  pairPolicy,
} from '@trame/domain';

type Pair = Readonly<{ projectId: string; memberId: string }>;

const pairKey = (projectId: string, memberId: string) => `${projectId} ${memberId}`;

/**
 * Which (project, member) pairs the matcher must not recommend, from the introduction
 * events (DESIGN.md's hard filter, issue 5's 90-day rule): a pair with an introduction
 * under way, or already introduced, is left out; a declined or refused one is left out
 * for PAIR_COOL_DOWN_DAYS after its end; an expired or ended one comes back at once. The
 * same `pairPolicy` decides whether a new request is allowed (`assertPairMayBeRequested`),
 * so recommendations and requests agree. Pure state, fed in log order; time is passed in.
 */
export class IntroductionPairs {
  /** Each introduction folded with the decider's own evolve, so its status follows the same rules. */
  private readonly introductions = new Map<string, IntroductionState>();
  private readonly byPair = new Map<string, Set<string>>();
  /** Pairs under a cool-down, with the end of it, until `lapsed` hands them back. */
  private readonly coolingDown = new Map<string, Pair & { untilMs: number }>();

  /** Folds one event in; returns the pair whose exclusion may have changed. */
  apply(event: IntroductionEvent | { type: string; data: unknown }): Pair | undefined {
    const e = event as IntroductionEvent;
    const id = (e.data as { introductionId?: unknown } | undefined)?.introductionId;
    if (typeof id !== 'string') return undefined;
    const before = this.introductions.get(id) ?? introductionDecider.initialState();
    // A replayed request, or an event of an introduction never requested, changes nothing.
    if ((e.type === 'IntroductionRequested') !== (before.status === 'none')) return undefined;
    const after = introductionDecider.evolve(before, e);
    if (after.status === 'none') return undefined;
    this.introductions.set(id, after);
    const key = pairKey(after.projectId, after.memberId);
    let ids = this.byPair.get(key);
    if (!ids) this.byPair.set(key, (ids = new Set()));
    ids.add(id);
    // Reminders and escalations leave the status, hence the exclusion, as it was.
    return before.status === after.status ? undefined : { projectId: after.projectId, memberId: after.memberId };
  }

  /** Whether the pair is left out of recommendations at `now`. */
  excluded(projectId: string, memberId: string, now: Date): boolean {
    const key = pairKey(projectId, memberId);
    const history = [...(this.byPair.get(key) ?? [])].map((id) => this.introductions.get(id) as ExistingIntroductionState);
    const policy = pairPolicy(
      history.map((i): PairIntroduction =>
        isFinalIntroductionStatus(i.status) ? { status: i.status, endedAt: i.endedAt! } : { status: i.status },
      ),
      now,
    );
    if (policy.blockedUntil) this.coolingDown.set(key, { projectId, memberId, untilMs: Date.parse(policy.blockedUntil) });
    else this.coolingDown.delete(key);
    return pairExcluded(policy);
  }

  /** Pairs whose cool-down has ended by `now` (each reported once): they may be recommended again. */
  lapsed(now: Date): Pair[] {
    const out: Pair[] = [];
    for (const [key, pair] of this.coolingDown) {
      if (pair.untilMs > now.getTime()) continue;
      this.coolingDown.delete(key);
      out.push({ projectId: pair.projectId, memberId: pair.memberId });
    }
    return out;
  }
}
