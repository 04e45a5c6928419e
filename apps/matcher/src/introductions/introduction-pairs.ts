import { type FinalIntroductionStatus, type IntroductionEvent, type OpenIntroductionStatus, type PairIntroduction, pairPolicy } from '@trame/domain';

type Pair = Readonly<{ projectId: string; memberId: string }>;
type Tracked = Pair & { status: PairIntroduction['status']; endedAt?: string };

const pairKey = (projectId: string, memberId: string) => `${projectId} ${memberId}`;

/**
 * Which (project, member) pairs the matcher must not recommend, from the introduction
 * events (DESIGN.md's hard filter, issue 5's 90-day rule): a pair with an introduction
 * under way, or already introduced, is left out; a declined or refused one is left out
 * for PAIR_COOL_DOWN_DAYS after its end; an expired one comes back at once. The same
 * `pairPolicy` decides whether a new request is allowed, so recommendations and requests
 * agree. Pure state, fed in log order; time is passed in.
 */
export class IntroductionPairs {
  private readonly introductions = new Map<string, Tracked>();
  private readonly byPair = new Map<string, Set<string>>();
  /** Pairs under a cool-down, with the end of it, until `lapsed` hands them back. */
  private readonly coolingDown = new Map<string, Pair & { untilMs: number }>();

  /** Folds one event in; returns the pair whose exclusion may have changed. */
  apply(event: IntroductionEvent | { type: string; data: unknown }): Pair | undefined {
    const e = event as IntroductionEvent;
    if (e.type === 'IntroductionRequested') {
      const { introductionId, projectId, memberId } = e.data;
      if (this.introductions.has(introductionId)) return undefined;
      this.introductions.set(introductionId, { projectId, memberId, status: 'awaiting-referent' });
      const key = pairKey(projectId, memberId);
      let ids = this.byPair.get(key);
      if (!ids) this.byPair.set(key, (ids = new Set()));
      ids.add(introductionId);
      return { projectId, memberId };
    }
    const tracked = (e.data as { introductionId?: string } | undefined)?.introductionId
      ? this.introductions.get((e.data as { introductionId: string }).introductionId)
      : undefined;
    if (!tracked) return undefined;
    switch (e.type) {
      case 'IntroductionApproved':
        tracked.status = 'awaiting-consent';
        break;
      case 'IntroductionAccepted':
        tracked.status = 'introduced';
        tracked.endedAt = e.data.acceptedAt;
        break;
      case 'IntroductionDeclined':
        tracked.status = 'declined';
        tracked.endedAt = e.data.declinedAt;
        break;
      case 'IntroductionRefused':
        tracked.status = 'refused';
        tracked.endedAt = e.data.refusedAt;
        break;
      case 'IntroductionExpired':
        tracked.status = 'expired';
        tracked.endedAt = e.data.expiredAt;
        break;
      default:
        return undefined;
    }
    return { projectId: tracked.projectId, memberId: tracked.memberId };
  }

  /** Whether the pair is left out of recommendations at `now`. */
  excluded(projectId: string, memberId: string, now: Date): boolean {
    const key = pairKey(projectId, memberId);
    const history = [...(this.byPair.get(key) ?? [])].map((id) => this.introductions.get(id)!);
    if (history.some((i) => i.status === 'introduced')) return true;
    const policy = pairPolicy(
      history.map(
        (i): PairIntroduction =>
          i.endedAt !== undefined ? { status: i.status as FinalIntroductionStatus, endedAt: i.endedAt } : { status: i.status as OpenIntroductionStatus },
      ),
      now,
    );
    if (policy.blockedUntil) this.coolingDown.set(key, { projectId, memberId, untilMs: Date.parse(policy.blockedUntil) });
    else this.coolingDown.delete(key);
    return policy.open || policy.blockedUntil !== undefined;
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
