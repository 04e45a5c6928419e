import { InvalidStateError, RuleViolationError } from '../shared/errors';
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
  /** The pair was introduced: for good, neither requested again nor recommended. */
  introduced: boolean;
  /** Until when (exclusive) the pair must not be suggested, after a decline or a refusal. */
  blockedUntil?: string;
}>;

/**
 * Rules spanning several introduction streams, for one (project, member) pair: the one
 * rule both the api (may this pair be requested?) and the matcher (may it be recommended?)
 * follow. Pure: the caller passes every introduction of the pair, and the time. An
 * expired introduction, or one ended by its project or an erasure, neither keeps the pair
 * open nor blocks it; an introduced pair is done for good.
 */
export const pairPolicy = (history: readonly PairIntroduction[], now: Date): PairPolicy => {
  let open = false;
  let introduced = false;
  let blockedUntilMs = -Infinity;
  for (const introduction of history) {
    if (introduction.status === 'awaiting-referent' || introduction.status === 'awaiting-consent') open = true;
    else if (introduction.status === 'introduced') introduced = true;
    else if (introduction.status === 'declined' || introduction.status === 'refused') {
      blockedUntilMs = Math.max(blockedUntilMs, Date.parse(introduction.endedAt) + COOL_DOWN_MS);
    }
  }
  return blockedUntilMs > now.getTime() ? { open, introduced, blockedUntil: new Date(blockedUntilMs).toISOString() } : { open, introduced };
};

/** Whether the pair is left out of recommendations: under way, introduced, or cooling down. */
export const pairExcluded = (policy: PairPolicy): boolean => policy.open || policy.introduced || policy.blockedUntil !== undefined;

/**
 * A request for the pair: refused while one is under way or once introduced (409, the
 * state of the pair forbids it), and during the cool-down (422 naming `blockedUntil`).
 */
export const assertPairMayBeRequested = (policy: PairPolicy): void => {
  if (policy.introduced) {
    throw new InvalidStateError(
      'déjà mis en relation : ce projet et ce membre se connaissent déjà / ' +
        'already introduced: this project and member already know each other',
    );
  }
  if (policy.open) {
    throw new InvalidStateError(
      'une mise en relation est déjà en cours pour ce projet et ce membre / ' +
        'an introduction of this project and member is already under way',
    );
  }
  if (policy.blockedUntil) {
    throw new RuleViolationError([
      {
        field: 'memberId',
        message:
          `mise en relation déclinée ou refusée il y a moins de ${PAIR_COOL_DOWN_DAYS} jours, ` +
          `nouvelle demande possible à partir du ${policy.blockedUntil} / ` +
          `declined or refused less than ${PAIR_COOL_DOWN_DAYS} days ago; blockedUntil ${policy.blockedUntil}`,
      },
    ]);
  }
};
