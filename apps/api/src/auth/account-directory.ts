import { Inject, Injectable } from '@nestjs/common';
import {
  type ActiveMemberState,
  memberDecider,
  type MemberPersonalData,
  type MemberState,
  projectDecider,
  type ProjectState,
  referentDecider,
  type ReferentState,
  streamId,
} from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { emailLookupHash, LinkSigner } from '@trame/mail';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';

/** What one address may act as: its active accounts, and admin if listed in ADMIN_EMAILS. */
export type Accounts = Readonly<{ lookupHash: string; memberIds: string[]; referentIds: string[]; admin: boolean }>;

export const hasAnyAccount = (a: Accounts) => a.admin || a.memberIds.length > 0 || a.referentIds.length > 0;

/**
 * Reads aggregates straight from their streams (strongly consistent, unlike read models):
 * who owns an address at sign-in, who holds a project, which places a referent covers.
 */
@Injectable()
export class AccountDirectory {
  private readonly adminHashes: ReadonlySet<string>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(TRAME_CONFIG) config: TrameConfig,
    private readonly signer: LinkSigner,
    private readonly cipher: PersonalDataCipher,
  ) {
    this.adminHashes = new Set(config.ADMIN_EMAILS.map((email) => emailLookupHash(signer, email)));
  }

  lookupHash(email: string): string {
    return emailLookupHash(this.signer, email);
  }

  /**
   * The accounts of an address, from the blind index, keeping only those whose stream says
   * they are live now (an erased member or a retired referent signs in as nothing).
   */
  async accountsOf(lookupHash: string): Promise<Accounts> {
    const entries = await this.keys.findLookup(lookupHash);
    const memberIds: string[] = [];
    const referentIds: string[] = [];
    for (const entry of entries) {
      if (entry.kind === 'member' && (await this.memberHolding(entry.subjectId, lookupHash))) memberIds.push(entry.subjectId);
      if (entry.kind === 'referent' && (await this.referent(entry.subjectId)).status === 'active') referentIds.push(entry.subjectId);
    }
    return { lookupHash, memberIds: memberIds.sort(), referentIds: referentIds.sort(), admin: this.adminHashes.has(lookupHash) };
  }

  /**
   * Whether an active member's address is, now, the one of `lookupHash`. The blind index keeps
   * the entries of every address a member ever had (they go with the key at erasure), so a
   * member who ever asked to change theirs is checked against their stream (an entry for the
   * new address is added just before the change is recorded); the others need no decryption.
   */
  async holdsAddress(state: ActiveMemberState, lookupHash: string): Promise<boolean> {
    if (!state.emailChange) return true;
    const contact = await this.cipher.open<MemberPersonalData>(state.memberId, state.pii);
    return contact !== null && this.lookupHash(contact.email) === lookupHash;
  }

  private async memberHolding(memberId: string, lookupHash: string): Promise<boolean> {
    const state = await this.member(memberId);
    return state.status === 'active' && (await this.holdsAddress(state, lookupHash));
  }

  async member(memberId: string): Promise<MemberState> {
    return (await aggregateStream(this.store, streamId('member', memberId), memberDecider)).state;
  }

  async referent(referentId: string): Promise<ReferentState> {
    return (await aggregateStream(this.store, streamId('referent', referentId), referentDecider)).state;
  }

  async project(projectId: string): Promise<ProjectState> {
    return (await aggregateStream(this.store, streamId('project', projectId), projectDecider)).state;
  }
}
