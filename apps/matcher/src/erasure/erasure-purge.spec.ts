import {
  type DigestEmailJob,
  matchFactId,
  type MatchEmailJob,
  type MatchItem,
  partnersEmailJob,
  type PartnersEmailJob,
} from '@trame/messaging';
import { memberOfMatchFact, purgeEmailJob } from './erasure-purge';

const P = '0b9a3a56-1111-4c1a-9a57-2b7e0c6d4e91';
const ZOE = '5f0e7c1d-2222-4c1a-9a57-2b7e0c6d4e91';
const LEO = '7a1b2c3d-3333-4c1a-9a57-2b7e0c6d4e91';
const HOLDER = '9c8d7e6f-4444-4c1a-9a57-2b7e0c6d4e91';

const match = (memberId: string, memberFirstName: string): MatchItem => ({
  projectId: P,
  projectTitle: 'Ferme',
  memberId,
  memberFirstName,
  role: 'maraîcher·e',
  score: 0.8,
  distanceKm: 12,
  reasons: { fr: '1 compétence sur 1', en: '1 of 1 skills' },
});
const matchJob = (audience: 'member' | 'holder', recipientId: string, memberId: string): MatchEmailJob => ({
  kind: 'match',
  factId: matchFactId(audience, P, memberId),
  audience,
  recipientId,
  match: match(memberId, 'X'),
  decidedAt: '2025-01-01T00:00:00.000Z',
});
const digestJob = (recipientId: string, memberIds: string[]): DigestEmailJob => ({
  kind: 'digest',
  factId: `digest.daily.${recipientId}.20250101`,
  recipientId,
  frequency: 'daily',
  items: memberIds.map((m) => ({ ...match(m, 'X'), audience: 'holder' as const, factId: matchFactId('holder', P, m) })),
  periodEnd: '2025-01-01T00:00:00.000Z',
});

describe('purgeEmailJob', () => {
  const erased = new Set([ZOE]);

  it('removes a match email to the erased member', () => {
    expect(purgeEmailJob(matchJob('member', ZOE, ZOE), erased)).toEqual({ action: 'remove' });
  });

  it('removes a match email about the erased member to a holder', () => {
    expect(purgeEmailJob(matchJob('holder', HOLDER, ZOE), erased)).toEqual({ action: 'remove' });
  });

  it('removes a match email to the erased member as a holder, about someone else', () => {
    expect(purgeEmailJob(matchJob('holder', ZOE, LEO), erased)).toEqual({ action: 'remove' });
  });

  it('keeps emails that neither go to nor name an erased member', () => {
    expect(purgeEmailJob(matchJob('holder', HOLDER, LEO), erased)).toEqual({ action: 'keep' });
    expect(purgeEmailJob(matchJob('member', LEO, LEO), erased)).toEqual({ action: 'keep' });
    expect(purgeEmailJob(digestJob(HOLDER, [LEO]), erased)).toEqual({ action: 'keep' });
  });

  it('trims a partner batch of the erased member but keeps it, even empty (its window is still open); removes an erased holder’s', () => {
    const batch = (recipientId: string, memberIds: string[]): PartnersEmailJob => ({
      ...partnersEmailJob(recipientId, P, '2025-01-01T00:00:00.000Z', 600, new Date('2025-01-01T00:00:00.000Z')).job,
      items: digestJob(recipientId, memberIds).items.map((i) => ({ ...i, decidedAt: '2025-01-01T00:00:00.000Z' })),
    });
    expect(purgeEmailJob(batch(HOLDER, [LEO]), erased)).toEqual({ action: 'keep' });
    const trimmed = purgeEmailJob(batch(HOLDER, [ZOE, LEO]), erased);
    expect(trimmed.action === 'update' && trimmed.data.items.map((i) => i.memberId)).toEqual([LEO]);
    expect(purgeEmailJob(batch(HOLDER, [ZOE]), erased)).toEqual({ action: 'update', data: batch(HOLDER, []) });
    expect(purgeEmailJob(batch(ZOE, [LEO]), erased)).toEqual({ action: 'remove' });
  });

  it("removes the erased member's own digest", () => {
    expect(purgeEmailJob(digestJob(ZOE, [LEO]), erased)).toEqual({ action: 'remove' });
  });

  it("trims someone else's digest to the items about members still there", () => {
    const job = digestJob(HOLDER, [LEO, ZOE]);
    const out = purgeEmailJob(job, erased);
    expect(out.action).toBe('update');
    expect(out.action === 'update' && out.data.items.map((i) => i.memberId)).toEqual([LEO]);
    expect(out.action === 'update' && { ...out.data, items: [] }).toEqual({ ...job, items: [] });
    // The job it was given is left as it was.
    expect(job.items).toHaveLength(2);
  });

  it('removes a digest whose every item is about erased members', () => {
    expect(purgeEmailJob(digestJob(HOLDER, [ZOE]), erased)).toEqual({ action: 'remove' });
    expect(purgeEmailJob(digestJob(HOLDER, [ZOE, LEO]), new Set([ZOE, LEO]))).toEqual({ action: 'remove' });
  });
});

describe('memberOfMatchFact', () => {
  it('reads the member of both kinds of match facts', () => {
    expect(memberOfMatchFact(matchFactId('holder', P, ZOE))).toBe(ZOE);
    expect(memberOfMatchFact(matchFactId('member', P, LEO))).toBe(LEO);
  });

  it('names nobody for other facts', () => {
    expect(memberOfMatchFact(`digest.weekly.${ZOE}.20250101000000000`)).toBeNull();
    expect(memberOfMatchFact('match.holder')).toBeNull();
    expect(memberOfMatchFact(ZOE)).toBeNull();
  });
});
