import type { MemberState } from './member.decider';

/*
 * One member per address. A registration with an address that already has a live member
 * account creates no second profile: that address gets a sign-in link instead, and the
 * answer is the same either way (no account enumeration).
 *
 * New members take ids derived from the address (slot 0, 1, 2… of its blind index hash):
 * two registrations of one new address at once then race for one stream, and the event
 * store lets only one be created. An erased member's slot stays taken by its stream, so
 * the address registers again in the next slot.
 */

export type MemberStatus = MemberState['status'];

export type RegistrationDecision = Readonly<{ kind: 'sign-in' }> | Readonly<{ kind: 'register'; slot: number }>;

/** How many slots an address may use up (erasures) before registration refuses to search further. */
export const MAX_MEMBER_SLOTS = 100;

/**
 * @param indexedActiveMemberIds live members the address's blind index names (accounts of
 *   any id, those registered before ids derived from the address included)
 * @param slotStatuses the statuses of the address's derived ids, slot 0 first, read up to
 *   and including the first one never used ('none')
 */
export function registrationPolicy(indexedActiveMemberIds: readonly string[], slotStatuses: readonly MemberStatus[]): RegistrationDecision {
  if (indexedActiveMemberIds.length > 0 || slotStatuses.includes('active')) return { kind: 'sign-in' };
  const slot = slotStatuses.indexOf('none');
  if (slot < 0) throw new Error(`registrationPolicy: no free slot among ${slotStatuses.length} read`);
  return { kind: 'register', slot };
}
