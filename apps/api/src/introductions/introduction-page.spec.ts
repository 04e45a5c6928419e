import { statusText } from './introduction-page';

describe('statusText', () => {
  it('says who approved: the referent, or the network’s team when an admin did', () => {
    const byReferent = statusText({ status: 'awaiting-consent', consentingParty: 'member', reviewedBy: { kind: 'referent' } });
    expect(byReferent.fr).toBe('Approuvée par le référent ; en attente de la réponse du membre.');
    const byTeam = statusText({ status: 'awaiting-consent', consentingParty: 'holder', reviewedBy: { kind: 'admin' } });
    expect(byTeam).toEqual({
      fr: 'Approuvée par l’équipe du réseau ; en attente de la réponse du porteur du projet.',
      en: 'Approved by the network’s team; waiting for the project holder’s answer.',
    });
    expect(statusText({ status: 'declined', consentingParty: 'member', reviewedBy: { kind: 'admin' } }).en).toBe(
      'The network’s team declined this introduction.',
    );
  });

  it('says an introduction waits while its project is paused, and why one ended', () => {
    expect(statusText({ status: 'awaiting-referent', consentingParty: 'member', heldSince: '2026-03-02T09:00:00.000Z' }).fr).toBe(
      'Le projet est en pause : cette mise en relation attend sa reprise.',
    );
    expect(statusText({ status: 'ended', consentingParty: 'member', endReason: 'project-closed' }).en).toBe(
      'The project is closed: this introduction has ended.',
    );
    expect(statusText({ status: 'ended', consentingParty: 'member', endReason: 'party-erased' }).fr).toBe(
      'Une des deux personnes a quitté Trame : cette mise en relation a pris fin.',
    );
  });
});
