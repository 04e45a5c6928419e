import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { simpleParser, type ParsedMail } from 'mailparser';
import { waitUntil } from '@trame/testing';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { SignInService } from '../src/auth/sign-in.service';
import { EmailChangeService } from '../src/members/email-change.service';
import { createApiTestApp, type ApiTestApp } from './api-test-app';
import { bodyOf, type ErrorBody } from './typed-reads';

/*
 * "Change my email" over HTTP, with the notifier in the same process and a real SMTP server
 * on loopback: the member asks, the NEW address gets a link and a code, either confirms once;
 * then the profile shows the new address, it signs in and the old one no longer does.
 */

const CODE_IN_TEXT = /\n {4}([0-9]{3}) ([0-9]{3})\n/;
const TOKEN_IN_LINK = /http:\/\/trame\.test\/moi\/email\/confirmer\?token=([A-Za-z0-9_-]{43})\b/;

describe('changing a member’s email address (api + notifier, real Redis and SMTP)', () => {
  let smtp: SmtpSink;
  let t: ApiTestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createApiTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://trame.test' }, [NotifierModule]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const address = (name: string) => `${name}.${randomUUID().slice(0, 8)}@example.org`;
  const mailsTo = async (to: string): Promise<ParsedMail[]> => {
    const parsed = await Promise.all(smtp.messages.map((m) => simpleParser(m.raw)));
    return parsed.filter((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address === to);
  };
  const tokenOf = (m: ParsedMail) => TOKEN_IN_LINK.exec(m.text ?? '')?.[1];
  const codeOf = (m: ParsedMail) => {
    const [, a, b] = CODE_IN_TEXT.exec(m.text ?? '') ?? [];
    return a && b ? `${a}${b}` : undefined;
  };
  const requestChange = async (memberId: string, email: string, expected = 202) => {
    const res = await t.http().post(`/v1/members/${memberId}/email`).set('Authorization', t.asMember(memberId)).send({ email });
    expect(res.status).toBe(expected);
    await t.app.get(EmailChangeService).idle();
    return res;
  };
  const waitForMails = (to: string, count: number) =>
    waitUntil(
      () => mailsTo(to),
      (m) => m.length === count,
      `${count} email(s) to ${to}`,
    );
  const profileEmail = async (memberId: string) =>
    bodyOf<{ email: string }>(await t.http().get(`/v1/members/${memberId}`).set('Authorization', t.asMember(memberId)).expect(200)).email;
  const signInMailsAfterAsking = async (email: string) => {
    const signIn = t.app.get(SignInService);
    signIn.request(email);
    await signIn.idle();
  };

  it('the link sent to the new address changes it: profile, sign-in with the new one, nothing for the old one', async () => {
    const oldEmail = address('old');
    const newEmail = address('new');
    const memberId = await t.registerMember({ email: oldEmail });
    await requestChange(memberId, newEmail.toUpperCase());
    const [mail] = await waitForMails(newEmail, 1);
    expect(mail.subject).toContain('Confirmez votre nouvelle adresse');
    // Nothing changes until the link is followed.
    expect(await profileEmail(memberId)).toBe(oldEmail);
    expect(await t.memberIdsOf(newEmail)).toEqual([]);

    const token = tokenOf(mail)!;
    const confirmed = await t.http().post('/v1/members/email/confirm').send({ token }).expect(200);
    // The new address is signed in: the page the link opens keeps that session.
    expect(bodyOf<{ memberIds: string[] }>(confirmed).memberIds).toEqual([memberId]);
    expect(await profileEmail(memberId)).toBe(newEmail);
    expect(await t.memberIdsOf(newEmail)).toEqual([memberId]);
    expect(await t.memberIdsOf(oldEmail)).toEqual([]);
    // Single use: the same link again is refused (the change stays).
    await t.http().post('/v1/members/email/confirm').send({ token }).expect(401);

    await signInMailsAfterAsking(newEmail);
    await signInMailsAfterAsking(oldEmail);
    await waitForMails(newEmail, 2);
    expect((await mailsTo(newEmail))[1].subject).toMatch(/connexion|sign/i);
    // Give the notifier the time it would take to send the old address something: it sends nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsTo(oldEmail)).toHaveLength(0);

    // The old address is free again: it may register a new account.
    const again = await t.registerMember({ email: oldEmail });
    expect(again).not.toBe(memberId);
  });

  it('the code works like the link, once, for the new address only', async () => {
    const newEmail = address('coded');
    const memberId = await t.registerMember();
    await requestChange(memberId, newEmail);
    const [mail] = await waitForMails(newEmail, 1);
    const code = codeOf(mail)!;
    await t
      .http()
      .post('/v1/members/email/confirm')
      .send({ email: address('other'), code })
      .expect(401);
    await t.http().post('/v1/members/email/confirm').send({ email: newEmail, code }).expect(200);
    expect(await profileEmail(memberId)).toBe(newEmail);
  });

  it('only the latest request can be confirmed', async () => {
    const first = address('first');
    const second = address('second');
    const memberId = await t.registerMember();
    await requestChange(memberId, first);
    await requestChange(memberId, second);
    const [firstMail] = await waitForMails(first, 1);
    const [secondMail] = await waitForMails(second, 1);
    const refused = await t
      .http()
      .post('/v1/members/email/confirm')
      .send({ token: tokenOf(firstMail) });
    expect(refused.status).toBe(409);
    await t
      .http()
      .post('/v1/members/email/confirm')
      .send({ token: tokenOf(secondMail) })
      .expect(200);
    expect(await profileEmail(memberId)).toBe(second);
  });

  it('an address that already has an account: the same answer, nothing sent, and the earlier link dies alike', async () => {
    const taken = address('taken');
    await t.registerMember({ email: taken });
    const memberId = await t.registerMember();
    const mine = address('mine');
    await requestChange(memberId, mine);
    const [mineMail] = await waitForMails(mine, 1);
    const res = await requestChange(memberId, taken);
    const fresh = await requestChange(memberId, address('fresh'));
    expect(bodyOf<{ message: string }>(res)).toEqual(bodyOf<{ message: string }>(fresh));
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsTo(taken)).toHaveLength(0);
    // Whether the other address was free or taken, the earlier link is replaced: one answer.
    const other = await t.registerMember();
    const otherMine = address('other-mine');
    await requestChange(other, otherMine);
    const [otherMail] = await waitForMails(otherMine, 1);
    await requestChange(other, taken);
    const afterTaken = await t
      .http()
      .post('/v1/members/email/confirm')
      .send({ token: tokenOf(otherMail) });
    const afterFree = await t
      .http()
      .post('/v1/members/email/confirm')
      .send({ token: tokenOf(mineMail) });
    expect(afterTaken.status).toBe(409);
    expect(afterFree.status).toBe(409);
  });

  it('refuses a bad address (400 naming the field), the current address (422), another member (403)', async () => {
    const email = address('same');
    const memberId = await t.registerMember({ email });
    const bad = await t
      .http()
      .post(`/v1/members/${memberId}/email`)
      .set('Authorization', t.asMember(memberId))
      .send({ email: 'pas-une-adresse' });
    expect(bad.status).toBe(400);
    expect(bodyOf<ErrorBody>(bad).fields?.map((f) => f.field)).toEqual(['email']);
    const same = await requestChange(memberId, email.toUpperCase(), 422);
    expect(bodyOf<ErrorBody>(same).fields?.map((f) => f.field)).toEqual(['email']);
    const other = await t.registerMember();
    await t
      .http()
      .post(`/v1/members/${memberId}/email`)
      .set('Authorization', t.asMember(other))
      .send({ email: address('x') })
      .expect(403);
  });

  it('erasing the member kills the pending link', async () => {
    const newEmail = address('erased');
    const memberId = await t.registerMember();
    await requestChange(memberId, newEmail);
    const [mail] = await waitForMails(newEmail, 1);
    await t.http().delete(`/v1/members/${memberId}`).set('Authorization', t.asMember(memberId)).expect(204);
    await t
      .http()
      .post('/v1/members/email/confirm')
      .send({ token: tokenOf(mail) })
      .expect(401);
    expect(await t.memberIdsOf(newEmail)).toEqual([]);
  });
});
