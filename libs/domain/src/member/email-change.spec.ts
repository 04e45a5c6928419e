import { DeciderSpecification } from '@trame/testing';
import { fold } from '../shared/decider';
import { InvalidStateError, NotFoundError, RuleViolationError } from '../shared/errors';
import type { ConfirmEmailChange, RequestEmailChange } from './member.commands';
import { type ActiveMemberState, memberDecider } from './member.decider';
import type { EmailChanged, EmailChangeRequested, MemberEvent, MemberRegistered } from './member.events';

const given = DeciderSpecification.for(memberDecider);

const memberId = '3c2b1a09-8f7e-4d6c-a5b4-c3d2e1f0a9b8';
const first = '0f6a4c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const second = '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
const now = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-01T10:30:00.000Z');

const registered: MemberRegistered = {
  type: 'MemberRegistered',
  data: {
    memberId,
    firstName: 'Camille',
    pii: 'sealed:old-contact',
    locale: 'fr',
    skills: [],
    interests: [],
    territories: [{ kind: 'radius', lat: 44.728, lon: 5.022, radiusKm: 25, label: 'Crest' }],
    availability: { hoursPerWeek: 0 },
    notify: 'weekly',
    registeredAt: now.toISOString(),
  },
};
const erased: MemberEvent = { type: 'MemberErased', data: { memberId, erasedAt: later.toISOString() } };

const request = (requestId: string, over: Partial<RequestEmailChange['data']> = {}): RequestEmailChange => ({
  type: 'RequestEmailChange',
  data: { memberId, requestId, pii: `sealed:pending-${requestId}`, addressInUse: false, ...over },
  metadata: { now },
});
const confirm = (requestId: string, over: Partial<ConfirmEmailChange['data']> = {}): ConfirmEmailChange => ({
  type: 'ConfirmEmailChange',
  data: { memberId, requestId, pii: 'sealed:new-contact', addressInUse: false, ...over },
  metadata: { now: later },
});
const requested = (requestId: string): EmailChangeRequested => ({
  type: 'EmailChangeRequested',
  data: { memberId, requestId, pii: `sealed:pending-${requestId}`, requestedAt: now.toISOString() },
});
const changed = (requestId: string): EmailChanged => ({
  type: 'EmailChanged',
  data: { memberId, requestId, pii: 'sealed:new-contact', changedAt: later.toISOString() },
});

describe('member decider: change of email address', () => {
  describe('RequestEmailChange', () => {
    it('records the pending address, sealed', () => {
      given([registered])
        .when(request(first))
        .then([requested(first)]);
    });

    it('is refused for an erased or unknown member', () => {
      given([registered, erased]).when(request(first)).thenThrows(InvalidStateError);
      given([]).when(request(first)).thenThrows(NotFoundError);
    });

    it('records a request that can never be confirmed when the new address already has an account (the earlier link dies alike)', () => {
      given([registered])
        .when(request(first, { addressInUse: true }))
        .then([{ ...requested(first), data: { ...requested(first).data, unconfirmable: true } }]);
      const takenAfterFree: MemberEvent = { ...requested(second), data: { ...requested(second).data, unconfirmable: true } };
      given([registered, requested(first), takenAfterFree])
        .when(confirm(first))
        .thenThrows(InvalidStateError);
      given([registered, requested(first), takenAfterFree])
        .when(confirm(second))
        .thenThrows(InvalidStateError);
    });

    it('needs a request id and the sealed address', () => {
      given([registered])
        .when(request('nope', { pii: '' }))
        .thenThrows(RuleViolationError, (e: RuleViolationError) => e.violations.map((v) => v.field).join() === 'requestId,pii');
    });
  });

  describe('ConfirmEmailChange', () => {
    it('replaces the contact with the one holding the new address', () => {
      given([registered, requested(first)])
        .when(confirm(first))
        .then([changed(first)]);
      const state = fold(memberDecider, [registered, requested(first), changed(first)]) as ActiveMemberState;
      expect(state.pii).toBe('sealed:new-contact');
      expect(state.emailChange).toEqual({ lastRequestId: first, changedAt: later.toISOString() });
    });

    it('is refused for a request replaced by a newer one; the newer one works', () => {
      given([registered, requested(first), requested(second)])
        .when(confirm(first))
        .thenThrows(InvalidStateError);
      given([registered, requested(first), requested(second)])
        .when(confirm(second))
        .then([changed(second)]);
    });

    it('is refused without a request, and for an erased member (the pending address is gone with them)', () => {
      given([registered]).when(confirm(first)).thenThrows(InvalidStateError);
      given([registered, requested(first), erased])
        .when(confirm(first))
        .thenThrows(InvalidStateError);
    });

    it('changes nothing when the same link is followed again', () => {
      given([registered, requested(first), changed(first)])
        .when(confirm(first))
        .thenNothingHappened();
    });

    it('is refused once the new address has an account of its own meanwhile', () => {
      given([registered, requested(first)])
        .when(confirm(first, { addressInUse: true }))
        .thenThrows(RuleViolationError, (e: RuleViolationError) => e.violations[0]?.field === 'email');
    });

    it('a new request after a change can be confirmed, the old link not', () => {
      const history = [registered, requested(first), changed(first), requested(second)];
      given(history)
        .when(confirm(second))
        .then([changed(second)]);
      given(history).when(confirm(first)).thenNothingHappened();
    });
  });
});
