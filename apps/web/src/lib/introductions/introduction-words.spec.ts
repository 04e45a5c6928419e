import { describe, expect, it } from '@jest/globals';
import { messagesFor } from '../i18n/messages';
import { linkQuery, requestInWords, statusInWords, timeInWords, waitedInWords } from './introduction-words';

const fr = messagesFor('fr').introductions;
const en = messagesFor('en').introductions;
const now = new Date('2026-12-07T10:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const HOUR = 3_600_000;

const facts = {
  status: 'awaiting-referent',
  withTeam: false,
  readerDecides: false,
  readerConsents: false,
  consentingName: 'Julien',
};

describe('an introduction in words', () => {
  it('says how long it has waited, in whole hours then whole days', () => {
    expect(waitedInWords(ago(10 * 60_000), now, fr)).toBe('depuis moins d’une heure');
    expect(waitedInWords(ago(HOUR), now, fr)).toBe('depuis 1 heure');
    expect(waitedInWords(ago(5 * HOUR + 59 * 60_000), now, fr)).toBe('depuis 5 heures');
    expect(waitedInWords(ago(24 * HOUR), now, fr)).toBe('depuis 1 jour');
    expect(waitedInWords(ago(3 * 24 * HOUR + 2 * HOUR), now, fr)).toBe('depuis 3 jours');
    expect(waitedInWords(ago(3 * 24 * HOUR), now, en)).toBe('for 3 days');
    // A clock a little ahead never says "depuis -1 heure".
    expect(waitedInWords(new Date(now.getTime() + HOUR).toISOString(), now, fr)).toBe('depuis moins d’une heure');
  });

  it('names the status as the reader sees it', () => {
    expect(statusInWords({ ...facts, readerDecides: true }, fr)).toBe('En attente de votre décision');
    expect(statusInWords(facts, fr)).toBe('En attente de la décision du·de la référent·e local·e');
    expect(statusInWords({ ...facts, withTeam: true }, fr)).toBe('En attente de la décision de l’équipe du réseau');
    expect(statusInWords({ ...facts, status: 'awaiting-consent' }, fr)).toBe('Approuvée ; en attente de la réponse de Julien');
    expect(statusInWords({ ...facts, status: 'awaiting-consent', readerConsents: true }, fr)).toBe(
      'Approuvée ; en attente de votre réponse',
    );
    expect(statusInWords({ ...facts, status: 'declined', reviewedBy: 'admin' }, fr)).toBe('Déclinée par l’équipe du réseau');
    expect(statusInWords({ ...facts, status: 'withdrawn' }, en)).toBe('Withdrawn by the person who made it');
  });

  it('says the request in one sentence, with plain words for a missing first name', () => {
    expect(requestInWords({ requestedBy: 'holder', holderFirstName: 'Sophie', memberFirstName: 'Julien' }, fr)).toBe(
      'Sophie, qui porte le projet, souhaite être mis·e en relation avec Julien.',
    );
    expect(requestInWords({ requestedBy: 'member', holderFirstName: null, memberFirstName: 'Julien' }, fr)).toBe(
      'Julien souhaite rejoindre le projet porté par la personne qui porte le projet.',
    );
    expect(requestInWords({ requestedBy: 'holder', holderFirstName: 'Sophie', memberFirstName: null }, en)).toBe(
      'Sophie, who leads the project, would like to be introduced to someone.',
    );
  });

  it('writes a time of day in Paris time, with the day when it is not today', () => {
    expect(timeInWords('2026-12-07T13:30:00.000Z', now, fr)).toBe('14:30');
    expect(timeInWords('2026-12-08T08:05:00.000Z', now, fr)).toBe('8 décembre, 09:05');
  });

  it('carries an email link’s query into a form’s action, escaped; nothing with a session', () => {
    expect(linkQuery({ as: 'admin', token: 'a+b/c' })).toBe('&as=admin&token=a%2Bb%2Fc');
    expect(linkQuery(undefined)).toBe('');
  });
});
