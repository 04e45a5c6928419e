import { EMAIL_BACKOFF_TYPE, emailBackoffStrategy, emailJobOptions, jitteredExponentialDelay, MAX_EMAIL_BACKOFF_MS } from './email-retry';

describe('email retry policy', () => {
  it('doubles the delay at each attempt, half of it sure and half random', () => {
    expect([1, 2, 3, 4].map((n) => jitteredExponentialDelay(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => jitteredExponentialDelay(n, 1000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(jitteredExponentialDelay(3, 1000, () => 0.5)).toBe(3000);
  });

  it('never waits longer than the cap', () => {
    expect(jitteredExponentialDelay(40, 2000, () => 1)).toBe(MAX_EMAIL_BACKOFF_MS);
  });

  it('spreads the retries of jobs that failed together', () => {
    const delays = new Set(
      Array.from({ length: 50 }, () =>
        emailBackoffStrategy(3, EMAIL_BACKOFF_TYPE, undefined, { opts: { backoff: { type: EMAIL_BACKOFF_TYPE, delay: 1000 } } } as never),
      ),
    );
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('refuses to retry a backoff type it does not know', () => {
    expect(emailBackoffStrategy(1, 'mystery')).toBe(-1);
  });

  it('gives email jobs their fact id, kept failed jobs and a bounded completed history', () => {
    expect(emailJobOptions('match.member.p.m', { attempts: 7, backoffDelayMs: 500 })).toEqual({
      jobId: 'match.member.p.m',
      attempts: 7,
      backoff: { type: EMAIL_BACKOFF_TYPE, delay: 500 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: false,
    });
  });
});
