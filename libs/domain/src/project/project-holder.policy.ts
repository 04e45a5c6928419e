import { RuleViolationError } from '../shared/errors';
import type { MemberState } from '../member/member.decider';

/** A project is carried by a registered member: not an unknown id, not an erased member (422 naming `holderId`). */
export const assertActiveHolder = (holder: MemberState): void => {
  if (holder.status !== 'active') {
    throw new RuleViolationError([{ field: 'holderId', message: 'membre inconnu ou effacé / unknown or erased member' }]);
  }
};
