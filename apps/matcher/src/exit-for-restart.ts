/** The part of `process` used here (tests pass their own). */
export type ExitTarget = {
  pid: number;
  exitCode?: number | string | null;
  listenerCount(event: 'SIGTERM'): number;
  kill(pid: number, signal: NodeJS.Signals): unknown;
};

/**
 * The matcher cannot go on (live processing failed: its handler threw, or the event store
 * stayed unreachable past the subscription's retries; or the catch-up failed): its engine
 * lives in memory, so the only sound recovery is a fresh process resuming from the
 * checkpoint. Exit with a failure through the shutdown hooks (SIGTERM closes the store,
 * Redis and the workers cleanly), so the supervisor (`restart: unless-stopped`) starts it
 * again instead of leaving it alive and idle. A failure while stopping is only logged, and
 * so is one in a process without shutdown hooks (an embedding such as a test runner, which
 * SIGTERM would kill outright).
 */
export function exitForRestart(
  logger: { error(message: string): void },
  what: string,
  error: unknown,
  context: { stopping: boolean; process?: ExitTarget },
): void {
  const target = context.process ?? process;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (context.stopping) {
    logger.error(`${what} while stopping: ${detail}`);
    return;
  }
  if (target.listenerCount('SIGTERM') === 0) {
    logger.error(`${what}: ${detail}; no shutdown hooks to exit through, the matcher stays stopped`);
    return;
  }
  logger.error(`${what}: ${detail}; exiting so that the process is restarted`);
  target.exitCode = 1;
  target.kill(target.pid, 'SIGTERM');
}
