import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PermanentMailError, TransientMailError } from '../mail-transport.port';
import { sampleEmail } from '../mail-transport.contract';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink';
import { SmtpMailTransport, toMailError } from './smtp-mail-transport';

describe('SmtpMailTransport failures', () => {
  let sink: SmtpSink | undefined;
  let transport: SmtpMailTransport | undefined;

  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    transport = undefined;
    sink = undefined;
  });

  it('a recipient refused with 550 is a PermanentMailError carrying the reason', async () => {
    sink = await startSmtpSink({ onRcptTo: () => ({ code: 550, message: 'Mailbox unavailable: no such user' }) });
    transport = new SmtpMailTransport(sink.url);
    const error = await transport.send(sampleEmail()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentMailError);
    expect((error as PermanentMailError).responseCode).toBe(550);
    expect((error as Error).message).toContain('Mailbox unavailable: no such user');
    expect(sink.messages).toHaveLength(0);
  });

  it('a 451 is a TransientMailError', async () => {
    sink = await startSmtpSink({ onRcptTo: () => ({ code: 451, message: 'Try again later' }) });
    transport = new SmtpMailTransport(sink.url);
    const error = await transport.send(sampleEmail()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientMailError);
    expect((error as TransientMailError).responseCode).toBe(451);
    expect((error as Error).message).toContain('Try again later');
  });

  it('a 554 after DATA is a PermanentMailError', async () => {
    sink = await startSmtpSink({ onData: () => ({ code: 554, message: 'Message rejected as spam' }) });
    transport = new SmtpMailTransport(sink.url);
    const error = await transport.send(sampleEmail()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentMailError);
    expect((error as Error).message).toContain('Message rejected as spam');
  });

  it('a closed port is a TransientMailError', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    transport = new SmtpMailTransport(`smtp://127.0.0.1:${port}`);
    await expect(transport.send(sampleEmail())).rejects.toBeInstanceOf(TransientMailError);
  });

  it('a server that never greets is a TransientMailError once the greeting timeout passes', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      transport = new SmtpMailTransport(`smtp://127.0.0.1:${port}`, { connectionTimeoutMs: 300, greetingTimeoutMs: 300 });
      const error = await transport.send(sampleEmail()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransientMailError);
      expect((error as Error).message).toMatch(/ETIMEDOUT/);
    } finally {
      await transport?.close();
      transport = undefined;
      silent.close();
    }
  });

  it('the same transport delivers again once the relay accepts', async () => {
    let refuse = true;
    sink = await startSmtpSink({ onRcptTo: () => (refuse ? { code: 421, message: 'Busy' } : undefined) });
    transport = new SmtpMailTransport(sink.url);
    await expect(transport.send(sampleEmail())).rejects.toBeInstanceOf(TransientMailError);
    refuse = false;
    const email = sampleEmail();
    await expect(transport.send(email)).resolves.toMatchObject({ messageId: email.messageId });
    expect(sink.messages).toHaveLength(1);
  });
});

describe('toMailError', () => {
  it.each([
    [{ responseCode: 550, response: '550 no such user' }, PermanentMailError],
    [{ responseCode: 552, response: '552 too big' }, PermanentMailError],
    [{ responseCode: 503, response: '503 bad sequence' }, TransientMailError],
    [{ responseCode: 450, response: '450 greylisted' }, TransientMailError],
    [{ code: 'ECONNECTION', message: 'Connection closed' }, TransientMailError],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, TransientMailError],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, TransientMailError],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, PermanentMailError],
  ] as [Record<string, unknown>, unknown][])('%j → %p', (failure, expected) => {
    expect(toMailError(Object.assign(new Error('failure'), failure))).toBeInstanceOf(expected);
  });
});
