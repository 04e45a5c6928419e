import {
  buildConfirmationEmail,
  CONFIRMATION_TOKEN_PATTERN,
  confirmationCode,
  confirmationToken,
  confirmationUrl,
  renderConfirmationEmail,
} from './confirmation-email';
import { LinkSigner } from './link-signer';
import { signInCode, signInToken } from './sign-in-email';
import { nonCanonicalTwin } from './testing/token-tampering';

describe('confirmation email', () => {
  const signer = new LinkSigner(Buffer.from('s'.repeat(40)), 'https://trame.example');
  const week = 7 * 24 * 3600;

  it('derives a canonical token and a 6-digit code per request, under keys of their own (not a sign-in token or code)', () => {
    const codes = new Set<string>();
    let sameAsSignIn = 0;
    for (let i = 0; i < 32; i += 1) {
      const token = confirmationToken(signer, `request-${i}`);
      expect(CONFIRMATION_TOKEN_PATTERN.test(token)).toBe(true);
      expect(CONFIRMATION_TOKEN_PATTERN.test(nonCanonicalTwin(token))).toBe(false);
      expect(token).not.toBe(signInToken(signer, `request-${i}`));
      const code = confirmationCode(signer, `request-${i}`);
      expect(code).toMatch(/^[0-9]{6}$/);
      expect(code).toBe(confirmationCode(signer, `request-${i}`));
      codes.add(code);
      if (code === signInCode(signer, `request-${i}`)) sameAsSignIn += 1;
    }
    expect(codes.size).toBeGreaterThan(30);
    // One in a million by chance; every time if both derived from one key.
    expect(sameAsSignIn).toBeLessThan(2);
  });

  it('puts the link and the spaced code in both languages, the member’s first, and says what happens without confirmation', async () => {
    const url = confirmationUrl('https://trame.example/', 'tok-en');
    expect(url).toBe('https://trame.example/confirmer?token=tok-en');
    const en = await renderConfirmationEmail({ locale: 'en', firstName: 'Sophie', url, code: '042917', ttlSeconds: week });
    expect(en.subject).toBe('Confirm your address for Trame · Confirmez votre adresse pour Trame');
    expect(en.text.indexOf('Hello Sophie,')).toBeLessThan(en.text.indexOf('Bonjour Sophie,'));
    expect(en.text).toContain('042 917');
    expect(en.text).toContain(url);
    expect(en.text).toContain('valid for 7 days');
    expect(en.text).toContain('valables 7 jours');
    expect(en.text).toContain('effacé dans 7 jours');
    expect(en.html).toContain('042 917');
    expect(en.html).toContain(`href="${url}"`);
    const fr = await renderConfirmationEmail({ locale: 'fr', firstName: 'Julien', url, code: '000001', ttlSeconds: 90 });
    expect(fr.subject.startsWith('Confirmez')).toBe(true);
    expect(fr.text).toContain('000 001');
    expect(fr.text).toContain('valables 2 minutes');
  });

  it('builds a message whose id derives from a hash of the request, never the request id', async () => {
    const content = await renderConfirmationEmail({ locale: 'fr', firstName: '', url: 'https://x', code: '123456', ttlSeconds: week });
    const email = buildConfirmationEmail({
      requestId: 'secret-request',
      from: 'a@b.c',
      to: 'd@e.f',
      publicUrl: 'https://trame.example',
      content,
    });
    expect(email.messageId).toContain('confirmation.');
    expect(email.messageId).not.toContain('secret-request');
    expect(email.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
  });
});
