import type { IntroductionEvent } from '@trame/domain';
import { IntroductionPairs } from './introduction-pairs';

const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY);
const iso = (days: number) => at(days).toISOString();

const requested = (introductionId: string, projectId = 'p1', memberId = 'm1', days = 0): IntroductionEvent => ({
  type: 'IntroductionRequested',
  data: {
    introductionId,
    projectId,
    memberId,
    holderId: 'h1',
    requestedBy: 'holder',
    requesterId: 'h1',
    assignment: { referentId: 'r1', level: 'commune' },
    requestedAt: iso(days),
  },
});
const review = { kind: 'referent', referentId: 'r1', level: 'commune' } as const;

describe('IntroductionPairs (which pairs the matcher leaves out)', () => {
  it('leaves out a pair from its request on, and while it awaits consent', () => {
    const pairs = new IntroductionPairs();
    expect(pairs.excluded('p1', 'm1', at(0))).toBe(false);
    expect(pairs.apply(requested('i1'))).toEqual({ projectId: 'p1', memberId: 'm1' });
    expect(pairs.excluded('p1', 'm1', at(0))).toBe(true);
    expect(pairs.excluded('p1', 'm2', at(0))).toBe(false);
    pairs.apply({ type: 'IntroductionApproved', data: { introductionId: 'i1', by: review, approvedAt: iso(1) } });
    expect(pairs.excluded('p1', 'm1', at(1))).toBe(true);
  });

  it('keeps an introduced pair out for good: they already know each other', () => {
    const pairs = new IntroductionPairs();
    pairs.apply(requested('i1'));
    pairs.apply({ type: 'IntroductionAccepted', data: { introductionId: 'i1', party: 'member', partyId: 'm1', acceptedAt: iso(2) } });
    expect(pairs.excluded('p1', 'm1', at(400))).toBe(true);
  });

  it('brings an expired pair back at once', () => {
    const pairs = new IntroductionPairs();
    pairs.apply(requested('i1'));
    expect(
      pairs.apply({ type: 'IntroductionExpired', data: { introductionId: 'i1', from: 'awaiting-referent', expiredAt: iso(30) } }),
    ).toEqual({
      projectId: 'p1',
      memberId: 'm1',
    });
    expect(pairs.excluded('p1', 'm1', at(30))).toBe(false);
  });

  it.each([
    ['declined', { type: 'IntroductionDeclined', data: { introductionId: 'i1', by: review, declinedAt: iso(5) } }],
    ['refused', { type: 'IntroductionRefused', data: { introductionId: 'i1', party: 'member', partyId: 'm1', refusedAt: iso(5) } }],
  ] as const)('keeps a %s pair out for 90 days after the end, then reports it once as lapsed', (_, ended) => {
    const pairs = new IntroductionPairs();
    pairs.apply(requested('i1'));
    pairs.apply(ended);
    expect(pairs.excluded('p1', 'm1', at(5))).toBe(true);
    expect(pairs.lapsed(at(94))).toEqual([]);
    expect(pairs.excluded('p1', 'm1', at(94))).toBe(true);
    expect(pairs.lapsed(at(95))).toEqual([{ projectId: 'p1', memberId: 'm1' }]);
    expect(pairs.lapsed(at(96))).toEqual([]);
    expect(pairs.excluded('p1', 'm1', at(95))).toBe(false);
  });

  it('a new request after a cool-down leaves the pair out again; replays change nothing', () => {
    const pairs = new IntroductionPairs();
    pairs.apply(requested('i1'));
    pairs.apply({ type: 'IntroductionDeclined', data: { introductionId: 'i1', by: review, declinedAt: iso(1) } });
    pairs.apply(requested('i2', 'p1', 'm1', 100));
    expect(pairs.excluded('p1', 'm1', at(100))).toBe(true);
    expect(pairs.apply(requested('i2', 'p1', 'm1', 100))).toBeUndefined();
    pairs.apply({ type: 'IntroductionExpired', data: { introductionId: 'i2', from: 'awaiting-referent', expiredAt: iso(130) } });
    expect(pairs.excluded('p1', 'm1', at(130))).toBe(false);
  });

  it('ignores reminders, escalations and events of unknown introductions', () => {
    const pairs = new IntroductionPairs();
    expect(pairs.apply({ type: 'IntroductionApproved', data: { introductionId: 'nope', by: review, approvedAt: iso(1) } })).toBeUndefined();
    pairs.apply(requested('i1'));
    expect(
      pairs.apply({
        type: 'IntroductionEscalated',
        data: {
          introductionId: 'i1',
          from: { referentId: 'r1', level: 'commune' },
          to: { referentId: 'admin', level: 'admin' },
          escalatedAt: iso(7),
        },
      }),
    ).toBeUndefined();
    expect(pairs.excluded('p1', 'm1', at(7))).toBe(true);
  });
});
