import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/**
 * A real SMTP server on loopback that keeps what it receives, for the mail, notifier and
 * end-to-end tests and the notifier benchmark. Not exported from the library index:
 * `smtp-server` is a dev dependency.
 */
export type ReceivedMessage = Readonly<{ raw: Buffer; from: string; to: readonly string[]; messageId: string }>;

/** Return a reply (e.g. `{ code: 550, message: 'mailbox unavailable' }`) to refuse a recipient. */
export type SmtpRejection = Readonly<{ code: number; message: string }>;

export type SmtpSinkOptions = Readonly<{
  /** Fixed port (to restart "the same relay"); default a free one. */
  port?: number;
  onRcptTo?: (address: string) => SmtpRejection | undefined;
  onData?: (raw: Buffer) => SmtpRejection | undefined;
}>;

export type SmtpSink = Readonly<{
  url: string;
  port: number;
  /** Messages answered 250, in arrival order. */
  messages: readonly ReceivedMessage[];
  /** Resolves once `count` messages arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<readonly ReceivedMessage[]>;
  /**
   * From now on, messages are read but not answered (the sender waits for the 250) until
   * `release`; held ones are never counted as received.
   */
  hold(): void;
  /** Answers every held message with a 451 and stops holding. */
  release(): void;
  readonly held: number;
  close(): Promise<void>;
}>;

const replyError = ({ code, message }: SmtpRejection) => Object.assign(new Error(message), { responseCode: code });
const messageIdOf = (raw: Buffer): string => /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))?.[1] ?? '';

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();
  let holding = false;
  const held: ((error?: Error) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 50,
    size: 10 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const rejection = options.onRcptTo?.(address.address);
      callback(rejection ? replyError(rejection) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (holding) {
          held.push(callback);
          return;
        }
        const raw = Buffer.concat(chunks);
        const rejection = options.onData?.(raw);
        if (rejection) return callback(replyError(rejection));
        // Counted before the 250 leaves: the sender cannot know of it earlier.
        messages.push({
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: messageIdOf(raw),
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a client vanishing mid-session (a killed notifier) is expected
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const answerHeld = (code: number, message: string) => {
    for (const callback of held.splice(0)) callback(replyError({ code, message }));
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      answerHeld(451, 'try again later');
    },
    get held() {
      return held.length;
    },
    close() {
      holding = false;
      answerHeld(421, 'closing');
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
