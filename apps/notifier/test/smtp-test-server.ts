import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type Received = Readonly<{ raw: Buffer; to: readonly string[]; messageId: string }>;
export type Rejection = Readonly<{ code: number; message: string }>;

export type SmtpTestServer = {
  readonly url: string;
  readonly port: number;
  /** Messages answered 250, in arrival order. */
  readonly messages: Received[];
  /**
   * From now on, messages are read but not answered (the sender waits for the 250) until
   * `release`; held ones are never counted as received.
   */
  hold(): void;
  /** Answers every held message with a 451 and stops holding. */
  release(): void;
  readonly held: number;
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
};

export type SmtpTestServerOptions = Readonly<{
  /** Fixed port (to restart "the same relay"); default a free one. */
  port?: number;
  /** A reply to refuse a recipient (e.g. 550: permanent). */
  rejectRecipient?: (address: string) => Rejection | undefined;
}>;

const messageIdOf = (raw: Buffer): string => /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))?.[1] ?? '';

/** A real SMTP server (smtp-server) on loopback for the notifier's tests and benchmark. */
export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const messages: Received[] = [];
  const waiters = new Set<() => void>();
  let holding = false;
  const held: ((error?: Error) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 50,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const rejection = options.rejectRecipient?.(address.address);
      callback(rejection ? Object.assign(new Error(rejection.message), { responseCode: rejection.code }) : undefined);
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
        // Counted before the 250 leaves: the sender cannot know of it earlier.
        messages.push({ raw, to: session.envelope.rcptTo.map((r) => r.address), messageId: messageIdOf(raw) });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a client vanishing mid-session (killed notifier) is expected
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const callback of held.splice(0)) callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
    },
    get held() {
      return held.length;
    },
    waitFor(count, timeoutMs = 30_000) {
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
    close() {
      holding = false;
      for (const callback of held.splice(0)) callback(Object.assign(new Error('closing'), { responseCode: 421 }));
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
