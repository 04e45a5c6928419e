import { describe, expect, it } from '@jest/globals';
import { destinationAfterSignIn } from './after-sign-in';
import { decodeInterest, encodeInterest, INTEREST_MESSAGE_MAX } from './interest-cookie';
import { decodePending, encodePending } from './pending-sign-in';

const projectId = '0e9c2a4b-7d13-4f6e-8a25-c3b1d0f49e72';

describe('the interest cookie', () => {
  it('keeps a project and a word, accents and line breaks included', () => {
    const message = 'Bonjour,\nje suis menuisière à Mane — disponible le week-end.';
    expect(decodeInterest(encodeInterest({ projectId, message }))).toEqual({ projectId, message });
  });

  it('refuses what would not fit in a cookie, and reads nothing it did not write', () => {
    expect(encodeInterest({ projectId, message: 'é'.repeat(INTEREST_MESSAGE_MAX) })).toBeUndefined();
    expect(encodeInterest({ projectId, message: 'a'.repeat(INTEREST_MESSAGE_MAX + 1) })).toBeUndefined();
    expect(encodeInterest({ projectId: '../admin', message: 'x' })).toBeUndefined();
    expect(decodeInterest('not-json')).toBeUndefined();
    expect(decodeInterest(Buffer.from(JSON.stringify({ p: 'x', m: 'y' })).toString('base64url'))).toBeUndefined();
    expect(decodeInterest(undefined)).toBeUndefined();
  });
});

describe('the pending sign-in cookie', () => {
  it('keeps the address and where to go back', () => {
    expect(decodePending(encodePending({ email: 'camille@example.org', retour: '/projets/x/interesse' }))).toEqual({
      email: 'camille@example.org',
      retour: '/projets/x/interesse',
    });
    expect(decodePending('%%%')).toBeUndefined();
  });
});

describe('where a person goes once signed in', () => {
  it('goes back where they were going, unless it is a sign-in page or another site', () => {
    expect(destinationAfterSignIn('/projets/nouveau', undefined, { memberIds: ['m'] })).toBe('/projets/nouveau');
    expect(destinationAfterSignIn('/connexion/code', undefined, { memberIds: ['m'] })).toBe('/moi');
    expect(destinationAfterSignIn('//evil.example', undefined, { memberIds: ['m'] })).toBe('/moi');
  });

  it('else to the project they were interested in, else to their space', () => {
    expect(destinationAfterSignIn(null, projectId, { memberIds: ['m'] })).toBe(`/projets/${projectId}/interesse`);
    expect(destinationAfterSignIn(undefined, undefined, { memberIds: ['m'] })).toBe('/moi');
    expect(destinationAfterSignIn(undefined, undefined, { memberIds: [] })).toBe('/moi/a-traiter');
  });
});
