import { Inject, Injectable } from '@nestjs/common';
import { memberDecider, type MemberPersonalData, type Locale, type NotifyFrequency, streamId } from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { PersonalDataCipher } from '@trame/personal-data';

export type ReachableRecipient = Readonly<{
  reachable: true;
  memberId: string;
  firstName: string;
  email: string;
  locale: Locale;
  notify: NotifyFrequency;
  /** Whether the address is confirmed (always true unless `evenUnconfirmed` was asked for). */
  confirmed: boolean;
}>;
export type UnreachableRecipient = Readonly<{
  reachable: false;
  memberId: string;
  reason: 'unknown-member' | 'erased' | 'key-deleted' | 'unconfirmed';
}>;
export type Recipient = ReachableRecipient | UnreachableRecipient;

/**
 * Reads a recipient's contact at send time from their own event stream (the source of
 * truth), never from a job payload: an erased member (key deleted) can no longer be mailed,
 * and the current notification preference always applies.
 */
@Injectable()
export class RecipientDirectory {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /**
   * @param options.evenUnconfirmed for the sign-in and confirmation emails only: an address
   *   not confirmed yet gets no other email (double opt-in), so it is unreachable otherwise.
   */
  async find(memberId: string, options: { evenUnconfirmed?: boolean } = {}): Promise<Recipient> {
    const { state } = await aggregateStream(this.store, streamId('member', memberId), memberDecider);
    if (state.status === 'none') return { reachable: false, memberId, reason: 'unknown-member' };
    if (state.status === 'erased') return { reachable: false, memberId, reason: 'erased' };
    if (!state.confirmed && !options.evenUnconfirmed) return { reachable: false, memberId, reason: 'unconfirmed' };
    const contact = await this.cipher.open<MemberPersonalData>(memberId, state.pii);
    if (!contact) return { reachable: false, memberId, reason: 'key-deleted' };
    return {
      reachable: true,
      memberId,
      firstName: state.firstName,
      email: contact.email,
      locale: state.locale,
      notify: state.notify,
      confirmed: state.confirmed,
    };
  }
}
