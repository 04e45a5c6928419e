import { createTransport, type Transporter } from 'nodemailer';
import { InFlight } from '../in-flight';
import { type MailTransport, type OutgoingEmail, PermanentMailError, type SendResult, TransientMailError } from '../mail-transport.port';

export type SmtpMailTransportOptions = Readonly<{
  /** TCP connect plus greeting wait; short so a down relay fails fast and the job retries. */
  connectionTimeoutMs?: number;
  /** Wait for the 220 greeting once connected. */
  greetingTimeoutMs?: number;
  /** Inactivity on an open connection before it counts as dead. */
  socketTimeoutMs?: number;
  /** Parallel connections of the pool. */
  maxConnections?: number;
  /**
   * How often the pool itself resends a message whose connection closed mid-send. 0 by
   * default: BullMQ owns retries (with backoff, metrics and a failed set).
   */
  maxRequeues?: number;
}>;

const DEFAULTS = {
  connectionTimeoutMs: 5_000,
  greetingTimeoutMs: 5_000,
  socketTimeoutMs: 30_000,
  maxConnections: 5,
  maxRequeues: 0,
} as const;

type SmtpFailure = Error & { code?: string; responseCode?: number; response?: string };

/**
 * Sorts a nodemailer failure: a 5xx reply is final, except 503 (bad sequence of commands:
 * the session was in the wrong state, a new connection can succeed). 4xx replies, refused or
 * dropped connections, timeouts and anything unknown are worth retrying; the retry limit
 * bounds the unknown cases.
 */
export function toMailError(error: unknown): PermanentMailError | TransientMailError {
  if (error instanceof PermanentMailError || error instanceof TransientMailError) return error;
  const e = (error ?? {}) as SmtpFailure;
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reason = e.response ?? e.message ?? String(error);
  const message = e.code ? `${e.code}: ${reason}` : reason;
  if (code !== undefined && code >= 500 && code !== 503) return new PermanentMailError(message, code);
  // An envelope nodemailer itself refuses (no valid recipient) cannot go through either.
  if (code === undefined && e.code === 'EENVELOPE') return new PermanentMailError(message);
  return new TransientMailError(message, code);
}

/**
 * Sends over `SMTP_URL` through a small connection pool. nodemailer options in the URL's
 * query override the defaults here, e.g. `smtp://relay:25?connectionTimeout=10000&maxConnections=10`.
 */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;
  private readonly inFlight = new InFlight();

  constructor(url: string, options: SmtpMailTransportOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    this.transporter = createTransport({
      url,
      pool: true,
      maxConnections: o.maxConnections,
      maxRequeues: o.maxRequeues,
      connectionTimeout: o.connectionTimeoutMs,
      greetingTimeout: o.greetingTimeoutMs,
      socketTimeout: o.socketTimeoutMs,
      // Our content never refers to files or URLs to inline; refuse them outright.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  send(email: OutgoingEmail): Promise<SendResult> {
    return this.inFlight.run(() => this.deliver(email));
  }

  private async deliver(email: OutgoingEmail): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
        messageId: email.messageId,
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { ...email.headers },
      });
      // A single recipient: a rejected one means the relay refused the message.
      if (info.rejected?.length) {
        throw Object.assign(new Error(`recipient rejected: ${String(info.response ?? '')}`), {
          code: 'EENVELOPE',
          responseCode: (info.rejectedErrors as SmtpFailure[] | undefined)?.[0]?.responseCode,
        });
      }
      return { messageId: email.messageId, response: String(info.response ?? '') };
    } catch (error) {
      throw toMailError(error);
    }
  }

  /** Waits for sends under way, then closes the pool. */
  async close(): Promise<void> {
    await this.inFlight.close();
    this.transporter.close();
  }
}
