import { Inject, Injectable } from '@nestjs/common';
import { InvalidStateError, memberDecider, streamId } from '@trame/domain';
import { EVENT_STORE, type EventStore, handleCommand } from '@trame/event-store';
import { AccountDirectory } from '../auth/account-directory';

/**
 * Records that a person proved they read an address (double opt-in): a confirmation link or
 * code, or a sign-in link or code, which prove the same. Appends `MemberConfirmed` to those of
 * the address's members still unconfirmed; the decider makes a second confirmation a no-op.
 *
 * Provided by AuthModule (sign-in confirms too), which also runs without the api's CQRS
 * shell (the admin dashboard's apps): it calls `handleCommand` as the member command handler
 * does, with the system's time, as sign-in does.
 */
@Injectable()
export class MemberConfirmations {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: AccountDirectory,
  ) {}

  /** Confirms each member of `memberIds` not confirmed yet; a member erased meanwhile is left alone. */
  async confirm(memberIds: readonly string[]): Promise<void> {
    for (const memberId of memberIds) {
      const state = await this.directory.member(memberId);
      // Reading first spares a write per sign-in for the members confirmed long ago (nearly all).
      if (state.status !== 'active' || state.confirmed) continue;
      try {
        await handleCommand(this.store, streamId('member', memberId), memberDecider, {
          type: 'ConfirmMember',
          data: { memberId },
          metadata: { now: new Date() },
        });
      } catch (error) {
        if (!(error instanceof InvalidStateError)) throw error;
      }
    }
  }
}
