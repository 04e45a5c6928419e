import { waitUntil } from '@trame/testing';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { RecordedEvent } from '@trame/event-store';
import { emailLookupHash, LinkSigner } from '@trame/mail';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import {
  type DigestEmailJob,
  type EmailJob,
  emailJobOptions,
  matchFactId,
  NotificationRecords,
  PartnerBatches,
  partnersFactId,
  QUEUES,
  REDIS,
} from '@trame/messaging';
import {
  InMemoryReadModelStore,
  MATCHER_COLLECTIONS,
  MEMBER_RECOMMENDATIONS,
  PROJECT_RECOMMENDATIONS,
  type ProjectRecommendations,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@trame/read-models';
import { Matcher } from '../../matcher/src/matcher';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { MatcherService } from '../../matcher/src/matcher.service';
import { PURGED_JOB_STATES } from '../../matcher/src/erasure/erasure-purger';
import { MemberConfirmations } from '../src/members/confirmation-recorder';
import { createApiTestApp, type ApiTestApp, validMember, validProject } from './api-test-app';
import { bodyOf, dataOf, idOf, type ProjectRecommendationsBody } from './typed-reads';

/*
 * Must-show of issue 5, "Erasure": after DELETE /v1/members/:id, a full scan of the SQLite
 * files, the read models and Redis finds neither the email nor the last name in plain
 * text, the member is gone from read models and pending jobs, and a rebuild from the log
 * does not bring them back.
 */

const EMAIL = 'zoe.quintessence@example.org';
const DISPLAY_NAME = 'Zoé Quintessence-Vermillon';
/** The email and each part of the last name. */
const NEEDLES = [EMAIL, 'quintessence', 'vermillon'];
/** A plain marker in a non-personal field (a project title): every scan must find it, or the scan proves nothing. */
const MARKER = 'temoin-de-scan-7f3a9c';

/** Case-insensitive search: in text as is, in raw bytes as UTF-8 and as UTF-16LE. */
function contains(value: Buffer | string, needle: string): boolean {
  const lower = needle.toLowerCase();
  if (typeof value === 'string') return value.toLowerCase().includes(lower);
  const haystack = value.toString('latin1').toLowerCase();
  const asBytes = (encoding: BufferEncoding) => Buffer.from(lower, encoding).toString('latin1').toLowerCase();
  return haystack.includes(asBytes('utf8')) || haystack.includes(asBytes('utf16le'));
}

/** Every file under the data dir (events.sqlite and its -wal, keys.sqlite and its -wal, anything else), as read from disk now. */
function dataFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out.set(name, readFileSync(path));
  }
  return out;
}

/** Every document of every matcher collection, serialised. */
async function readModelDump(store: ReadModelStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of MATCHER_COLLECTIONS) out.set(name, JSON.stringify(await store.collection(name).find({})));
  return out;
}

/** Every key under the prefix with its whole value, whatever its type (BullMQ job hashes, lists, sets, zsets, streams). */
async function redisDump(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', '500');
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hgetall(key);
      else if (type === 'list') value = await redis.lrange(key, 0, -1);
      else if (type === 'set') value = await redis.smembers(key);
      else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') value = await redis.xrange(key, '-', '+');
      else if (type === 'none')
        continue; // expired meanwhile
      else throw new Error(`redis key ${key} of unexpected type ${type}: the scan would miss it`);
      // JSON.stringify escapes nothing in ASCII needles; the key name is scanned too.
      out.set(key, `${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return out;
}

/** Names of the parts (files, collections, keys) in which the needle appears. */
const whereFound = (parts: Map<string, Buffer | string>, needle: string) =>
  [...parts].filter(([, v]) => contains(v, needle)).map(([k]) => k);

const SUITE =
  'erasure (api + matcher, real Redis and BullMQ): nothing of the person is left in plain, and a rebuild does not bring them back';

describe(SUITE, () => {
  let t: ApiTestApp;
  let redis: Redis;
  let queue: Queue<EmailJob>;
  let records: NotificationRecords;
  let readModels: ReadModelStore;
  const prefix = `test-erasure-${randomUUID()}`;

  beforeAll(async () => {
    t = await createApiTestApp({ QUEUE_PREFIX: prefix }, [MatcherModule]);
    await t.app.get(MatcherService).ready;
    redis = t.app.get<Redis>(REDIS);
    queue = t.app.get<Queue<EmailJob>>(getQueueToken(QUEUES.email));
    records = t.app.get(NotificationRecords);
    readModels = t.app.get<ReadModelStore>(READ_MODEL_STORE);
  });
  afterAll(() => t.close());

  it('scans files, read models and Redis after DELETE, then rebuilds', async () => {
    const near = { territories: [{ postcode: '04300', radiusKm: 30 }], skills: ['maraîchage'] };
    const register = async (body: Record<string, unknown>, idempotencyKey?: string) => {
      const req = t.http().post('/v1/members');
      if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
      const member = validMember(body);
      await req.send(member).expect(202);
      const [id] = await t.memberIdsOf(member.email);
      // Confirmed, as following the confirmation email does: only then matched and emailed (double opt-in).
      await t.app.get(MemberConfirmations).confirm([id]);
      return id;
    };
    // Zoé (instant) and Léo (daily) match both projects; holder A reads daily digests, holder B instant emails
    // (new partners gathered over a window: one email per project).
    const zoe = await register({ displayName: DISPLAY_NAME, email: EMAIL, notify: 'instant', ...near }, `register-${randomUUID()}`);
    const leo = await register({ displayName: 'Léo Témoin', email: 'leo.temoin@example.org', notify: 'daily', ...near });
    const holderA = await register({ displayName: 'Anne Porteuse', notify: 'daily', skills: [] });
    const holderB = await register({ displayName: 'Bruno Porteur', notify: 'instant', skills: [] });
    const propose = async (holderId: string, title: string) =>
      idOf(
        await t
          .http()
          .post('/v1/projects')
          .set('Authorization', t.asMember(holderId))
          .send(
            validProject(holderId, {
              title,
              location: { postcode: '04300' },
              radiusKm: 30,
              needs: [{ role: 'maraîcher·e', skills: ['maraîchage'] }],
            }),
          )
          .expect(201),
      );
    const p1 = await propose(holderA, `Ferme ${MARKER}`);
    const p2 = await propose(holderB, 'Jardin partagé de Forcalquier');

    // Pending work about Zoé exists: her own instant emails, holder B's batch of new partners
    // naming her, and items about her in holder A's daily digest.
    await waitUntil(
      () => queue.getJob(matchFactId('member', p1, zoe)),
      (j) => !!j,
      "Zoé's email for p1",
    );
    await waitUntil(
      () => queue.getJob(matchFactId('member', p2, zoe)),
      (j) => !!j,
      "Zoé's email for p2",
    );
    const partnerBatches = t.app.get(PartnerBatches);
    await waitUntil(
      () => partnerBatches.pending(holderB, p2),
      (items) => items.length === 2,
      "holder B's batch of new partners (Zoé and Léo)",
    );
    const batchJobId = partnersFactId(p2, holderB, (await partnerBatches.openWindow(holderB, p2))!);
    expect(await queue.getJob(batchJobId)).toBeDefined();
    const itemsA = await waitUntil(
      () => records.pendingDigest(holderA),
      (items) => items.length === 2,
      "holder A's digest items",
    );
    expect(itemsA.map((i) => i.memberId).sort()).toEqual([zoe, leo].sort());
    // And a digest a tick already handed over, delayed by an SMTP outage, naming both.
    const digest: DigestEmailJob = {
      kind: 'digest',
      factId: `digest.daily.${holderA}.20250101070000000`,
      recipientId: holderA,
      frequency: 'daily',
      items: itemsA,
      periodEnd: '2025-01-01T07:00:00.000Z',
    };
    await queue.add('digest', digest, { ...emailJobOptions(digest.factId, { attempts: 3, backoffDelayMs: 1000 }), delay: 3_600_000 });

    // Before DELETE: the scans see the person's pseudonymous traces (her id) and the marker,
    // her contact is readable through her key, and it was never stored in plain anywhere.
    const keys = t.app.get<KeyStore>(KEY_STORE);
    const cipher = t.app.get(PersonalDataCipher);
    const registered = (await t.store.readStream(`member-${zoe}`)).events.find((e) => e.type === 'MemberRegistered')!;
    expect(await cipher.open(zoe, dataOf(registered, 'MemberRegistered').pii)).toEqual({ displayName: DISPLAY_NAME, email: EMAIL });
    const zoeKey = (await keys.getKey(zoe))!;
    const leoKey = (await keys.getKey(leo))!;
    const redisBefore = await redisDump(redis, prefix);
    expect(whereFound(redisBefore, zoe).length).toBeGreaterThan(0);
    expect(whereFound(redisBefore, MARKER).length).toBeGreaterThan(0);
    expect(whereFound(await readModelDump(readModels), zoe)).toEqual(
      expect.arrayContaining(['member_profiles', PROJECT_RECOMMENDATIONS, MEMBER_RECOMMENDATIONS]),
    );
    for (const needle of NEEDLES) expect(whereFound(dataFiles(t.dataDir), needle)).toEqual([]);

    // Her sign-in index entry (keyed hash of her address) is in the key file until then.
    const zoeLookup = emailLookupHash(t.app.get(LinkSigner), EMAIL);
    expect(await keys.findLookup(zoeLookup)).toEqual([{ subjectId: zoe, kind: 'member' }]);
    expect(whereFound(dataFiles(t.dataDir), zoeLookup).some((f) => f.startsWith('keys.sqlite'))).toBe(true);

    await t.http().delete(`/v1/members/${zoe}`).set('Authorization', t.asMember(zoe)).expect(204);
    const erasedAt = (await t.allEvents()).find((e) => e.type === 'MemberErased' && dataOf(e, 'MemberErased').memberId === zoe)!.position;
    await waitUntil(
      () => readModels.checkpoints.get('matcher'),
      (p) => p !== null && p >= erasedAt,
      'the matcher to handle MemberErased',
    );

    // 1. The SQLite files as they are on disk (main files and WALs, not checkpointed).
    const files = dataFiles(t.dataDir);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['events.sqlite', 'keys.sqlite']));
    expect(whereFound(files, MARKER).some((f) => f.startsWith('events.sqlite'))).toBe(true);
    // Her first name is kept in plain by design: the scan does read her own events, where
    // her contact would show if it were not sealed.
    expect(whereFound(files, 'Zoé').some((f) => f.startsWith('events.sqlite'))).toBe(true);
    for (const needle of NEEDLES) expect({ needle, files: whereFound(files, needle) }).toEqual({ needle, files: [] });
    // Her key left the key file (free pages and WAL included); the scan does find a live key.
    const keyFiles = [...files].filter(([name]) => name.startsWith('keys.sqlite'));
    expect(keyFiles.some(([, bytes]) => bytes.includes(leoKey))).toBe(true);
    expect(keyFiles.filter(([, bytes]) => bytes.includes(zoeKey)).map(([name]) => name)).toEqual([]);
    // Nor her sign-in index entry: nothing leads from her address to her any more.
    expect(whereFound(files, zoeLookup)).toEqual([]);
    expect(await keys.findLookup(zoeLookup)).toEqual([]);

    // 2. Every read-model collection: no contact, and not even her id.
    const models = await readModelDump(readModels);
    expect(whereFound(models, MARKER)).toEqual(expect.arrayContaining(['project_cards', MEMBER_RECOMMENDATIONS]));
    expect(whereFound(models, leo)).toEqual(expect.arrayContaining(['member_profiles', PROJECT_RECOMMENDATIONS]));
    for (const needle of NEEDLES) expect({ needle, collections: whereFound(models, needle) }).toEqual({ needle, collections: [] });
    expect(whereFound(models, zoe)).toEqual([]);
    await t.http().get(`/v1/members/${zoe}/recommendations`).set('Authorization', t.asAdmin()).expect(404);
    const { partners } = bodyOf<ProjectRecommendationsBody>(
      await t.http().get(`/v1/projects/${p1}/recommendations`).set('Authorization', t.asMember(holderA)).expect(200),
    );
    expect(partners.map((p) => p.memberId)).toEqual([leo]);

    // 3. Every Redis key under the prefix: no contact; her id in no pending job and no digest item.
    const redisAfter = await redisDump(redis, prefix);
    expect(whereFound(redisAfter, MARKER).length).toBeGreaterThan(0);
    for (const needle of NEEDLES) expect({ needle, keys: whereFound(redisAfter, needle) }).toEqual({ needle, keys: [] });
    const pending = await queue.getJobs([...PURGED_JOB_STATES]);
    expect(pending.filter((j) => JSON.stringify([j.id, j.data]).includes(zoe)).map((j) => j.id)).toEqual([]);
    const digestKeys = [...redisAfter.keys()].filter(
      (k) => k.startsWith(`${prefix}:notify:digest:`) || k.startsWith(`${prefix}:notify:partners:`),
    );
    expect(digestKeys.filter((k) => redisAfter.get(k)!.includes(zoe))).toEqual([]);
    // What is not about her is left as it was (the purge is not a wipe).
    expect(pending.map((j) => j.id)).toEqual(expect.arrayContaining([batchJobId, digest.factId]));
    expect((await partnerBatches.pending(holderB, p2)).map((i) => i.memberId)).toEqual([leo]);
    expect(pending.find((j) => j.id === digest.factId)!.data).toEqual({ ...digest, items: itemsA.filter((i) => i.memberId === leo) });
    expect((await records.pendingDigest(holderA)).map((i) => i.memberId)).toEqual([leo]);

    // 4. Her sealed contact cannot be opened any more.
    expect(await keys.getKey(zoe)).toBeNull();
    expect(await cipher.open(zoe, dataOf(registered, 'MemberRegistered').pii)).toBeNull();

    // 5. A rebuild from the log, into fresh read models, does not bring her back.
    const rebuilt = new InMemoryReadModelStore();
    const erasures: RecordedEvent[] = [];
    const matcher = new Matcher(t.store, rebuilt, { onErased: async (events) => void erasures.push(...events) });
    await matcher.synchronise();
    // The catch-up hands the erasure to the purge hook too (the live path is what ran above).
    expect(erasures.map((e) => dataOf(e, 'MemberErased').memberId)).toEqual([zoe]);
    expect(matcher.engine.memberIds()).not.toContain(zoe);
    expect(await rebuilt.collection('member_profiles').get(zoe)).toBeNull();
    expect(await rebuilt.collection('member_profiles').get(leo)).not.toBeNull();
    expect(await rebuilt.collection(MEMBER_RECOMMENDATIONS).get(zoe)).toBeNull();
    const lists = await rebuilt.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).find({});
    expect(lists.map((l) => l.projectId).sort()).toEqual([p1, p2].sort());
    for (const list of lists) expect(list.partners.map((p) => p.memberId)).toEqual([leo]);
    const rebuiltModels = await readModelDump(rebuilt);
    expect(whereFound(rebuiltModels, zoe)).toEqual([]);
    for (const needle of NEEDLES) expect({ needle, collections: whereFound(rebuiltModels, needle) }).toEqual({ needle, collections: [] });
    const replayed = (await t.store.readStream(`member-${zoe}`)).events.find((e) => e.type === 'MemberRegistered')!;
    expect(await cipher.open(zoe, dataOf(replayed, 'MemberRegistered').pii)).toBeNull();
  });

  it('an erased holder: their session is revoked, their projects close, the requests to them end', async () => {
    const holder = await t.registerMember({ displayName: 'Hélène Porteuse', email: `h.${randomUUID().slice(0, 8)}@example.org` });
    const member = await t.registerMember({ displayName: 'Marc Demandeur', email: `m.${randomUUID().slice(0, 8)}@example.org` });
    const holderToken = t.asMember(holder);
    const memberToken = t.asMember(member);
    const projectId = idOf(
      await t
        .http()
        .post('/v1/projects')
        .set('Authorization', holderToken)
        .send(validProject(holder, { title: 'Verger partagé' }))
        .expect(201),
    );
    const request = await t
      .http()
      .post('/v1/introductions')
      .set('Authorization', memberToken)
      .send({ projectId, memberId: member, requestedBy: 'member' })
      .expect(201);
    const introductionId = idOf(request);

    await t.http().delete(`/v1/members/${holder}`).set('Authorization', holderToken).expect(204);

    // The token still verifies, but names only an erased member: no session any more.
    const patch = await t.http().patch(`/v1/projects/${projectId}`).set('Authorization', holderToken).send({ title: 'Verger repris' });
    expect(patch.status).toBe(401);
    await t.http().post(`/v1/projects/${projectId}/pause`).set('Authorization', holderToken).send({}).expect(401);
    // A session that also holds a live account keeps that one only.
    const mixed = t.bearer({ memberIds: [holder, member] });
    await t.http().put(`/v1/members/${member}/notifications`).set('Authorization', mixed).send({ notify: 'weekly' }).expect(200);
    await t.http().put(`/v1/members/${holder}/notifications`).set('Authorization', mixed).send({ notify: 'weekly' }).expect(403);

    // The matcher's cascade: the project closes as holder-erased, the request to it ends.
    const project = await waitUntil(
      () => t.store.readStream(`project-${projectId}`),
      ({ events }) => events.some((e) => e.type === 'ProjectClosed'),
      'the project closed',
    );
    expect(project.events.at(-1)!.data).toMatchObject({ reason: 'holder-erased' });
    const introduction = await waitUntil(
      () => t.store.readStream(`introduction-${introductionId}`),
      ({ events }) => events.some((e) => e.type === 'IntroductionEnded'),
      'the introduction ended',
    );
    expect(introduction.events.at(-1)!.data).toMatchObject({ reason: 'party-erased', erasedParty: 'holder' });
    await waitUntil(
      () => t.http().get(`/v1/introductions/${introductionId}`).set('Authorization', memberToken),
      (res) => res.status === 200 && (res.body as { status: string }).status === 'ended',
      'the member sees it ended',
    );
    const seen = await t.http().get(`/v1/introductions/${introductionId}`).set('Authorization', memberToken).expect(200);
    expect(seen.body).toMatchObject({ status: 'ended', endReason: 'party-erased' });
    // A crash between the erasure's event and its key deletion is completed from the log, now
    // that the member's own session can no longer call DELETE again.
    const keyStore = t.app.get<KeyStore>(KEY_STORE);
    const crashed = await t.registerMember({ displayName: 'Paul Interrompu', email: `p.${randomUUID().slice(0, 8)}@example.org` });
    expect(await keyStore.getKey(crashed)).not.toBeNull();
    await t.store.appendToStream(
      `member-${crashed}`,
      [{ eventId: randomUUID(), type: 'MemberErased', data: { memberId: crashed, erasedAt: new Date().toISOString() } }],
      { expectedRevision: 'any' },
    );
    await waitUntil(
      () => keyStore.getKey(crashed),
      (key) => key === null,
      'the key deleted by the matcher',
    );

    // No longer active, so no longer listed nor matched.
    await waitUntil(
      () => t.http().get(`/v1/projects/${projectId}`),
      (res) => (res.body as { status?: string }).status === 'closed',
      'the card closed',
    );
  });
});
