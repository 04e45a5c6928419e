import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { mailTransportContract } from './mail-transport.contract';
import { OutboxMailTransport } from './outbox/outbox-mail-transport';
import { SmtpMailTransport } from './smtp/smtp-mail-transport';
import { startSmtpSink } from './testing/smtp-sink';

mailTransportContract('SMTP (smtp-server on loopback)', async () => {
  const sink = await startSmtpSink();
  const transport = new SmtpMailTransport(sink.url);
  const byId = new Map<string, Buffer>();
  let parsedCount = 0;
  return {
    transport,
    async delivered(messageId) {
      // Wait for one more message at a time until the wanted one has arrived.
      for (let count = parsedCount + 1; !byId.has(messageId); count++) {
        const messages = await sink.waitFor(count);
        for (; parsedCount < messages.length; parsedCount++) {
          const { messageId: id } = await simpleParser(messages[parsedCount].raw);
          if (id) byId.set(id, messages[parsedCount].raw);
        }
      }
      return byId.get(messageId)!;
    },
    async close() {
      await transport.close();
      await sink.close();
    },
  };
});

mailTransportContract('outbox (.eml files)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trame-outbox-'));
  const transport = new OutboxMailTransport(join(dir, 'outbox'));
  return {
    transport,
    delivered: (messageId) => readFile(transport.pathOf(messageId)),
    async close() {
      await transport.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
