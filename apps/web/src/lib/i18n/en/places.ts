import type { Messages } from '../messages';

/* English texts of the place suggestions: every key of ../fr/places.ts. */

export const places: Messages['places'] = {
  queryTooShort: 'Type at least {n} letters to see places.',
  noResults: 'No place matches',
  statusNoResults: 'No place matches.',
  statusOneResult: '1 place suggested.',
  statusResults: '{n} places suggested.',
  statusSelected: '{option}, {position} of {n}, highlighted.',
  assistiveHint:
    'Places are suggested as you type: go through them with the up and down arrows, choose with Enter. On a touch screen, tap the place.',
};
