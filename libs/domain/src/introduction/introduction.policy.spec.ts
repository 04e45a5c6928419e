import { pairPolicy, PAIR_COOL_DOWN_DAYS, type PairIntroduction } from './introduction.policy';

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
    expect(pairPolicy([], plus(0))).toEqual({ open: false });
  });

  it.each(['awaiting-referent', 'awaiting-consent'] as const)('is open while one introduction is %s', (status) => {
    expect(pairPolicy([{ status }], plus(0))).toEqual({ open: true });
  });

  it.each(['declined', 'refused'] as const)('blocks a %s pair for 90 days, up to but excluding the end', (status) => {
    const history: PairIntroduction[] = [{ status, endedAt: ended }];
    expect(pairPolicy(history, plus(0))).toEqual({ open: false, blockedUntil: coolDownEnd });
    expect(pairPolicy(history, plus(90 * DAY - 1))).toEqual({ open: false, blockedUntil: coolDownEnd });
    expect(pairPolicy(history, plus(90 * DAY))).toEqual({ open: false });
  });

  it.each(['introduced', 'expired'] as const)('neither opens nor blocks after %s', (status) => {
    expect(pairPolicy([{ status, endedAt: ended }], plus(DAY))).toEqual({ open: false });
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
      blockedUntil: new Date(endedMs + 120 * DAY).toISOString(),
    });
  });
});
