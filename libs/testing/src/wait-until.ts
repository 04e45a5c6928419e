export type WaitOptions = Readonly<{
  timeoutMs?: number;
  intervalMs?: number;
  /** Checked after each miss: a reason to stop waiting at once (e.g. the process under test exited). */
  abortIf?: () => string | undefined;
  /** Appended to the error (e.g. the last lines of a process's output). */
  context?: () => string;
}>;

/** Polls `read` until `accept` holds; rejects naming `what` on timeout or abort. */
export async function waitUntil<T>(
  read: () => Promise<T> | T,
  accept: (value: T) => boolean,
  what: string,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const detail = () => (options.context ? `:\n${options.context()}` : '');
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    const aborted = options.abortIf?.();
    if (aborted) throw new Error(`${aborted} while waiting for ${what}${detail()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${detail()}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20));
  }
}
