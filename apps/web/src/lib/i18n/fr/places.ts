/* French texts of the place suggestions (the reference for keys); English in ../en/places.ts. */

/*
 * Read in the browser by the place fields' script, so plain strings: `{n}` is a count,
 * `{option}` a place, `{position}` its rank.
 */
export const places = {
  queryTooShort: 'Tapez au moins {n} lettres pour voir des lieux.',
  noResults: 'Aucun lieu ne correspond',
  statusNoResults: 'Aucun lieu ne correspond.',
  statusOneResult: '1 lieu proposé.',
  statusResults: '{n} lieux proposés.',
  statusSelected: '{option}, {position} sur {n}, en surbrillance.',
  assistiveHint:
    'Des lieux vous sont proposés pendant que vous tapez : parcourez-les avec les flèches haut et bas, ' +
    'choisissez avec Entrée. Sur un écran tactile, touchez le lieu.',
};
