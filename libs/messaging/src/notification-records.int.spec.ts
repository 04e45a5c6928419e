import { deleteRedisKeys } from '@trame/testing';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DigestItem } from './notification-jobs';
import { NotificationRecords } from './notification-records';
import { SqliteNotificationOutcomeStore } from './records/sqlite/sqlite-notification-outcome-store';

const item = (factId: string, score: number, decidedAt = '2025-01-01T00:00:00.000Z'): DigestItem => ({
  factId,
  audience: 'member',
  decidedAt,
  projectId: 'p',
  projectTitle: 'Ferme',
  memberId: 'm',
  memberFirstName: 'Camille',
  role: 'maraîcher·e',
  score,
  distanceKm: 12,
  reasons: { fr: '1 compétence sur 1', en: '1 of 1 skills' },
});

describe('NotificationRecords (real Redis, unique prefix; outcomes in SQLite)', () => {
  const prefix = `test-records-${randomUUID()}`;
  let redis: Redis;
  let records: NotificationRecords;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    records = new NotificationRecords(redis, { QUEUE_PREFIX: prefix }, new SqliteNotificationOutcomeStore(':memory:'));
  });
  afterAll(async () => {
    await deleteRedisKeys(redis, prefix);
    await redis.quit();
  });

  it('keeps every key under the prefix', () => {
    for (const key of [records.keys.digestMembers, records.keys.digestItems('m'), records.keys.domainRate('x.org', 1)]) {
      expect(key.startsWith(`${prefix}:notify:`)).toBe(true);
    }
  });

  it('records a sent fact outside Redis, with the facts a digest covered', async () => {
    expect(await records.isSent('f1')).toBe(false);
    expect(await records.outcomeOf('f1')).toBeNull();
    await records.markSent('f1', '<f1@trame.local>', ['item-a', 'item-b']);
    expect(await records.isSent('f1')).toBe(true);
    expect(await records.outcomeOf('f1')).toMatchObject({ status: 'sent', messageId: '<f1@trame.local>' });
    expect(await records.outcomeOf('item-b')).toMatchObject({ status: 'sent', messageId: '<f1@trame.local>', via: 'f1' });
    expect([...(await records.sentAmong(['item-a', 'nope', 'f1']))].sort()).toEqual(['f1', 'item-a']);
    // Redis coming back empty forgets nothing of it.
    await deleteRedisKeys(redis, prefix);
    expect(await records.isSent('f1')).toBe(true);
  });

  it('records a skipped fact apart from sent ones', async () => {
    await records.markSkipped('f2', 'erased');
    expect(await records.isSent('f2')).toBe(false);
    expect(await records.outcomeOf('f2')).toMatchObject({ status: 'skipped', reason: 'erased' });
  });

  it('queues digest items per member, best first, and lists members with pending items', async () => {
    const m1 = randomUUID();
    const m2 = randomUUID();
    expect(await records.addDigestItem(m1, item('a', 0.4))).toBe(true);
    expect(await records.addDigestItem(m1, item('b', 0.9))).toBe(true);
    expect(await records.addDigestItem(m1, item('b', 0.9))).toBe(true); // same fact: still one item
    expect(await records.addDigestItem(m2, item('c', 0.5))).toBe(true);
    expect((await records.pendingDigest(m1)).map((i) => i.factId)).toEqual(['b', 'a']);
    const members: string[] = [];
    for await (const m of records.membersWithPendingDigest(1)) members.push(m);
    expect(members.sort()).toEqual([m1, m2].sort());
  });

  it('refuses an item whose fact was already mailed (a rebuild re-deciding it)', async () => {
    const m = randomUUID();
    await records.markSent('already', '<already@trame.local>');
    expect(await records.addDigestItem(m, item('already', 1))).toBe(false);
    expect(await records.pendingDigest(m)).toEqual([]);
    expect(await redis.sismember(records.keys.digestMembers, m)).toBe(0);
  });

  it('removes only the items handed over; the member leaves the set once nothing is left', async () => {
    const m = randomUUID();
    await records.addDigestItem(m, item('x', 1));
    await records.addDigestItem(m, item('y', 1));
    expect(await records.removeDigestItems(m, ['x'])).toBe(1);
    expect(await redis.sismember(records.keys.digestMembers, m)).toBe(1);
    expect(await records.removeDigestItems(m, ['y'])).toBe(0);
    expect(await redis.sismember(records.keys.digestMembers, m)).toBe(0);
    await records.addDigestItem(m, item('z', 1));
    await records.dropDigest(m);
    expect(await records.pendingDigest(m)).toEqual([]);
    expect(await redis.sismember(records.keys.digestMembers, m)).toBe(0);
  });
});
