import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { waitUntil } from '@trame/testing';
import { SqliteEventStore } from '@trame/event-store';
import { validMember } from '../../apps/api/test/api-test-app';
import { bodyOf, dataOf, type MemberBody } from '../../apps/api/test/typed-reads';
import { deleteQueueKeys, json, kill, newMemberId, sessionBearer, startApp, stoppedCleanly } from './processes';

describe('durability of the embedded service (real process, SIGKILL)', () => {
  jest.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-e2e-'));
  const secret = 'durability-secret-durability-secret-0123';
  const env = { DATA_DIR: dataDir, QUEUE_PREFIX: `e2e-${randomUUID()}`, LINK_SECRET: secret };
  afterAll(async () => {
    await deleteQueueKeys(env.QUEUE_PREFIX);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event across a kill -9 and a restart', async () => {
    const first = await startApp('standalone', env);
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const member = validMember();
        const res = await json(`${first.url}/v1/members`, 'POST', member);
        expect(res.status).toBe(202);
        ids.push(newMemberId(secret, member.email));
      }
    } finally {
      // Killed right after the last 202: no graceful shutdown, no flush.
      await kill(first, 'SIGKILL');
    }

    const second = await startApp('standalone', env);
    try {
      for (const id of ids) {
        // An unknown member would be 404: the member is there, and accepts a new command.
        const res = await json(
          `${second.url}/v1/members/${id}/skills`,
          'PUT',
          { skills: ['apiculture'] },
          { authorization: sessionBearer(secret, { memberIds: [id] }) },
        );
        expect(res.status).toBe(200);
        expect(bodyOf<MemberBody>(res).skills).toEqual(['apiculture']);
      }
      // Ready once the read side has caught up with the log after the restart (503 until then).
      const health = await waitUntil(
        () => json(`${second.url}/health`, 'GET'),
        (r) => r.status === 200,
        'the restarted service ready',
        { timeoutMs: 20_000, intervalMs: 100 },
      );
      expect(health.status).toBe(200);
    } finally {
      expect(stoppedCleanly(await kill(second, 'SIGTERM'))).toBe(true);
    }

    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const events = await store.readAll({ after: null, maxCount: 1000 });
    await store.close();
    expect(
      events
        .filter((e) => e.type === 'MemberRegistered')
        .map((e) => dataOf(e, 'MemberRegistered').memberId)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it('serves /docs and refuses to start without Redis, with a clear message', async () => {
    const app = await startApp('standalone', { ...env });
    try {
      const docs = await fetch(`${app.url}/docs`);
      expect(docs.status).toBe(200);
      const spec = await json(`${app.url}/docs/openapi.json`, 'GET');
      expect(Object.keys(bodyOf<OpenAPIObject>(spec).paths)).toEqual(
        expect.arrayContaining(['/v1/members', '/v1/projects', '/v1/referents', '/health']),
      );
    } finally {
      expect(stoppedCleanly(await kill(app, 'SIGTERM'))).toBe(true);
    }
    await expect(startApp('standalone', { ...env, REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /Redis injoignable.*Redis unreachable/s,
    );
  });
});
