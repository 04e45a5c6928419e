import type { FinalIntroductionStatus, OpenIntroductionStatus } from './introduction.decider';

/** Days during which a declined or refused pair is not suggested again. */
export const PAIR_COOL_DOWN_DAYS = 90;
const COOL_DOWN_MS = PAIR_COOL_DOWN_DAYS * 24 * 3_600_000;

/** One past or current introduction of a (project, member) pair, as a read model keeps it. */
export type PairIntroduction =
  Readonly<{ status: OpenIntroductionStatus }> | Readonly<{ status: FinalIntroductionStatus; endedAt: string }>;

export type PairPolicy = Readonly<{
  /** An introduction of the pair is under way: no second one may be requested. */
  open: boolean;
  /** Until when (exclusive) the pair must not be suggested, after a decline or a refusal. */
  blockedUntil?: string;
}>;

/**
 * Rules spanning several introduction streams, for one (project, member) pair. Pure: the
 * caller passes every introduction of the pair from a read model, and the time. An
 * expired or completed introduction neither keeps the pair open nor blocks it.
 */
export const pairPolicy = (history: readonly PairIntroduction[], now: Date): PairPolicy => {
  let open = false;
  let blockedUntilMs = -Infinity;
  for (const introduction of history) {
    if (introduction.status === 'awaiting-referent' || introduction.status === 'awaiting-consent') open = true;
    else if (introduction.status === 'declined' || introduction.status === 'refused') {
      blockedUntilMs = Math.max(blockedUntilMs, Date.parse(introduction.endedAt) + COOL_DOWN_MS);
    }
  }
  return blockedUntilMs > now.getTime() ? { open, blockedUntil: new Date(blockedUntilMs).toISOString() } : { open };
};
