/** A fully rendered email, ready for a transport. */
export type OutgoingEmail = Readonly<{
  /** Deterministic `<…@host>` id derived from the fact, so duplicates are countable. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers: Readonly<Record<string, string>>;
}>;

export type SendResult = Readonly<{ messageId: string; response: string }>;

/** The relay refused for good (5xx): retrying cannot help. */
export class PermanentMailError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'PermanentMailError';
  }
}

/** The relay is down or answered 4xx: worth retrying later. */
export class TransientMailError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'TransientMailError';
  }
}

/** Port: SMTP in production, `.eml` files in `DATA_DIR/outbox` by default. */
export interface MailTransport {
  /** Resolves once the relay accepted the message; throws Permanent/TransientMailError. */
  send(email: OutgoingEmail): Promise<SendResult>;
  close(): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
