import type { Subscription } from './event-store.port';

/** What `unlessStopped` resolves with when `stop()` came first. */
export const STOPPED: unique symbol = Symbol('stopped');

export type SubscriptionControl = {
  isStopped(): boolean;
  /** Call once everything stored when the subscription started has been handled. */
  markCaughtUp(): void;
  /**
   * Registers what `stop()` must do to interrupt a wait (wake a poll, cancel a stream); runs
   * it at once when `stop()` was already called. Returns a function that unregisters it.
   */
  onStop(interrupt: () => void): () => void;
  /**
   * Settles with `work`, or with `STOPPED` as soon as `stop()` is called: a read that cannot
   * be cancelled (a server that does not answer) never holds a shutdown. A failure of the
   * abandoned work is ignored.
   */
  unlessStopped<T>(work: Promise<T>): Promise<T | typeof STOPPED>;
  /** Waits `ms`, or less when `stop()` is called. */
  sleep(ms: number): Promise<void>;
};

/**
 * Wraps a delivery loop into the port's `Subscription`: the loop runs until it sees
 * `isStopped()` or throws; `done` settles with it and `caughtUp` can never stay pending.
 */
export function runSubscription(loop: (control: SubscriptionControl) => Promise<void>): Subscription {
  let stopped = false;
  let caught = false;
  const interrupts = new Set<() => void>();
  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    resolveCaughtUp = resolve;
    rejectCaughtUp = reject;
  });
  // The caller may watch only one of the two promises: never leave the other unhandled.
  caughtUp.catch(() => undefined);

  const onStop = (interrupt: () => void): (() => void) => {
    // Registered after stop() (the loop was awaiting something else): interrupt now, or the
    // loop would wait on a quiet store forever.
    if (stopped) {
      interrupt();
      return () => undefined;
    }
    // A wrapper per registration: the same function may be registered twice.
    const entry = () => interrupt();
    interrupts.add(entry);
    return () => interrupts.delete(entry);
  };

  const control: SubscriptionControl = {
    isStopped: () => stopped,
    markCaughtUp: () => {
      if (caught) return;
      caught = true;
      resolveCaughtUp();
    },
    onStop,
    unlessStopped: <T>(work: Promise<T>) => {
      work.catch(() => undefined);
      let unregister: () => void = () => undefined;
      const interrupted = new Promise<typeof STOPPED>((resolve) => {
        unregister = onStop(() => resolve(STOPPED));
      });
      return Promise.race([work, interrupted]).finally(() => unregister());
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        let unregister: () => void = () => undefined;
        const timer = setTimeout(() => {
          unregister();
          resolve();
        }, ms);
        unregister = onStop(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };

  const done = (async () => {
    // Start on a later tick: the caller gets the subscription before the first delivery.
    await Promise.resolve();
    if (!stopped) await loop(control);
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
        for (const interrupt of [...interrupts]) interrupt();
        interrupts.clear();
      }
      await done.catch(() => undefined);
    },
  };
}
