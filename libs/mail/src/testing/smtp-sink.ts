import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/**
 * A real SMTP server on a free loopback port that keeps what it receives, for tests and
 * benchmarks. Not exported from the library index: `smtp-server` is a dev dependency.
 */
export type ReceivedMessage = Readonly<{ raw: Buffer; from: string; to: readonly string[] }>;

/** Return a reply (e.g. `{ code: 550, message: 'mailbox unavailable' }`) to refuse a recipient. */
export type SmtpRejection = Readonly<{ code: number; message: string }>;

export type SmtpSinkOptions = Readonly<{
  onRcptTo?: (address: string) => SmtpRejection | undefined;
  onData?: (raw: Buffer) => SmtpRejection | undefined;
}>;

export type SmtpSink = Readonly<{
  url: string;
  port: number;
  messages: readonly ReceivedMessage[];
  /** Resolves once `count` messages arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<readonly ReceivedMessage[]>;
  close(): Promise<void>;
}>;

const replyError = ({ code, message }: SmtpRejection) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const rejection = options.onRcptTo?.(address.address);
      callback(rejection ? replyError(rejection) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const rejection = options.onData?.(raw);
        if (rejection) return callback(replyError(rejection));
        messages.push({
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = (server.server.address() as AddressInfo);
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
