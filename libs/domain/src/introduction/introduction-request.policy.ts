import { type FieldViolation, RuleViolationError } from '../shared/errors';
import type { MemberState } from '../member/member.decider';
import type { ProjectState } from '../project/project.decider';
import { assertPairMayBeRequested, type PairIntroduction, pairPolicy } from './introduction.policy';

/** What a request for an introduction is checked against, read by the caller at decision time. */
export type IntroductionRequestFacts = Readonly<{
  project: ProjectState;
  member: MemberState;
  /** Every earlier introduction of the (project, member) pair. */
  pair: readonly PairIntroduction[];
  now: Date;
}>;

/**
 * Rules spanning streams that a request must meet before the introduction decider runs:
 * an active project (not unknown, paused or closed) and an active member (not unknown or
 * erased), both named at once (422); then the pair rule (`assertPairMayBeRequested`).
 */
export const assertIntroductionMayBeRequested = ({ project, member, pair, now }: IntroductionRequestFacts): void => {
  const violations: FieldViolation[] = [];
  if (project.status === 'none') violations.push({ field: 'projectId', message: 'projet inconnu / unknown project' });
  else if (project.status === 'paused') violations.push({ field: 'projectId', message: 'projet en pause / project paused' });
  else if (project.status === 'closed') violations.push({ field: 'projectId', message: 'projet clos / project closed' });
  if (member.status !== 'active') violations.push({ field: 'memberId', message: 'membre inconnu ou effacé / unknown or erased member' });
  if (violations.length > 0) throw new RuleViolationError(violations);
  assertPairMayBeRequested(pairPolicy(pair, now));
};
