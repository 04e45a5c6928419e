import { simpleParser } from 'mailparser';
import { register } from 'prom-client';
import { QUEUES } from '@trame/messaging';
import { createNotifierTestApp, type NotifierTestApp } from './notifier-test-app';
import { matchJob } from './members.fixture';
import { startSmtpSink, type SmtpSink } from '../../../libs/mail/src/testing/smtp-sink';

const counter = async (name: string, kind: string): Promise<number> => {
  const metric = await register.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels.kind === kind)?.value ?? 0;
};

describe('send-email processor (real Redis, real SMTP server on loopback)', () => {
  let smtp: SmtpSink;
  let t: NotifierTestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createNotifierTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://trame.example', NOTIFIER_BACKOFF_MS: '100' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends a match email in the member’s language with one-click unsubscribe and a fact-derived Message-ID', async () => {
    const sentBefore = await counter('trame_emails_sent_total', 'match');
    const memberId = await t.register({ firstName: 'Alex', email: 'alex@example.org', locale: 'en' });
    const job = matchJob(memberId);
    await t.emails.enqueue(job);
    expect(await t.settled(job.factId)).toBe('completed');

    expect(smtp.messages).toHaveLength(1);
    const mail = await simpleParser(smtp.messages[0].raw);
    expect(smtp.messages[0].to).toEqual(['alex@example.org']);
    expect(mail.messageId).toBe(`<${job.factId}@trame.example>`);
    expect(mail.subject).toMatch(/^[^·]*Ferme maraîchère coopérative/); // English first, the project named
    expect(mail.text).toContain('1 of 1 skills: maraîchage');
    expect(mail.text).toContain('1 compétence sur 1 : maraîchage');
    expect(mail.text!.indexOf('Hello Alex')).toBeLessThan(mail.text!.indexOf('Bonjour Alex'));
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe')).toMatch(
      new RegExp(`^List-Unsubscribe: +<https://trame\\.example/v1/members/${memberId}/unsubscribe\\?token=[\\w-]+>$`),
    );
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    expect(await t.records.outcomeOf(job.factId)).toMatchObject({ status: 'sent', messageId: `<${job.factId}@trame.example>` });
    expect(await counter('trame_emails_sent_total', 'match')).toBe(sentBefore + 1);
  });

  it('does not send again when a job is retried after the relay accepted it', async () => {
    const memberId = await t.register({ email: 'once@example.org' });
    const job = matchJob(memberId);
    await t.emails.enqueue(job);
    expect(await t.settled(job.factId)).toBe('completed');
    const received = smtp.messages.filter((m) => m.messageId.startsWith(`<${job.factId}@`)).length;
    expect(received).toBe(1);

    // As if the worker had died after the 250 and before completing: the same job runs again.
    const stored = (await t.emailQueue.getJob(job.factId))!;
    await stored.retry('completed');
    expect(await t.settled(job.factId)).toBe('completed');
    expect((await t.emailQueue.getJob(job.factId))!.returnvalue).toEqual({ status: 'already-done', outcome: 'sent' });
    // And a second job for the same fact (a rebuild after BullMQ forgot the first) is skipped too.
    await t.emailQueue.remove(job.factId);
    await t.emails.enqueue(job);
    expect(await t.settled(job.factId)).toBe('completed');
    expect(smtp.messages.filter((m) => m.messageId.startsWith(`<${job.factId}@`))).toHaveLength(1);
  });

  it('completes without sending for an erased member, a deleted key, `never` or an unconfirmed address, and records why', async () => {
    const erased = await t.register({ email: 'erased@example.org' });
    await t.erase(erased);
    const keyGone = await t.register({ email: 'keygone@example.org' });
    await t.keys.deleteKey(keyGone); // key lost without the erasure event
    const never = await t.register({ email: 'never@example.org', notify: 'never' });
    // Double opt-in: an address not confirmed yet gets the sign-in and confirmation emails, and nothing else.
    const unconfirmed = await t.register({ email: 'unconfirmed@example.org', confirmed: false });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases = [
      [erased, 'erased'],
      [keyGone, 'key-deleted'],
      [never, 'notify-never'],
      [unconfirmed, 'unconfirmed'],
      [unknown, 'unknown-member'],
    ] as const;
    for (const [memberId, reason] of cases) {
      const job = matchJob(memberId);
      await t.emails.enqueue(job);
      expect(await t.settled(job.factId)).toBe('completed');
      expect((await t.emailQueue.getJob(job.factId))!.returnvalue).toEqual({ status: 'skipped', reason });
      expect(await t.records.outcomeOf(job.factId)).toMatchObject({ status: 'skipped', reason });
    }
    const addresses = smtp.messages.flatMap((m) => m.to);
    for (const address of ['erased@example.org', 'keygone@example.org', 'never@example.org', 'unconfirmed@example.org']) {
      expect(addresses).not.toContain(address);
    }
  });

  it('reports queue depth per queue and state', async () => {
    const text = await register.getSingleMetricAsString('trame_queue_depth');
    expect(text).toMatch(/trame_queue_depth\{queue="email",state="completed"\} [1-9]/);
    expect(text).toContain('queue="digest",state="waiting"');
    // Every queue of QUEUES is watched, the introduction ones included.
    for (const name of Object.values(QUEUES)) expect(text).toContain(`queue="${name}",state="failed"`);
  });
});
