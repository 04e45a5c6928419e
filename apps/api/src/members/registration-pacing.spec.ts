import { RegistrationPacing } from './registration-pacing';

describe('RegistrationPacing', () => {
  let clock: number;
  let slept: number[];
  const pacing = () =>
    new RegistrationPacing(
      () => clock,
      async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      1_000,
    );
  beforeEach(() => {
    clock = 0;
    slept = [];
  });

  it('holds a known address’s answer to what new registrations take (a moving average)', async () => {
    const p = pacing();
    p.recordNew(clock - 20); // a new one took 20 ms
    const started = clock;
    clock += 5; // the known one's own work took 5 ms
    await p.paceKnown(started);
    expect(slept).toEqual([15]);
    expect(clock - started).toBe(20);
    p.recordNew(clock - 30);
    expect(slept).toEqual([15]);
    await p.paceKnown(clock);
    expect(slept[1]).toBeCloseTo(21, 5); // 0.9 × 20 + 0.1 × 30
  });

  it('does not wait before any new registration was seen, when already slower, or beyond its cap', async () => {
    const p = pacing();
    await p.paceKnown(clock);
    p.recordNew(clock - 10);
    const started = clock;
    clock += 50;
    await p.paceKnown(started);
    expect(slept).toEqual([]);
    p.recordNew(clock - 100_000);
    await p.paceKnown(clock);
    expect(slept).toEqual([1_000]);
  });
});
