import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';

/**
 * The matcher's checkpoint up to which the recommendation lists are published (its
 * subscription id `matcher`, then `:recommendations`): the last of the read side to move.
 */
export const READ_SIDE_CHECKPOINT = 'matcher:recommendations';

/** How long an answer "still catching up" is reused before the log is asked again. */
const RECHECK_MS = 250;

/** Seconds a client is told to wait (`Retry-After`) while the read side catches up. */
export const READ_SIDE_RETRY_AFTER_SECONDS = 5;

/**
 * Whether the read side has caught up with the log since this process started: the
 * matcher's published checkpoint has reached the end of the log (nothing stored after
 * it). Works the same whether the matcher shares the process (`npm start`, in-memory read
 * models rebuilt at each start) or runs apart (MongoDB). Once caught up it stays so: a
 * live event a few milliseconds behind is not "catching up", and a restarted matcher over
 * MongoDB serves the lists it already wrote.
 *
 * Two cheap reads (a checkpoint, at most one event), shared by concurrent callers and
 * reused for RECHECK_MS, so a burst of requests during catch-up never queues on the store.
 */
@Injectable()
export class ReadSideGate implements OnApplicationBootstrap, OnModuleDestroy {
  private caughtUp = false;
  private pending?: Promise<boolean>;
  private checkedAt = 0;
  private watch?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  /**
   * Asks on its own, every RECHECK_MS from the start until caught up, rather than on the
   * first read only: the first quiet moment after the catch-up latches it, so a read that
   * comes with a burst of new events later is not taken for a catch-up.
   */
  onApplicationBootstrap(): void {
    const tick = () => {
      void this.isCaughtUp()
        .catch(() => false)
        .then((caughtUp) => {
          if (!caughtUp && this.watch) this.watch = setTimeout(tick, RECHECK_MS).unref();
        });
    };
    this.watch = setTimeout(tick, 0).unref();
  }

  onModuleDestroy(): void {
    clearTimeout(this.watch);
    this.watch = undefined;
  }

  /** True once the read side has caught up (then for good); false while it catches up. */
  async isCaughtUp(now = Date.now()): Promise<boolean> {
    if (this.caughtUp) return true;
    if (!this.pending && now - this.checkedAt < RECHECK_MS) return false;
    this.pending ??= this.check().finally(() => {
      this.pending = undefined;
      this.checkedAt = now;
    });
    return this.pending;
  }

  private async check(): Promise<boolean> {
    const published = await this.readModels.checkpoints.get(READ_SIDE_CHECKPOINT);
    const after = await this.events.readAll({ after: published, maxCount: 1 });
    if (after.length === 0) this.caughtUp = true;
    return this.caughtUp;
  }
}
