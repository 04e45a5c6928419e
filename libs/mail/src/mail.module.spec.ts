import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { simpleParser } from 'mailparser';
import { TrameConfigModule } from '@trame/config';
import { EmailComposer } from './email-composer';
import { LinkSigner } from './link-signer';
import { MailModule } from './mail.module';
import { MAIL_TRANSPORT, type MailTransport, TransientMailError } from './mail-transport.port';
import { OutboxMailTransport } from './outbox/outbox-mail-transport';
import { SmtpMailTransport } from './smtp/smtp-mail-transport';
import { startSmtpSink } from './testing/smtp-sink';

const MEMBER = '22222222-2222-4222-8222-222222222222';
const PROJECT = '11111111-1111-4111-8111-111111111111';

const job = {
  kind: 'match',
  factId: `match.member.${PROJECT}.${MEMBER}`,
  audience: 'member',
  recipientId: MEMBER,
  decidedAt: '2026-03-01T10:00:00.000Z',
  match: {
    projectId: PROJECT,
    projectTitle: 'Ferme coopérative',
    memberId: MEMBER,
    memberFirstName: 'Camille',
    role: 'maraîcher·e',
    score: 0.8,
    distanceKm: 12,
    reasons: { fr: 'raisons', en: 'reasons' },
  },
} as const;

async function moduleWith(env: Record<string, string>) {
  const ref = await Test.createTestingModule({ imports: [TrameConfigModule.forRoot(env), MailModule] }).compile();
  return ref.init();
}

describe('MailModule', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'trame-mailmod-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('without SMTP_URL writes to DATA_DIR/outbox; composes a complete email; closes the transport on shutdown', async () => {
    const app = await moduleWith({ DATA_DIR: dataDir, SMTP_URL: '', PUBLIC_URL: 'https://trame.example' });
    const transport = app.get<MailTransport>(MAIL_TRANSPORT);
    expect(transport).toBeInstanceOf(OutboxMailTransport);

    const email = await app.get(EmailComposer).compose(job, { email: 'camille@example.org', firstName: 'Camille', locale: 'fr' });
    expect(email.messageId).toBe(`<${job.factId}@trame.example>`);
    // One-click from mail providers posts to the api; the link a person reads opens the web page.
    expect(email.headers['List-Unsubscribe']).toBe(`<${app.get(LinkSigner).unsubscribeUrl(MEMBER)}>`);
    expect(email.headers['List-Unsubscribe']).toContain('/v1/members/');
    expect(email.text).toContain(app.get(LinkSigner).unsubscribePageUrl(MEMBER));
    expect(email.text).not.toContain(app.get(LinkSigner).unsubscribeUrl(MEMBER));
    await transport.send(email);
    await transport.send(email);
    const file = (transport as OutboxMailTransport).pathOf(email.messageId);
    expect(file.startsWith(join(dataDir, 'outbox'))).toBe(true);
    const parsed = await simpleParser(await import('node:fs/promises').then((fs) => fs.readFile(file)));
    expect(parsed.subject).toBe(email.subject);
    expect(await import('node:fs/promises').then((fs) => fs.readdir(join(dataDir, 'outbox')))).toHaveLength(1);

    await app.close();
    await expect(transport.send(email)).rejects.toBeInstanceOf(TransientMailError);
  });

  it('with SMTP_URL sends over SMTP', async () => {
    const sink = await startSmtpSink();
    const app = await moduleWith({ DATA_DIR: dataDir, SMTP_URL: sink.url });
    try {
      const transport = app.get<MailTransport>(MAIL_TRANSPORT);
      expect(transport).toBeInstanceOf(SmtpMailTransport);
      const email = await app.get(EmailComposer).compose(job, { email: 'camille@example.org', firstName: 'Camille', locale: 'en' });
      await transport.send(email);
      const [received] = await sink.waitFor(1);
      expect(received.to).toEqual(['camille@example.org']);
      expect(existsSync(join(dataDir, 'outbox'))).toBe(false);
    } finally {
      await app.close();
      await sink.close();
    }
  });
});
