import { expect } from '@jest/globals';
import synonyms from '../../data/synonyms.json';
import { foldText, singularise, SYNONYM_KEY_PREFIX, TermNormaliser } from './term-normaliser';

describe('TermNormaliser', () => {
  const n = new TermNormaliser();

  it('folds accents, case and spacing', () => {
    expect(foldText('  Maraîchage   BIO ')).toBe('maraichage bio');
    expect(foldText("Gestion de l'eau")).toBe('gestion de l eau');
    expect(n.key('Électricité')).toBe(n.key('electricite'));
  });

  it('matches French and English plurals with their singular', () => {
    const pairs = [
      ['Maraîchages', 'maraichage'],
      ['chevaux', 'cheval'],
      ['panneaux', 'panneau'],
      ['jeux', 'jeu'],
      ['companies', 'company'],
      ['boxes', 'box'],
      ['churches', 'church'],
      ['légumes', 'légume'],
      ['énergies', 'énergie'],
    ];
    for (const [plural, singular] of pairs) expect([plural, n.key(plural)]).toEqual([plural, n.key(singular)]);
    expect(singularise('bus')).toBe('bus');
    expect(singularise('glasses')).toBe('glass');
  });

  it('stems each word of a multi-word term and ignores articles', () => {
    expect(n.key('Cultures des légumes')).toBe(n.key('culture de légumes'));
    expect(n.stemKey('isolation des murs')).toBe(n.stemKey('isolations mur'));
    expect(n.key('isolation des murs')).not.toBe(n.key('isolation'));
  });

  it('maps every term of a synonym group to the group key', () => {
    const group = `${SYNONYM_KEY_PREFIX}maraichage`;
    for (const t of ['Maraîchages', 'maraichage', 'market gardening', 'Agriculture', 'culture de légumes']) {
      expect([t, n.key(t)]).toEqual([t, group]);
    }
    expect(n.key('woodworking')).toBe(n.key('Charpente'));
    expect(n.key('accounting')).toBe(n.key('comptabilité'));
    expect(n.key('IT')).toBe(n.key('numérique'));
    expect(n.key('com')).toBe(n.key('Communication'));
    expect(n.key('plumbing')).not.toBe(n.key('électricité'));
  });

  it('keeps unknown terms as their stem, distinct from groups', () => {
    expect(n.key('Tressage')).toBe(n.stemKey('tressage'));
    expect(n.key('Tressage').startsWith(SYNONYM_KEY_PREFIX)).toBe(false);
    expect(n.key(' - ')).toBe('');
  });

  it('rejects data where one term belongs to two groups', () => {
    expect(
      () =>
        new TermNormaliser({
          groups: [
            { id: 'a', terms: ['jardin'] },
            { id: 'b', terms: ['jardins'] },
          ],
        }),
    ).toThrow(/jardins/);
  });

  it('ships about thirty groups whose terms are all distinct', () => {
    expect(synonyms.groups.length).toBeGreaterThanOrEqual(30);
    // Constructing with the shipped data succeeds only if no term is in two groups.
    expect(() => new TermNormaliser(synonyms)).not.toThrow();
  });

  it('deduplicates terms by key: synonyms worded together as written, variants of a word once', () => {
    expect(n.terms(['Maraîchage', 'maraichages', 'market gardening', '', 'Soudure'])).toEqual([
      { raw: 'Maraîchage / market gardening', key: `${SYNONYM_KEY_PREFIX}maraichage`, code: expect.any(Number) },
      { raw: 'Soudure', key: `${SYNONYM_KEY_PREFIX}soudure`, code: expect.any(Number) },
    ]);
  });

  it('gives one code per key, the same in every normaliser', () => {
    const [a, b, c] = n.terms(['Maraîchage', 'menuiserie', 'Soudure']);
    const [again, other] = new TermNormaliser().terms(['market gardening', 'soudures']);
    expect(again.code).toBe(a.code);
    expect(other.code).toBe(c.code);
    expect(new Set([a.code, b.code, c.code]).size).toBe(3);
  });
});
