import { RuleViolationError } from '../shared/errors';
import type { MemberState } from '../member/member.decider';
import { assertActiveHolder } from './project-holder.policy';

const member = (status: MemberState['status']) => ({ status }) as MemberState;

describe('assertActiveHolder', () => {
  it('given an active member, a project may be proposed in their name', () => {
    expect(() => assertActiveHolder(member('active'))).not.toThrow();
  });

  it.each(['none', 'erased'] as const)('given a member %s, then 422 naming holderId', (status) => {
    expect(() => assertActiveHolder(member(status))).toThrow(RuleViolationError);
    expect(() => assertActiveHolder(member(status))).toThrow('holderId: membre inconnu ou effacé / unknown or erased member');
  });
});
