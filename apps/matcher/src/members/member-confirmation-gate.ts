import type { MemberEvent, MemberRegistered } from '@trame/domain';
import type { RecordedEvent } from '@trame/event-store';

type Registration = MemberRegistered['data'];

/** A member waiting for confirmation: what the engine will be given once they confirm. */
export type PendingMember = Readonly<{ registration: Registration; registeredAt: string }>;

const FACETS = new Set<string>([
  'MemberSkillsDeclared',
  'MemberInterestsChanged',
  'MemberTerritoriesChanged',
  'MemberAvailabilityDeclared',
]);

/**
 * Double opt-in on the matcher's side: a member registered with `confirmationRequired`
 * stays out of the matching engine (so out of every list, match email, digest and holder's
 * partners) until `MemberConfirmed`, which lets them in as one registration carrying their
 * profile as it is by then. Registrations recorded before double opt-in pass straight
 * through. Pure and in memory like the engine: replaying the log rebuilds it.
 *
 * `pii` is never kept: the engine does not read it, and the gate drops it on arrival.
 */
export class MemberConfirmationGate {
  private readonly pending = new Map<string, PendingMember>();

  /** The batch as the engine must see it: unconfirmed members' events held back, confirmations turned into registrations. */
  filter(batch: readonly RecordedEvent[]): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (const event of batch) {
      const passed = this.apply(event);
      if (passed) out.push(passed);
    }
    return out;
  }

  /** Members registered and not yet confirmed (nor erased), by id. */
  get unconfirmed(): ReadonlyMap<string, PendingMember> {
    return this.pending;
  }

  private apply(event: RecordedEvent): RecordedEvent | undefined {
    const e = event as unknown as MemberEvent;
    switch (e.type) {
      case 'MemberRegistered': {
        if (e.data.confirmationRequired !== true) return event;
        const { pii: _pii, ...registration } = e.data;
        this.pending.set(e.data.memberId, { registration: { ...registration, pii: '' }, registeredAt: e.data.registeredAt });
        return undefined;
      }
      case 'MemberConfirmed': {
        const held = this.pending.get(e.data.memberId);
        if (!held) return undefined;
        this.pending.delete(e.data.memberId);
        return { ...event, type: 'MemberRegistered', data: held.registration };
      }
      case 'MemberErased':
        // Passed on either way: the engine ignores a member it does not know.
        this.pending.delete(e.data.memberId);
        return event;
      default: {
        if (!FACETS.has(e.type)) return event;
        const memberId = (e.data as { memberId: string }).memberId;
        const held = this.pending.get(memberId);
        if (!held) return event;
        this.pending.set(memberId, { ...held, registration: withFacet(held.registration, e) });
        return undefined;
      }
    }
  }
}

const withFacet = (r: Registration, e: MemberEvent): Registration => {
  switch (e.type) {
    case 'MemberSkillsDeclared':
      return { ...r, skills: e.data.skills };
    case 'MemberInterestsChanged':
      return { ...r, interests: e.data.interests };
    case 'MemberTerritoriesChanged':
      return { ...r, territories: e.data.territories };
    case 'MemberAvailabilityDeclared':
      return { ...r, availability: e.data.availability };
    default:
      return r;
  }
};
