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
}>;
export type UnreachableRecipient = Readonly<{ reachable: false; memberId: string; reason: 'unknown-member' | 'erased' | 'key-deleted' }>;
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

  async find(memberId: string): Promise<Recipient> {
    const { state } = await aggregateStream(this.store, streamId('member', memberId), memberDecider);
    if (state.status === 'none') return { reachable: false, memberId, reason: 'unknown-member' };
    if (state.status === 'erased') return { reachable: false, memberId, reason: 'erased' };
    const contact = await this.cipher.open<MemberPersonalData>(memberId, state.pii);
    if (!contact) return { reachable: false, memberId, reason: 'key-deleted' };
    return { reachable: true, memberId, firstName: state.firstName, email: contact.email, locale: state.locale, notify: state.notify };
  }
}
