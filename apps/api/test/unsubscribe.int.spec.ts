import { randomUUID } from 'node:crypto';
import { LinkSigner, signUnsubscribeToken } from '@trame/mail';
import { nonCanonicalTwin, tamperSignificant } from '../../../libs/mail/src/testing/token-tampering';
import { createApiTestApp, type ApiTestApp } from './api-test-app';
import { bodyOf, type ErrorBody } from './typed-reads';

describe('one-click unsubscribe over HTTP', () => {
  let t: ApiTestApp;
  let signer: LinkSigner;
  beforeAll(async () => {
    t = await createApiTestApp();
    signer = t.app.get(LinkSigner);
  });
  afterAll(() => t.close());

  const register = async (overrides: Record<string, unknown> = {}) => await t.registerMember(overrides);

  /** Path and query of the link put in emails. */
  const link = (memberId: string, token = signer.unsubscribeToken(memberId)) =>
    `/v1/members/${memberId}/unsubscribe?token=${encodeURIComponent(token)}`;

  const eventCount = async () => (await t.allEvents()).length;

  const notificationEvents = async (memberId: string) =>
    (await t.store.readStream(`member-${memberId}`)).events.filter((e) => e.type === 'MemberNotificationsChanged');

  const oneClick = (path: string) => t.http().post(path).type('form').send('List-Unsubscribe=One-Click');

  it('the link of the emails is signed by the app’s LinkSigner and lands on this route', async () => {
    const id = await register();
    const url = new URL(signer.unsubscribeUrl(id));
    expect(`${url.pathname}${url.search}`).toBe(link(id));
  });

  it('GET shows a bilingual confirmation page with a POST button, and changes nothing', async () => {
    const id = await register();
    const before = await eventCount();
    const res = await t.http().get(link(id)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const page = res.text;
    expect(page.indexOf('Ne plus recevoir')).toBeGreaterThan(0);
    expect(page.indexOf('Stop receiving')).toBeGreaterThan(page.indexOf('Ne plus recevoir'));
    expect(page).toMatch(/<form method="post" action="unsubscribe\?token=[A-Za-z0-9_-]{43}">/);
    expect(page).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await eventCount()).toBe(before);
  });

  it('POST (RFC 8058 one-click) records notify: never once; a repeat appends nothing', async () => {
    const id = await register({ notify: 'weekly' });
    const first = await oneClick(link(id)).expect(200);
    expect(first.body).toMatchObject({ memberId: id, notify: 'never', changed: true });
    expect(bodyOf<{ message: string }>(first).message).toMatch(/^C’est noté.* \/ Done: you will no longer receive emails/);
    const events = await notificationEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ memberId: id, notify: 'never' });

    const before = await eventCount();
    const again = await oneClick(link(id)).expect(200);
    expect(again.body).toMatchObject({ notify: 'never', changed: false });
    expect(await eventCount()).toBe(before);

    // And the GET page now says so, without a button.
    const page = await t.http().get(link(id)).expect(200);
    expect(page.text).toContain('Vous ne recevez déjà plus');
    expect(page.text).not.toContain('<form');
  });

  it('a member already at never gets 200 and nothing appended', async () => {
    const id = await register({ notify: 'never' });
    const before = await eventCount();
    await oneClick(link(id)).expect(200);
    expect(await eventCount()).toBe(before);
  });

  it('the browser form gets an HTML page back', async () => {
    const id = await register();
    const res = await t
      .http()
      .post(link(id))
      .set('Accept', 'text/html,application/xhtml+xml')
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text.indexOf('C’est noté')).toBeLessThan(res.text.indexOf('Done: you will'));
    expect(await notificationEvents(id)).toHaveLength(1);
  });

  it('a multipart one-click body works too', async () => {
    const id = await register();
    await t.http().post(link(id)).field('List-Unsubscribe', 'One-Click').expect(200);
    expect(await notificationEvents(id)).toHaveLength(1);
  });

  it('refuses forged, foreign, tampered and missing tokens with 403, appending nothing', async () => {
    const id = await register();
    const other = await register();
    const good = signer.unsubscribeToken(id);
    // A character that carries data: the last one of 43 partly holds padding bits.
    const tampered = tamperSignificant(good);
    const before = await eventCount();
    for (const path of [
      link(id, signer.unsubscribeToken(other)),
      link(id, tampered),
      link(id, nonCanonicalTwin(good)),
      link(id, signUnsubscribeToken('another-secret-of-at-least-32-chars!!', id)),
      `/v1/members/${id}/unsubscribe`,
      `/v1/members/${id}/unsubscribe?token=${good}&token=${good}`,
    ]) {
      const res = await oneClick(path).expect(403);
      expect(res.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: ['Ce lien de désabonnement n’est pas valide. / This unsubscribe link is not valid.'],
      });
      const page = await t.http().get(path).expect(403);
      expect(page.text).toContain('n’est pas valide');
      expect(page.text).not.toContain('<form');
    }
    expect(await eventCount()).toBe(before);
    expect(await notificationEvents(id)).toHaveLength(0);
  });

  it('an unknown member is 404 (with a valid token for that id), appending nothing', async () => {
    const ghost = randomUUID();
    const before = await eventCount();
    const res = await oneClick(link(ghost)).expect(404);
    expect(bodyOf<ErrorBody>(res).message[0]).toMatch(/introuvable \/ not found/);
    await t.http().get(link(ghost)).expect(404);
    expect(await eventCount()).toBe(before);
  });

  it('an erased member gets 200 and nothing appended', async () => {
    const id = await register();
    await t.http().delete(`/v1/members/${id}`).set('Authorization', t.asMember(id)).expect(204);
    const before = await eventCount();
    const res = await oneClick(link(id)).expect(200);
    expect(res.body).toMatchObject({ changed: false });
    expect(await eventCount()).toBe(before);
  });

  it('keeps the 100 kB body limit on this route', async () => {
    const id = await register();
    await t
      .http()
      .post(link(id))
      .type('form')
      .send(`List-Unsubscribe=One-Click&pad=${'x'.repeat(110 * 1024)}`)
      .expect(413);
    expect(await notificationEvents(id)).toHaveLength(0);
  });

  it('a bad member id is a 400', async () => {
    await oneClick('/v1/members/not-a-uuid/unsubscribe?token=x').expect(400);
  });
});
