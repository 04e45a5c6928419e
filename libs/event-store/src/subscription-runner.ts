import type { Subscription } from './event-store.port';

export type SubscriptionControl = {
  isStopped(): boolean;
  /** Call once everything stored when the subscription started has been handled. */
  markCaughtUp(): void;
  /** Registers what `stop()` must do to interrupt a wait (wake a poll, cancel a stream). */
  onStop(interrupt: () => void): void;
};

/**
 * Wraps a delivery loop into the port's `Subscription`: the loop runs until it sees
 * `isStopped()` or throws; `done` settles with it and `caughtUp` can never stay pending.
 */
export function runSubscription(loop: (control: SubscriptionControl) => Promise<void>): Subscription {
  let stopped = false;
  let caught = false;
  const interrupts: Array<() => void> = [];
  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    resolveCaughtUp = resolve;
    rejectCaughtUp = reject;
  });
  // The caller may watch only one of the two promises: never leave the other unhandled.
  caughtUp.catch(() => undefined);

  const control: SubscriptionControl = {
    isStopped: () => stopped,
    markCaughtUp: () => {
      if (caught) return;
      caught = true;
      resolveCaughtUp();
    },
    onStop: (interrupt) => {
      interrupts.push(interrupt);
    },
  };

  const done = (async () => {
    // Start on a later tick: the caller gets the subscription before the first delivery.
    await Promise.resolve();
    await loop(control);
  })().then(
    () => {
      if (!caught) rejectCaughtUp(new Error('subscription stopped before catching up'));
      caught = true;
    },
    (error: unknown) => {
      if (!caught) rejectCaughtUp(error);
      caught = true;
      throw error;
    },
  );
  done.catch(() => undefined);

  return {
    caughtUp,
    done,
    async stop() {
      if (!stopped) {
        stopped = true;
        for (const interrupt of interrupts) interrupt();
      }
      await done.catch(() => undefined);
    },
  };
}
