import { LinkSigner } from './link-signer';
import { renderSignInEmail, SIGN_IN_CODE_PATTERN, signInCode, signInCodeHash, signInToken } from './sign-in-email';

describe('sign-in codes', () => {
  const signer = new LinkSigner(Buffer.from('s'.repeat(40)), 'https://trame.example');
  const other = new LinkSigner(Buffer.from('t'.repeat(40)), 'https://trame.example');

  it('are six digits, the same for a request each time, spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, (_, i) => signInCode(signer, `request-${i}`));
    for (const code of codes) expect(code).toMatch(SIGN_IN_CODE_PATTERN);
    expect(signInCode(signer, 'request-7')).toBe(codes[7]);
    // 2,000 draws among 10^6: a handful of collisions at most, and leading zeros do occur.
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
    // Another secret, another code; and never the token's digits.
    expect(signInCode(other, 'request-7')).not.toBe(codes[7]);
    expect(signInToken(signer, 'request-7')).not.toContain(codes[7]);
  });

  it('are stored as a keyed hash bound to the address: another address or another secret gives another hash', () => {
    const hash = signInCodeHash(signer, 'lookup-a', '042917');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('042917');
    expect(signInCodeHash(signer, 'lookup-a', '042917')).toBe(hash);
    expect(signInCodeHash(signer, 'lookup-b', '042917')).not.toBe(hash);
    expect(signInCodeHash(signer, 'lookup-a', '042918')).not.toBe(hash);
    expect(signInCodeHash(other, 'lookup-a', '042917')).not.toBe(hash);
  });
});

describe('the sign-in email', () => {
  const input = { firstName: 'Camille', url: 'https://trame.example/connexion/lien?token=abc', code: '042917', ttlSeconds: 900 };

  it('gives the link and the code in both languages, French first, with how long they last', async () => {
    const { subject, text } = await renderSignInEmail({ ...input, locale: 'fr' });
    expect(subject).toBe('Votre lien de connexion à Trame · Your Trame sign-in link');
    const [fr, en] = text.split('________________________________________');
    expect(fr).toContain('Bonjour Camille,');
    expect(fr).toContain(`Pour vous connecter à Trame, suivez ce lien :\n${input.url}\n`);
    expect(fr).toContain('Ou tapez ce code sur la page de connexion :\n\n    042 917\n');
    expect(fr).toContain('Le code et le lien sont valables 15 minutes ; l’un ou l’autre ne sert qu’une fois.');
    expect(en).toContain('Hello Camille,');
    expect(en).toContain(`To sign in to Trame, follow this link:\n${input.url}\n`);
    expect(en).toContain('Or type this code on the sign-in page:\n\n    042 917\n');
    expect(en).toContain('The code and the link are valid for 15 minutes; either works only once.');
  });

  it('shows the code in large type in the HTML, in each language’s section, the member’s language first', async () => {
    const { html } = await renderSignInEmail({ ...input, locale: 'en' });
    const codes = [...html.matchAll(/<div[^>]*font-size:32px[^>]*>042 917<\/div>/g)];
    expect(codes).toHaveLength(2);
    expect(html.indexOf('Or type this code')).toBeLessThan(html.indexOf('Ou tapez ce code'));
    expect(html).toContain('valid for 15 minutes');
    expect(html).toContain('valables 15 minutes');
    expect(html).toContain(`href="${input.url.replace(/&/g, '&amp;')}"`);
  });
});
