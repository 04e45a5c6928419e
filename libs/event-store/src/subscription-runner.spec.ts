import { runSubscription, STOPPED } from './subscription-runner';

describe('runSubscription', () => {
  it('runs an interrupt registered after stop() at once, so a loop that awaited something else stops', async () => {
    let release!: () => void;
    const firstRead = new Promise<void>((r) => (release = r));
    let interrupted = false;
    const subscription = runSubscription(async (control) => {
      await firstRead;
      await new Promise<void>((resolve) => control.onStop(() => ((interrupted = true), resolve())));
    });
    await new Promise((r) => setImmediate(r));
    const stopping = subscription.stop();
    release();
    await stopping;
    expect(interrupted).toBe(true);
  });

  it('settles unlessStopped with STOPPED when stop() comes first, and sleep early', async () => {
    const results: unknown[] = [];
    const subscription = runSubscription(async (control) => {
      results.push(await control.unlessStopped(new Promise<number>(() => undefined)));
      const t0 = Date.now();
      await control.sleep(60_000);
      results.push(Date.now() - t0 < 1000);
    });
    await new Promise((r) => setImmediate(r));
    await subscription.stop();
    expect(results).toEqual([STOPPED, true]);
  });

  it('never starts the loop when stopped before its first tick', async () => {
    const loop = jest.fn(() => Promise.resolve());
    const subscription = runSubscription(loop);
    await subscription.stop();
    expect(loop).not.toHaveBeenCalled();
    await expect(subscription.caughtUp).rejects.toThrow('stopped before catching up');
  });
});
