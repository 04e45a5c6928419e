import { Injectable } from '@nestjs/common';
import { MAX_MEMBER_SLOTS, type MemberStatus, type RegistrationDecision, registrationPolicy } from '@trame/domain';
import { v5 as uuidv5 } from 'uuid';
import { AccountDirectory } from '../auth/account-directory';
import { RegistrationPacing } from './registration-pacing';

/** Namespace of member ids derived from an address's blind index hash (a fixed random UUID). */
const MEMBER_ID_NAMESPACE = '6d0f3c52-8f1e-4b7a-9c3d-5e2a1b8f4c07';

/**
 * The id of an address's member in one slot: derived from the keyed blind index hash (never
 * the address), so only this service's secret links the two, and two registrations of one
 * new address race for one stream.
 */
export const memberIdFor = (lookupHash: string, slot: number): string => uuidv5(`member:${lookupHash}:${slot}`, MEMBER_ID_NAMESPACE);

/**
 * Reads what the domain's registration policy needs, strongly consistent (from the streams,
 * not the read models): the address's live members by the blind index, and the statuses of
 * its derived ids up to the first unused one.
 */
@Injectable()
export class MemberRegistration {
  /** Known addresses answer in the timing class of new ones. */
  readonly pacing = new RegistrationPacing();

  constructor(private readonly directory: AccountDirectory) {}

  async decide(lookupHash: string): Promise<Readonly<{ decision: RegistrationDecision; memberId?: string }>> {
    const { memberIds } = await this.directory.accountsOf(lookupHash);
    const slots: MemberStatus[] = [];
    while (slots.length < MAX_MEMBER_SLOTS) {
      const state = await this.directory.member(memberIdFor(lookupHash, slots.length));
      // A member who moved to another address keeps their id: for this address, a used slot like an erased one.
      const moved = state.status === 'active' && !(await this.directory.holdsAddress(state, lookupHash));
      const status = moved ? 'erased' : state.status;
      slots.push(status);
      if (status === 'none') break;
    }
    const decision = registrationPolicy(memberIds, slots);
    return decision.kind === 'register' ? { decision, memberId: memberIdFor(lookupHash, decision.slot) } : { decision };
  }
}
