/**
 * A known address's registration does less work than a new one's (no key, no append), so
 * it would answer sooner and tell the two apart. It is held back to about what new
 * registrations take lately (a moving average), so both answers fall in one timing class.
 */
export class RegistrationPacing {
  private averageMs = 0;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    /** Never hold an answer longer than this, however slow registrations get. */
    private readonly maxWaitMs = 1_000,
  ) {}

  /** A new address's registration took `since` → now. */
  recordNew(since: number): void {
    const took = this.now() - since;
    this.averageMs = this.averageMs === 0 ? took : this.averageMs * 0.9 + took * 0.1;
  }

  /** Resolves when a registration started at `since` has taken about as long as a new one would. */
  async paceKnown(since: number): Promise<void> {
    const wait = Math.min(this.maxWaitMs, this.averageMs - (this.now() - since));
    if (wait > 0) await this.sleep(wait);
  }
}
