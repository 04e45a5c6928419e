import { describe, expect, it } from '@jest/globals';
import { places as fr } from '$lib/i18n/fr/places';
import { places as en } from '$lib/i18n/en/places';
import { escapeHtml, fill, pickedFields, readFillMode, resultsStatus, shownText, suggestionsUrl } from './place-field';

const mane = { code: 'commune:04111', label: 'Mane (04300)', name: 'Mane' };

describe('the place fields in the browser', () => {
  it('says the status in the page’s language, one place or several', () => {
    expect(fill(fr.queryTooShort, { n: 2 })).toBe('Tapez au moins 2 lettres pour voir des lieux.');
    expect(resultsStatus(fr, 1, '')).toBe('1 lieu proposé.');
    expect(resultsStatus(fr, 6, 'Mane (04300), 1 sur 6, en surbrillance.')).toBe(
      '6 lieux proposés. Mane (04300), 1 sur 6, en surbrillance.',
    );
    expect(resultsStatus(en, 2, '')).toBe('2 places suggested.');
    expect(fill(en.statusSelected, { option: 'Mane (04300)', position: 1, n: 2 })).toBe('Mane (04300), 1 of 2, highlighted.');
  });

  it('leaves an unknown placeholder as it is', () => {
    expect(fill('{n} / {other}', { n: 3 })).toBe('3 / {other}');
  });

  it('asks /lieux for the trimmed text, communes only when the field takes a commune', () => {
    expect(suggestionsUrl(' Saint-Maime ', false)).toBe('/lieux?q=Saint-Maime');
    expect(suggestionsUrl('mane', true)).toBe('/lieux?q=mane&communes=1');
  });

  it('shows the label where the form keeps it, the bare name where the search looks it up again', () => {
    expect(shownText(mane, readFillMode(undefined))).toBe('Mane (04300)');
    expect(shownText(mane, readFillMode('name'))).toBe('Mane');
    expect(shownText('what was typed', 'label')).toBe('what was typed');
    expect(shownText(undefined, 'label')).toBe('');
  });

  it('fills the hidden fields the server reads for a chosen place', () => {
    expect(pickedFields(mane, 'placeCode0', 'placeLabel0')).toEqual([
      ['placeCode0', 'commune:04111'],
      ['placeLabel0', 'Mane (04300)'],
    ]);
    expect(pickedFields(mane, 'lieu', undefined)).toEqual([['lieu', 'commune:04111']]);
  });

  it('writes a name as text, never as markup', () => {
    expect(escapeHtml(`<img src=x onerror="a()">L'Isle & co`)).toBe('&lt;img src=x onerror=&quot;a()&quot;&gt;L&#39;Isle &amp; co');
  });
});
