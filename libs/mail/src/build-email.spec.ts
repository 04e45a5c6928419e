import { buildEmail, messageIdFor } from './build-email';

describe('buildEmail', () => {
  const content = { subject: 'Sujet · Subject', text: 'texte', html: '<p>html</p>' };

  it('adds one-click unsubscribe headers (RFC 8058) and a Message-ID from the fact and PUBLIC_URL host', () => {
    const email = buildEmail({
      factId: 'match.member.p1.m1',
      from: 'Trame <no-reply@trame.example>',
      to: 'camille@example.org',
      publicUrl: 'https://trame.example:8443/base/',
      unsubscribeUrl: 'https://trame.example/v1/members/m1/unsubscribe?token=t',
      content,
    });
    expect(email).toEqual({
      messageId: '<match.member.p1.m1@trame.example>',
      from: 'Trame <no-reply@trame.example>',
      to: 'camille@example.org',
      ...content,
      headers: {
        'List-Unsubscribe': '<https://trame.example/v1/members/m1/unsubscribe?token=t>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  });

  it('is deterministic and always a valid id', () => {
    expect(messageIdFor('digest.weekly.m1.20260301', 'http://localhost:3000')).toBe('<digest.weekly.m1.20260301@localhost>');
    expect(messageIdFor('a b:c<d>@e', 'http://localhost')).toBe('<a-b-c-d--e@localhost>');
    expect(messageIdFor('.x..y.', 'http://localhost')).toBe('<-x.y-@localhost>');
  });
});
