import { TransientMailError } from './mail-transport.port';

/**
 * Lets `close()` wait for sends already under way, whatever order shutdown hooks run in;
 * a send after close fails as transient so its job is retried, not lost.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new TransientMailError('mail transport closed'));
    const p = work();
    this.pending.add(p);
    const forget = () => this.pending.delete(p);
    p.then(forget, forget);
    return p;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }
}
