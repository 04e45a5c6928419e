import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { emailLookupHash, LinkSigner, signInCode } from '@trame/mail';
import { QUEUES, type SignInEmailJob } from '@trame/messaging';
import { SignInService } from '../src/auth/sign-in.service';
import { WEB_KEY_HEADER, webClientKey } from '../src/auth/client-ip';
import { createApiTestApp, type ApiTestApp } from './api-test-app';
import { bodyOf, type SessionBody } from './typed-reads';

/*
 * The web app's sessions: asked for by the web server (its key), they last
 * WEB_SESSION_TTL_SECONDS and are renewed on use (POST /v1/auth/refresh) keeping their id,
 * so that one sign-out ends every renewal.
 */

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { jti: string; exp: number; iat: number; mid: string[] };

describe('web sessions: 30 days, renewed on use, one sign-out for every renewal', () => {
  let t: ApiTestApp;
  let config: TrameConfig;
  let webKey: string;
  beforeAll(async () => {
    t = await createApiTestApp({ SIGN_IN_RATE_LIMIT_PER_ADDRESS: '1000', SIGN_IN_CODE_LIMIT_PER_ADDRESS: '1000' });
    config = t.app.get<TrameConfig>(TRAME_CONFIG);
    webKey = webClientKey(t.app.get(LinkSigner));
  });
  afterAll(() => t.close());

  async function signIn(email: string, key?: string): Promise<SessionBody> {
    const signInService = t.app.get(SignInService);
    const queue = t.app.get<Queue<SignInEmailJob>>(getQueueToken(QUEUES.signIn));
    await signInService.idle();
    const before = new Set((await queue.getJobs(['waiting', 'active', 'completed', 'delayed'])).map((j) => j.id));
    await t.http().post('/v1/auth/link').send({ email }).expect(202);
    await signInService.idle();
    const job = (await queue.getJobs(['waiting'])).find((j) => !before.has(j.id))!;
    const code = signInCode(t.app.get(LinkSigner), job.data.requestId);
    const request = t.http().post('/v1/auth/code');
    if (key) request.set(WEB_KEY_HEADER, key);
    return bodyOf<SessionBody>(await request.send({ email, code }).expect(200));
  }

  it('the web server gets a web session; any other client a short one; a wrong key counts as another client', async () => {
    const email = `web.${randomUUID().slice(0, 8)}@example.org`;
    await t.registerMember({ email });
    const web = await signIn(email, webKey);
    expect(web.expiresIn).toBe(config.WEB_SESSION_TTL_SECONDS);
    const { exp, iat } = claimsOf(web.accessToken);
    expect(exp - iat).toBe(config.WEB_SESSION_TTL_SECONDS);
    expect((await signIn(email)).expiresIn).toBe(config.SESSION_TTL_SECONDS);
    expect((await signIn(email, `${webKey.slice(0, -1)}x`)).expiresIn).toBe(config.SESSION_TTL_SECONDS);
  });

  it('a renewal keeps the session id, reads what the address owns today; a sign-out then ends both tokens', async () => {
    const email = `renew.${randomUUID().slice(0, 8)}@example.org`;
    const memberId = await t.registerMember({ email });
    const first = (await signIn(email, webKey)).accessToken;
    const renewed = bodyOf<SessionBody>(
      await t.http().post('/v1/auth/refresh').set('Authorization', `Bearer ${first}`).set(WEB_KEY_HEADER, webKey).expect(200),
    );
    expect(claimsOf(renewed.accessToken).jti).toBe(claimsOf(first).jti);
    expect(renewed.memberIds).toEqual([memberId]);
    expect(renewed.expiresIn).toBe(config.WEB_SESSION_TTL_SECONDS);

    await t.http().post('/v1/auth/sign-out').set('Authorization', `Bearer ${renewed.accessToken}`).expect(204);
    await t.http().get(`/v1/members/${memberId}`).set('Authorization', `Bearer ${first}`).expect(401);
    await t.http().post('/v1/auth/refresh').set('Authorization', `Bearer ${first}`).expect(401);
  });

  it('a session whose address owns nothing any more ends at its renewal (401, then revoked)', async () => {
    // As after an email change or an admin right withdrawn: the subject is an address that owns nothing.
    const token = t.bearer({
      subject: emailLookupHash(t.app.get(LinkSigner), `lost.${randomUUID().slice(0, 8)}@example.org`),
      admin: true,
    });
    await t.http().post('/v1/auth/refresh').set('Authorization', token).expect(401);
    await t.http().get('/v1/admin/queues/failed').set('Authorization', token).expect(401);
  });

  it('an erased member’s session is not renewed', async () => {
    const email = `gone.${randomUUID().slice(0, 8)}@example.org`;
    const memberId = await t.registerMember({ email });
    const token = `Bearer ${(await signIn(email, webKey)).accessToken}`;
    await t
      .http()
      .delete(`/v1/members/${memberId}`)
      .set('Authorization', token)
      .expect((r) => expect([200, 202, 204]).toContain(r.status));
    await t.http().post('/v1/auth/refresh').set('Authorization', token).expect(401);
  });
});
