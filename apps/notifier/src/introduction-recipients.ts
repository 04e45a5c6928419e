import { Inject, Injectable } from '@nestjs/common';
import {
  introductionDecider,
  type IntroductionEvent,
  type IntroductionState,
  type Locale,
  memberDecider,
  type MemberPersonalData,
  referentDecider,
  type ReferentPersonalData,
  type Sealed,
  streamId,
} from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { PersonalDataCipher } from '@trame/personal-data';

/** A person's contact, unsealed at send time; never stored, never in a job. */
export type IntroductionContact = Readonly<{ firstName: string; displayName: string; email: string; locale: Locale }>;

export type ContactLookup =
  | Readonly<{ found: true; contact: IntroductionContact }>
  | Readonly<{ found: false; reason: 'unknown' | 'erased' | 'key-deleted' | 'retired' | 'unconfirmed' }>;

export type IntroductionAtStep = Readonly<{
  /** The introduction as of the end of its stream. */
  head: IntroductionState;
  /** The event the email reports, if the stream has it. */
  event?: IntroductionEvent;
}>;

/**
 * What an introduction email needs at send time, read from the event streams (the source
 * of truth) rather than from the job: the introduction's latest state and the event of the
 * step, and the contacts of members and referents, unsealed with their own keys. An erased
 * person (key deleted) can no longer be mailed, named or handed to anyone.
 */
@Injectable()
export class IntroductionRecipients {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async introduction(introductionId: string, revision: number): Promise<IntroductionAtStep> {
    const { state: head, events } = await aggregateStream(this.store, streamId('introduction', introductionId), introductionDecider);
    return { head, event: events.find((e) => e.revision === revision) };
  }

  async member(memberId: string): Promise<ContactLookup> {
    const { state } = await aggregateStream(this.store, streamId('member', memberId), memberDecider);
    if (state.status === 'none') return { found: false, reason: 'unknown' };
    if (state.status === 'erased') return { found: false, reason: 'erased' };
    // Double opt-in: an address not confirmed yet gets no email but the sign-in and confirmation ones.
    if (!state.confirmed) return { found: false, reason: 'unconfirmed' };
    const pii = await this.cipher.open<MemberPersonalData>(memberId, state.pii);
    if (!pii) return { found: false, reason: 'key-deleted' };
    return { found: true, contact: { firstName: state.firstName, displayName: pii.displayName, email: pii.email, locale: state.locale } };
  }

  /** Referents have no language setting: French first. A retired referent is not mailed. */
  async referent(referentId: string): Promise<ContactLookup> {
    const { state } = await aggregateStream(this.store, streamId('referent', referentId), referentDecider);
    if (state.status === 'none') return { found: false, reason: 'unknown' };
    if (state.status === 'retired') return { found: false, reason: 'retired' };
    const pii = await this.cipher.open<ReferentPersonalData>(referentId, state.pii);
    if (!pii) return { found: false, reason: 'key-deleted' };
    return { found: true, contact: { firstName: state.firstName, displayName: pii.displayName, email: pii.email, locale: 'fr' } };
  }

  /** The requester's message, or undefined once their key is gone. */
  async message(requesterId: string, sealed: Sealed): Promise<string | undefined> {
    const opened = await this.cipher.open<unknown>(requesterId, sealed);
    if (typeof opened === 'string') return opened.trim() || undefined;
    // Tolerate an object form ({text} or {message}) should the api ever seal one.
    if (opened && typeof opened === 'object') {
      const text = (opened as { text?: unknown; message?: unknown }).text ?? (opened as { message?: unknown }).message;
      if (typeof text === 'string') return text.trim() || undefined;
    }
    return undefined;
  }
}
