import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { InFlight } from '../in-flight';
import { type MailTransport, type OutgoingEmail, type SendResult, TransientMailError } from '../mail-transport.port';

const SAFE = /[^A-Za-z0-9._@+-]/g;

/**
 * `<match.member.x.y@host>` → `match.member.x.y@host.eml`. Any character that had to be
 * replaced (or a very long id) adds a hash of the whole id, so two ids never share a file.
 */
export function outboxFileName(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  const safe = bare.replace(SAFE, '_').replace(/^\.+/, '_');
  if (safe === bare && safe.length > 0 && safe.length <= 180) return `${safe}.eml`;
  const hash = createHash('sha256').update(messageId).digest('hex').slice(0, 16);
  return `${safe.slice(0, 160)}-${hash}.eml`;
}

/**
 * The default without `SMTP_URL`: one RFC 5322 `.eml` per message in `DATA_DIR/outbox`.
 * Re-sending a message overwrites its file, so a retried job never makes a duplicate.
 */
export class OutboxMailTransport implements MailTransport {
  // nodemailer composes the MIME; we only store the bytes.
  private readonly composer: Transporter;
  private readonly inFlight = new InFlight();

  constructor(readonly directory: string) {
    this.composer = createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  /** Where the message with this Message-ID is (or would be) written. */
  pathOf(messageId: string): string {
    return join(this.directory, outboxFileName(messageId));
  }

  send(email: OutgoingEmail): Promise<SendResult> {
    return this.inFlight.run(() => this.write(email));
  }

  private async write(email: OutgoingEmail): Promise<SendResult> {
    const info = await this.composer.sendMail({
      messageId: email.messageId,
      from: email.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: { ...email.headers },
    });
    const target = this.pathOf(email.messageId);
    const temp = join(this.directory, `.${randomUUID()}.tmp`);
    try {
      await mkdir(this.directory, { recursive: true });
      // Temp file + fsync + rename: a reader (or a crash) never sees half a message.
      const file = await open(temp, 'w', 0o600);
      try {
        await file.writeFile(info.message as Buffer);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      // A full or unwritable disk may recover; the retry limit bounds it.
      throw new TransientMailError(`outbox: ${(error as Error).message}`);
    }
    return { messageId: email.messageId, response: `written ${target}` };
  }

  async close(): Promise<void> {
    await this.inFlight.close();
    this.composer.close();
  }
}
