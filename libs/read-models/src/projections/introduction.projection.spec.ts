import { type Assignment, type IntroductionEvent, type IntroductionRequested, pairPolicy } from '@trame/domain';
import { InMemoryReadModelStore } from '../memory/in-memory-read-model-store';
import { applyProjection, applyProjectionBatch, type PositionedEvent } from '../projection';
import type { ReadModelDocument } from '../read-model-store.port';
import { INTRODUCTIONS, type IntroductionView, introductionProjection as projection } from './introduction.projection';

const introductionId = '0b7e2c1a-4d3f-4e5a-9b6c-7d8e9f0a1b2c';
const projectId = '1c8f3d2b-5e4a-4f6b-8c7d-8e9f0a1b2c3d';
const memberId = '2d9a4e3c-6f5b-4a7c-9d8e-9f0a1b2c3d4e';
const holderId = '3e0b5f4d-7a6c-4b8d-ae9f-0a1b2c3d4e5f';
const communeRefId = '5a2d7b6f-9c8e-4d0f-80a1-2c3d4e5f6a7b';
const deptRefId = '7c4f9d8b-1e0a-4f2b-a2c3-4e5f6a7b8c9d';
const SEALED = 'v1.SEALED.bonjour-lea-0612345678';

const commune: Assignment = { referentId: communeRefId, level: 'commune' };
const dept: Assignment = { referentId: deptRefId, level: 'departement' };
const admin: Assignment = { referentId: 'admin', level: 'admin' };

const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}T09:00:00.000Z`;

const requested = (over: Partial<IntroductionRequested['data']> = {}): IntroductionRequested => ({
  type: 'IntroductionRequested',
  data: {
    introductionId,
    projectId,
    memberId,
    holderId,
    requestedBy: 'holder',
    requesterId: holderId,
    message: SEALED,
    assignment: commune,
    requestedAt: day(2),
    ...over,
  },
});
const approved: IntroductionEvent = {
  type: 'IntroductionApproved',
  data: {
    introductionId,
    by: { kind: 'referent', referentId: communeRefId, level: 'commune' },
    note: 'Belle rencontre',
    approvedAt: day(3),
  },
};
const declined: IntroductionEvent = {
  type: 'IntroductionDeclined',
  data: { introductionId, by: { kind: 'admin' }, note: 'Projet en sommeil', declinedAt: day(3) },
};
const accepted: IntroductionEvent = {
  type: 'IntroductionAccepted',
  data: { introductionId, party: 'member', partyId: memberId, acceptedAt: day(4) },
};
const refused: IntroductionEvent = {
  type: 'IntroductionRefused',
  data: { introductionId, party: 'member', partyId: memberId, refusedAt: day(4) },
};
const remindedReferent: IntroductionEvent = {
  type: 'IntroductionReminded',
  data: { introductionId, target: 'referent', assignment: commune, remindedAt: day(5) },
};
const escalated: IntroductionEvent = {
  type: 'IntroductionEscalated',
  data: { introductionId, from: commune, to: dept, escalatedAt: day(9) },
};
const deptApproved: IntroductionEvent = {
  type: 'IntroductionApproved',
  data: { introductionId, by: { kind: 'referent', referentId: deptRefId, level: 'departement' }, approvedAt: day(10) },
};
const remindedParty: IntroductionEvent = {
  type: 'IntroductionReminded',
  data: { introductionId, target: 'party', party: 'member', partyId: memberId, remindedAt: day(24) },
};
const expired: IntroductionEvent = {
  type: 'IntroductionExpired',
  data: { introductionId, from: 'awaiting-consent', expiredAt: day(30) },
};

/** Folds events as applyProjection would, without a store. */
const fold = (events: readonly IntroductionEvent[]): ReadModelDocument<IntroductionView> | null => {
  let doc: ReadModelDocument<IntroductionView> | null = null;
  events.forEach((event, position) => {
    const next = projection.evolve(doc, event);
    doc = next ? { ...next, _id: projection.id(event), _position: position } : null;
  });
  return doc;
};

const positioned = (events: readonly IntroductionEvent[], from = 1): PositionedEvent[] =>
  events.map((e, i) => ({ ...e, position: from + i }));

describe('introduction projection', () => {
  it('handles introduction events only, keyed by introduction id', () => {
    expect(projection.collection).toBe(INTRODUCTIONS);
    expect(projection.canHandle('IntroductionRequested')).toBe(true);
    expect(projection.canHandle('IntroductionExpired')).toBe(true);
    expect(projection.canHandle('ProjectProposed')).toBe(false);
    expect(projection.id(accepted)).toBe(introductionId);
  });

  it('follows the happy path: requested by the holder, approved with a note, accepted by the member', () => {
    const { _id, _position, ...view } = fold([requested(), approved, accepted])!;
    expect(view).toEqual({
      introductionId,
      projectId,
      memberId,
      holderId,
      requestedBy: 'holder',
      requesterId: holderId,
      status: 'introduced',
      assignment: commune,
      assignedAt: day(2),
      referentIds: [communeRefId],
      consentingParty: 'member',
      consentingPartyId: memberId,
      reviewedBy: { kind: 'referent', referentId: communeRefId, level: 'commune' },
      requestedAt: day(2),
      approvedAt: day(3),
      endedAt: day(4),
      updatedAt: day(4),
      history: [
        { type: 'IntroductionRequested', at: day(2), by: { kind: 'party', party: 'holder', partyId: holderId }, assignment: commune },
        {
          type: 'IntroductionApproved',
          at: day(3),
          by: { kind: 'referent', referentId: communeRefId, level: 'commune' },
          note: 'Belle rencontre',
        },
        { type: 'IntroductionAccepted', at: day(4), by: { kind: 'party', party: 'member', partyId: memberId } },
      ],
    });
  });

  it('marks a held introduction while its project is paused, and ends one with its reason', () => {
    const heldEvent: IntroductionEvent = { type: 'IntroductionHeld', data: { introductionId, heldAt: day(5) } };
    const resumedEvent: IntroductionEvent = {
      type: 'IntroductionResumed',
      data: { introductionId, heldSince: day(5), resumedAt: day(7) },
    };
    const endedEvent: IntroductionEvent = {
      type: 'IntroductionEnded',
      data: { introductionId, reason: 'party-erased', erasedParty: 'holder', from: 'awaiting-referent', endedAt: day(8) },
    };
    expect(fold([requested(), heldEvent])).toMatchObject({ status: 'awaiting-referent', heldSince: day(5), updatedAt: day(5) });
    expect(fold([requested(), heldEvent, resumedEvent])).not.toHaveProperty('heldSince');
    const doc = fold([requested(), heldEvent, endedEvent])!;
    expect(doc).toMatchObject({ status: 'ended', endReason: 'party-erased', endedAt: day(8) });
    expect(doc).not.toHaveProperty('heldSince');
    expect(doc.history.at(-1)).toEqual({
      type: 'IntroductionEnded',
      at: day(8),
      by: { kind: 'system' },
      endReason: 'party-erased',
      erasedParty: 'holder',
    });
  });

  it('records a decline by an admin with its note, and a refusal, as final with their end time', () => {
    expect(fold([requested(), declined])).toMatchObject({
      status: 'declined',
      endedAt: day(3),
      reviewedBy: { kind: 'admin' },
      referentIds: [communeRefId],
      history: [{}, { type: 'IntroductionDeclined', by: { kind: 'admin' }, note: 'Projet en sommeil' }],
    });
    const refusal = fold([requested(), approved, refused])!;
    expect(refusal).toMatchObject({ status: 'refused', endedAt: day(4), approvedAt: day(3) });
    expect(refusal.history.map((h) => h.type)).toEqual(['IntroductionRequested', 'IntroductionApproved', 'IntroductionRefused']);
  });

  it('waits for the holder when the member asked, and names the matcher as requester of a suggestion', () => {
    const byMember = fold([requested({ requestedBy: 'member', requesterId: memberId, message: undefined })])!;
    expect(byMember).toMatchObject({ consentingParty: 'holder', consentingPartyId: holderId });
    expect(byMember.history[0].by).toEqual({ kind: 'party', party: 'member', partyId: memberId });
    const byMatcher = fold([requested({ requestedBy: 'matcher', requesterId: 'matcher', message: undefined, assignment: admin })])!;
    expect(byMatcher).toMatchObject({ consentingParty: 'member', referentIds: [], assignment: admin });
    expect(byMatcher.history[0].by).toEqual({ kind: 'matcher' });
  });

  it('keeps every referent it was assigned to, and the timed steps as the system’s', () => {
    const doc = fold([requested(), remindedReferent, escalated, deptApproved, remindedParty, expired])!;
    expect(doc).toMatchObject({
      status: 'expired',
      assignment: dept,
      assignedAt: day(9),
      referentIds: [communeRefId, deptRefId],
      approvedAt: day(10),
      endedAt: day(30),
    });
    expect(doc.history.slice(1)).toEqual([
      { type: 'IntroductionReminded', at: day(5), by: { kind: 'system' }, assignment: commune },
      { type: 'IntroductionEscalated', at: day(9), by: { kind: 'system' }, from: commune, to: dept },
      { type: 'IntroductionApproved', at: day(10), by: { kind: 'referent', referentId: deptRefId, level: 'departement' } },
      { type: 'IntroductionReminded', at: day(24), by: { kind: 'system' }, party: 'member' },
      { type: 'IntroductionExpired', at: day(30), by: { kind: 'system' }, expiredFrom: 'awaiting-consent' },
    ]);
  });

  it('adds a referent of an enclosing territory who stepped in to those who may read it', () => {
    const doc = fold([requested(), deptApproved])!;
    expect(doc.referentIds).toEqual([communeRefId, deptRefId]);
    expect(doc.assignment).toEqual(commune);
  });

  it('never copies the sealed message', () => {
    for (let n = 1; n <= 3; n++) {
      const json = JSON.stringify(fold([requested(), approved, accepted].slice(0, n)));
      expect(json).not.toContain('SEALED');
      expect(json).not.toContain('message');
      expect(json).not.toContain('0612345678');
    }
  });

  it('does not create a document from a later event alone', () => {
    for (const event of [approved, declined, accepted, remindedReferent, escalated, expired]) {
      expect(projection.evolve(null, event)).toBeNull();
    }
  });

  it('is idempotent by position: a replayed event changes nothing, one by one or in batches', async () => {
    const store = new InMemoryReadModelStore();
    const one = store.collection<IntroductionView>(INTRODUCTIONS);
    const events = positioned([requested(), approved, accepted]);
    for (const event of events) expect(await applyProjection(one, projection, event)).toBe('written');
    const once = await one.get(introductionId);
    expect(once!.history).toHaveLength(3);
    for (const event of events) expect(await applyProjection(one, projection, event)).toBe('skipped');
    expect(await one.get(introductionId)).toEqual(once);

    // A catch-up crashing half-way and replaying overlapping batches converges to the same document.
    const batched = store.collection<IntroductionView>('introductions_batched');
    await applyProjectionBatch(batched, projection, events.slice(0, 2));
    await applyProjectionBatch(batched, projection, events);
    await applyProjectionBatch(batched, projection, events.slice(1));
    expect(await batched.get(introductionId)).toEqual(once);
  });

  it('answers the pair and inbox queries the api makes, and feeds the pair policy', async () => {
    const store = new InMemoryReadModelStore();
    const intros = store.collection<IntroductionView>(INTRODUCTIONS);
    const secondId = '9e6b1f0d-3a2c-4b4d-84e5-6a7b8c9d0e1f';
    const otherProject = 'aa6b1f0d-3a2c-4b4d-84e5-6a7b8c9d0e1f';
    const second = (e: IntroductionEvent): IntroductionEvent =>
      ({ ...e, data: { ...e.data, introductionId: secondId } }) as IntroductionEvent;
    const third = requested({ introductionId: 'bb6b1f0d-3a2c-4b4d-84e5-6a7b8c9d0e1f', projectId: otherProject, requestedAt: day(1) });
    await applyProjectionBatch(intros, projection, positioned([requested(), declined, second(requested({ requestedAt: day(20) })), third]));

    const pair = await intros.find({ projectId, memberId }, { sort: { requestedAt: 1 } });
    expect(pair.map((d) => d._id)).toEqual([introductionId, secondId]);
    const inbox = await intros.find({ 'assignment.referentId': communeRefId, status: 'awaiting-referent' }, { sort: { requestedAt: 1 } });
    expect(inbox.map((d) => d._id)).toEqual([third.data.introductionId, secondId]);

    const policy = pairPolicy(
      pair.map((d) => (d.endedAt ? { status: d.status as 'declined', endedAt: d.endedAt } : { status: d.status as 'awaiting-referent' })),
      new Date(day(21)),
    );
    expect(policy).toEqual({ open: true, introduced: false, blockedUntil: new Date(Date.parse(day(3)) + 90 * 86_400_000).toISOString() });
  });
});
