import { exitForRestart, type ExitTarget } from './exit-for-restart';

describe('exitForRestart', () => {
  const fakeProcess = (sigtermListeners: number) => {
    const kill = jest.fn();
    const target: ExitTarget = { pid: 4242, listenerCount: () => sigtermListeners, kill };
    return { target, kill };
  };
  const logger = () => {
    const errors: string[] = [];
    return { errors, error: (message: string) => errors.push(message) };
  };

  it('logs, sets a failure exit code and sends itself SIGTERM, which runs the shutdown hooks', () => {
    const { target, kill } = fakeProcess(1);
    const log = logger();
    exitForRestart(log, 'live processing stopped', new Error('store gone'), { stopping: false, process: target });
    expect(kill).toHaveBeenCalledWith(4242, 'SIGTERM');
    expect(target.exitCode).toBe(1);
    expect(log.errors[0]).toMatch(/^live processing stopped: Error: store gone[\s\S]*exiting so that the process is restarted$/);
  });

  it('only logs a failure that happens while the matcher is stopping', () => {
    const { target, kill } = fakeProcess(1);
    const log = logger();
    exitForRestart(log, 'catch-up failed', new Error('closed'), { stopping: true, process: target });
    expect(kill).not.toHaveBeenCalled();
    expect(target.exitCode).toBeUndefined();
    expect(log.errors[0]).toMatch(/^catch-up failed while stopping: Error: closed/);
  });

  it('does not kill a process without shutdown hooks (a test runner embedding the matcher)', () => {
    const { target, kill } = fakeProcess(0);
    const log = logger();
    exitForRestart(log, 'catch-up failed', new Error('boom'), { stopping: false, process: target });
    expect(kill).not.toHaveBeenCalled();
    expect(log.errors[0]).toMatch(/no shutdown hooks to exit through/);
  });
});
