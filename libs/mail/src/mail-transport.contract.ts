import { type AddressObject, simpleParser } from 'mailparser';
import { type MailTransport, type OutgoingEmail, TransientMailError } from './mail-transport.port';

/** One adapter under test and a way to read back what it delivered. */
export type MailTransportHarness = Readonly<{
  transport: MailTransport;
  /** The RFC 5322 bytes delivered for this Message-ID (waits for them if need be). */
  delivered(messageId: string): Promise<Buffer>;
  close(): Promise<void>;
}>;

export const sampleEmail = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => {
  const id = Math.random().toString(36).slice(2);
  return {
    messageId: `<match.member.${id}@trame.example>`,
    from: 'Trame <no-reply@trame.example>',
    to: 'camille@example.org',
    subject: 'Un nouveau projet près de chez vous : « Ferme coopérative » — élan, œuvre, ça',
    text: 'Bonjour Camille,\n\nUn projet vous correspond : maraîchage · 12 km · 6 h/semaine.\nÀ bientôt !\n',
    html: '<p>Bonjour Camille,</p><p>Un projet vous correspond : <b>maraîchage</b> · 12 km · Œuvre é è à ç</p>',
    headers: {
      'List-Unsubscribe': `<https://trame.example/v1/members/3f1c6f1e-1b7c-4d7c-9a8e-2d7e1f0b9c11/unsubscribe?token=${'a'.repeat(64)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    ...overrides,
  };
};

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => ({ name: v.name, address: v.address })));

/** A header as one unfolded line, whatever the composer did to fit 78 columns. */
const rawHeader = (lines: readonly { key: string; line: string }[], key: string) =>
  lines
    .filter((l) => l.key === key)
    .map((l) =>
      l.line
        .slice(l.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, '')
        .trim(),
    );

/** What every MailTransport must guarantee about the message that comes out. */
export function mailTransportContract(name: string, setup: () => Promise<MailTransportHarness>): void {
  describe(`MailTransport contract: ${name}`, () => {
    let harness: MailTransportHarness;

    beforeEach(async () => {
      harness = await setup();
    });

    afterEach(async () => {
      await harness.close();
    });

    it('delivers a message that parses to the same fields, accents intact', async () => {
      const email = sampleEmail();
      const result = await harness.transport.send(email);
      expect(result.messageId).toBe(email.messageId);

      const parsed = await simpleParser(await harness.delivered(email.messageId));
      expect(parsed.messageId).toBe(email.messageId);
      expect(addresses(parsed.from)).toEqual([{ name: 'Trame', address: 'no-reply@trame.example' }]);
      expect(addresses(parsed.to)).toEqual([{ name: '', address: 'camille@example.org' }]);
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.text).toBe(email.text);
      expect(parsed.html).toBe(email.html);
      expect(rawHeader(parsed.headerLines, 'list-unsubscribe')).toEqual([email.headers['List-Unsubscribe']]);
      expect(rawHeader(parsed.headerLines, 'list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
    });

    it('keeps each message apart', async () => {
      const first = sampleEmail({ to: 'alix@example.org', subject: 'Première' });
      const second = sampleEmail({ to: 'noé@example.org', subject: 'Deuxième', text: 'Noël à Forcalquier\n' });
      await harness.transport.send(first);
      await harness.transport.send(second);

      const a = await simpleParser(await harness.delivered(first.messageId));
      const b = await simpleParser(await harness.delivered(second.messageId));
      expect([a.subject, addresses(a.to)[0]?.address]).toEqual(['Première', 'alix@example.org']);
      expect([b.subject, addresses(b.to)[0]?.address, b.text]).toEqual(['Deuxième', 'noé@example.org', 'Noël à Forcalquier\n']);
    });

    it('closing waits for a send under way, then refuses new ones as transient', async () => {
      const email = sampleEmail();
      const sending = harness.transport.send(email);
      await harness.transport.close();
      await expect(sending).resolves.toMatchObject({ messageId: email.messageId });
      expect((await simpleParser(await harness.delivered(email.messageId))).subject).toBe(email.subject);
      await expect(harness.transport.send(sampleEmail())).rejects.toBeInstanceOf(TransientMailError);
    });
  });
}
