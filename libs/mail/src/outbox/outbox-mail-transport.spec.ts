import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { sampleEmail } from '../mail-transport.contract';
import { TransientMailError } from '../mail-transport.port';
import { OutboxMailTransport, outboxFileName } from './outbox-mail-transport';

describe('outboxFileName', () => {
  it('is the Message-ID without brackets when that is a safe file name', () => {
    expect(outboxFileName('<match.member.p1.m1@trame.example>')).toBe('match.member.p1.m1@trame.example.eml');
  });

  it('never yields a path, a hidden file or an over-long name, and keeps distinct ids apart', () => {
    const names = ['<../../etc/passwd@x>', '<a/b@h>', '<a_b@h>', '<a b@h>', `<${'x'.repeat(400)}@h>`, '<.hidden@h>'].map(outboxFileName);
    for (const name of names) {
      expect(name).not.toContain('/');
      expect(name.startsWith('.')).toBe(false);
      expect(name.length).toBeLessThanOrEqual(200);
      expect(name.endsWith('.eml')).toBe(true);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('OutboxMailTransport', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trame-outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-sending a Message-ID overwrites its file, leaving no temp file', async () => {
    const outbox = new OutboxMailTransport(join(dir, 'outbox'));
    const email = sampleEmail();
    await outbox.send({ ...email, subject: 'premier envoi' });
    await outbox.send({ ...email, subject: 'second envoi' });
    await outbox.send(sampleEmail());
    const files = readdirSync(join(dir, 'outbox'));
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
    const parsed = await simpleParser(readFileSync(outbox.pathOf(email.messageId)));
    expect(parsed.subject).toBe('second envoi');
    await outbox.close();
  });

  it('writes CRLF line endings (RFC 5322)', async () => {
    const outbox = new OutboxMailTransport(dir);
    const email = sampleEmail();
    await outbox.send(email);
    const raw = readFileSync(outbox.pathOf(email.messageId), 'latin1');
    expect(raw).toMatch(/\r\n/);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/\n/);
    await outbox.close();
  });

  it('an unwritable outbox is a TransientMailError', async () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const outbox = new OutboxMailTransport(notADir);
    await expect(outbox.send(sampleEmail())).rejects.toBeInstanceOf(TransientMailError);
    await outbox.close();
  });
});
