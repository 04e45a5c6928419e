import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { deleteQueueKeys, kill, startApp, stoppedCleanly } from './processes';

describe('each app runs alone and stops cleanly on SIGTERM', () => {
  jest.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-apps-'));
  const prefix = `e2e-${randomUUID()}`;
  afterAll(async () => {
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['api', 'matcher', 'notifier'] as const)('%s', async (app) => {
    // `info` so the "started" line the helper waits for is printed.
    const p = await startApp(app, { DATA_DIR: dataDir, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' });
    const exit = await kill(p, 'SIGTERM');
    expect(stoppedCleanly(exit)).toBe(true);
    expect(p.output()).not.toMatch(/"level":50/); // no error logged while starting or stopping
  });
});
