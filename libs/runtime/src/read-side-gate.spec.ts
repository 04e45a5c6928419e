import type { EventStore, RecordedEvent } from '@trame/event-store';
import type { ReadModelStore } from '@trame/read-models';
import { READ_SIDE_CHECKPOINT, ReadSideGate } from './read-side-gate';

/** A log of `head` events (positions 1…head) and a published checkpoint the test moves. */
function fakes(head: number) {
  const state = { published: null as number | null, reads: 0, checkpointReads: [] as string[] };
  const events = {
    readAll: async ({ after }: { after: number | null }) => {
      state.reads += 1;
      return (after ?? 0) < head ? [{ position: (after ?? 0) + 1 } as RecordedEvent] : [];
    },
  } as unknown as EventStore;
  const readModels = {
    checkpoints: {
      get: async (id: string) => {
        state.checkpointReads.push(id);
        return state.published;
      },
    },
  } as unknown as ReadModelStore;
  return { state, gate: new ReadSideGate(events, readModels) };
}

describe('ReadSideGate', () => {
  it('is not caught up while the published checkpoint is behind the end of the log, then is, for good', async () => {
    const { state, gate } = fakes(10);
    expect(await gate.isCaughtUp(1_000)).toBe(false);
    state.published = 9;
    expect(await gate.isCaughtUp(2_000)).toBe(false);
    state.published = 10;
    expect(await gate.isCaughtUp(3_000)).toBe(true);
    expect(state.checkpointReads.every((id) => id === READ_SIDE_CHECKPOINT)).toBe(true);
    // Latched: a live event a moment ahead of the lists does not make it "catching up" again.
    state.published = 5;
    const reads = state.reads;
    expect(await gate.isCaughtUp(4_000)).toBe(true);
    expect(state.reads).toBe(reads);
  });

  it('is caught up at once over an empty log', async () => {
    expect(await fakes(0).gate.isCaughtUp()).toBe(true);
  });

  it('asks the stores once for a burst of requests, and not again within the recheck interval', async () => {
    const { state, gate } = fakes(10);
    const answers = await Promise.all(Array.from({ length: 50 }, () => gate.isCaughtUp(1_000)));
    expect(answers.every((a) => a === false)).toBe(true);
    expect(state.reads).toBe(1);
    expect(await gate.isCaughtUp(1_100)).toBe(false); // within the interval: the last answer
    expect(state.reads).toBe(1);
    expect(await gate.isCaughtUp(2_000)).toBe(false); // after it: asked again
    expect(state.reads).toBe(2);
  });

  it('latches on its own after the start, at the first quiet moment, without waiting for a read', async () => {
    const { state, gate } = fakes(10);
    gate.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.reads).toBeGreaterThan(0);
    state.published = 10;
    await new Promise((resolve) => setTimeout(resolve, 600));
    gate.onModuleDestroy();
    const reads = state.reads;
    // New events arrive after it latched: still caught up, and the log is not asked again.
    state.published = 3;
    expect(await gate.isCaughtUp()).toBe(true);
    expect(state.reads).toBe(reads);
  });
});
