import { describe, expect, it } from '@jest/globals';
import { en } from './i18n/messages.en';
import { fr } from './i18n/messages.fr';
import { dateInWords, reasonsForHolder, reasonsForMember, type MatchDetails } from './match-reasons';

const details = (over: Partial<MatchDetails> = {}): MatchDetails => ({
  need: { role: 'maraîcher·e', skillsNeeded: 3, skillsMatched: ['maraîchage', 'irrigation'], hoursPerWeek: 4 },
  themesShared: ['alimentation', 'eau'],
  place: { kind: 'radius', distanceKm: 12.4 },
  availability: { hoursPerWeek: 6, startsLater: false },
  ...over,
});

describe('a match’s reasons in words', () => {
  it('speaks to the member, distance rounded, skills, themes and hours', () => {
    expect(reasonsForMember(details(), fr)).toEqual([
      'Vous êtes à 12 km',
      '2 compétences recherchées sur 3 pour « maraîcher·e » : maraîchage, irrigation',
      'Thèmes en commun : alimentation, eau',
      'Vous êtes disponible 6 h par semaine (4 h demandées)',
    ]);
  });

  it('speaks to the holder about the member by first name', () => {
    expect(reasonsForHolder(details({ place: { kind: 'radius', distanceKm: 11.6 } }), 'Julien', fr)).toEqual([
      'Julien est à 12 km',
      '2 compétences recherchées sur 3 pour « maraîcher·e » : maraîchage, irrigation',
      'Thèmes en commun : alimentation, eau',
      'Julien est disponible 6 h par semaine (4 h demandées)',
    ]);
  });

  it('writes English from the English catalogue', () => {
    expect(reasonsForHolder(details(), 'Julien', en)).toEqual([
      'Julien is 12 km away',
      '2 of 3 skills sought for “maraîcher·e”: maraîchage, irrigation',
      'Shared themes: alimentation, eau',
      'Julien is available 6 h a week (4 h asked)',
    ]);
  });

  it('names a whole area by its level, a remote project, and says less than a kilometre', () => {
    const dept = details({ place: { kind: 'area', distanceKm: 8, level: 'departement', label: 'Alpes-de-Haute-Provence' } });
    expect(reasonsForMember(dept, fr)[0]).toBe('Le projet est dans votre département : Alpes-de-Haute-Provence');
    expect(reasonsForHolder(dept, 'Julien', fr)[0]).toBe('Le projet est dans le département choisi par Julien : Alpes-de-Haute-Provence');
    expect(reasonsForMember(dept, en)[0]).toBe('The project is in your département: Alpes-de-Haute-Provence');
    const region = details({ place: { kind: 'area', distanceKm: 8, level: 'region', label: 'Occitanie' } });
    expect(reasonsForMember(region, fr)[0]).toBe('Le projet est dans votre région : Occitanie');
    expect(reasonsForMember(details({ place: { kind: 'remote', distanceKm: null } }), fr)[0]).toBe('Projet ouvert à distance');
    expect(reasonsForMember(details({ place: { kind: 'radius', distanceKm: 0.3 } }), fr)[0]).toBe('Vous êtes à moins d’1 km');
  });

  it('leaves out what is not there: no theme, no matched skill, no hours asked', () => {
    const lines = reasonsForMember(
      details({
        themesShared: [],
        need: { role: 'menuisier·e', skillsNeeded: 2, skillsMatched: [] },
        availability: { hoursPerWeek: 3, startsLater: false },
      }),
      fr,
    );
    expect(lines).toEqual(['Vous êtes à 12 km', 'Le projet cherche : menuisier·e', 'Vous êtes disponible 3 h par semaine']);
  });

  it('says fewer hours than asked as a partial fit', () => {
    const partial = details({
      need: { role: 'r', skillsNeeded: 1, skillsMatched: ['soudure'], hoursPerWeek: 15 },
      availability: { hoursPerWeek: 10, startsLater: false },
    });
    expect(reasonsForMember(partial, fr)[3]).toBe('Vous êtes disponible 10 h par semaine sur les 15 souhaitées');
    expect(reasonsForHolder(partial, 'Julien', en)[3]).toBe('Julien is available 10 h a week of the 15 wished for');
  });

  it('says in words when an availability starts later', () => {
    const later = details({ availability: { hoursPerWeek: 6, from: '2027-01-01', startsLater: true } });
    expect(reasonsForMember(later, fr)[3]).toBe('Vous êtes disponible 6 h par semaine (4 h demandées) à partir du 1er janvier 2027');
    expect(reasonsForHolder(later, 'Julien', en)[3]).toBe('Julien is available 6 h a week (4 h asked) from 1 January 2027');
    expect(dateInWords('2027-03-15', fr.me.reasons)).toBe('15 mars 2027');
    expect(dateInWords('soon', fr.me.reasons)).toBe('soon');
  });

  it('says one skill in the singular', () => {
    const one = details({ need: { role: 'r', skillsNeeded: 1, skillsMatched: ['soudure'] } });
    expect(reasonsForMember(one, fr)[1]).toBe('1 compétence recherchée sur 1 pour « r » : soudure');
    expect(reasonsForMember(one, en)[1]).toBe('1 of 1 skill sought for “r”: soudure');
  });
});
