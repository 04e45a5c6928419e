import { InvalidStateError, RuleViolationError } from '../shared/errors';
import { assertPairMayBeRequested, pairExcluded, pairPolicy, PAIR_COOL_DOWN_DAYS, type PairIntroduction } from './introduction.policy';

const DAY = 24 * 3_600_000;
const ended = '2026-01-10T12:00:00.000Z';
const endedMs = Date.parse(ended);
const plus = (ms: number) => new Date(endedMs + ms);
const coolDownEnd = new Date(endedMs + 90 * DAY).toISOString();

describe('pairPolicy', () => {
  it('uses a 90-day cool-down', () => {
    expect(PAIR_COOL_DOWN_DAYS).toBe(90);
  });

  it('is free for a pair never introduced', () => {
    expect(pairPolicy([], plus(0))).toEqual({ open: false, introduced: false });
  });

  it.each(['awaiting-referent', 'awaiting-consent'] as const)('is open while one introduction is %s', (status) => {
    expect(pairPolicy([{ status }], plus(0))).toEqual({ open: true, introduced: false });
  });

  it.each(['declined', 'refused'] as const)('blocks a %s pair for 90 days, up to but excluding the end', (status) => {
    const history: PairIntroduction[] = [{ status, endedAt: ended }];
    expect(pairPolicy(history, plus(0))).toEqual({ open: false, introduced: false, blockedUntil: coolDownEnd });
    expect(pairPolicy(history, plus(90 * DAY - 1))).toEqual({ open: false, introduced: false, blockedUntil: coolDownEnd });
    expect(pairPolicy(history, plus(90 * DAY))).toEqual({ open: false, introduced: false });
  });

  it.each(['expired', 'ended'] as const)('neither opens nor blocks after %s', (status) => {
    expect(pairPolicy([{ status, endedAt: ended }], plus(DAY))).toEqual({ open: false, introduced: false });
  });

  it('marks an introduced pair for good, long after', () => {
    expect(pairPolicy([{ status: 'introduced', endedAt: ended }], plus(1000 * DAY))).toEqual({ open: false, introduced: true });
  });

  it('keeps the latest block and reports an open one alongside', () => {
    const later = new Date(endedMs + 30 * DAY).toISOString();
    const history: PairIntroduction[] = [
      { status: 'refused', endedAt: later },
      { status: 'declined', endedAt: ended },
      { status: 'expired', endedAt: new Date(endedMs + 60 * DAY).toISOString() },
      { status: 'awaiting-referent' },
    ];
    expect(pairPolicy(history, plus(100 * DAY))).toEqual({
      open: true,
      introduced: false,
      blockedUntil: new Date(endedMs + 120 * DAY).toISOString(),
    });
  });
});

describe('the pair rule, for requests and recommendations alike', () => {
  const at = plus(DAY);
  const given = (history: PairIntroduction[]) => pairPolicy(history, at);

  it('given an introduced pair, when it is requested again, then 409 "already introduced", and it is never recommended', () => {
    const policy = given([{ status: 'introduced', endedAt: ended }]);
    expect(() => assertPairMayBeRequested(policy)).toThrow(InvalidStateError);
    expect(() => assertPairMayBeRequested(policy)).toThrow(/déjà mis en relation .* already introduced/);
    expect(pairExcluded(policy)).toBe(true);
  });

  it('given an introduction under way, when requested, then 409 "under way", and it is not recommended', () => {
    const policy = given([{ status: 'awaiting-consent' }]);
    expect(() => assertPairMayBeRequested(policy)).toThrow(/already under way/);
    expect(pairExcluded(policy)).toBe(true);
  });

  it('given a declined pair within 90 days, when requested, then 422 naming memberId and blockedUntil', () => {
    const policy = given([{ status: 'declined', endedAt: ended }]);
    let error: unknown;
    try {
      assertPairMayBeRequested(policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).violations).toEqual([
      { field: 'memberId', message: expect.stringContaining(`blockedUntil ${coolDownEnd}`) as string },
    ]);
    expect(pairExcluded(policy)).toBe(true);
  });

  it.each([[[]], [[{ status: 'expired', endedAt: ended }]], [[{ status: 'ended', endedAt: ended }]]] as PairIntroduction[][][])(
    'given %j, a request is allowed and the pair is recommended',
    (history) => {
      const policy = given(history);
      expect(() => assertPairMayBeRequested(policy)).not.toThrow();
      expect(pairExcluded(policy)).toBe(false);
    },
  );
});
