import { describe, expect, it } from '@jest/globals';
import type { PlaceSuggestion } from '$lib/account/territory-rows';
import { placeOptions, readPlaceQuery } from './place-suggestions';

const query = (search: string) => readPlaceQuery(new URLSearchParams(search));

const mane: PlaceSuggestion = { code: 'commune:04111', kind: 'commune', label: 'Mane', postcodes: ['04300'] };
const manche: PlaceSuggestion = { code: 'departement:50', kind: 'departement', label: 'Manche' };
const martinique: PlaceSuggestion = { code: 'region:02', kind: 'region', label: 'Martinique' };

describe('GET /lieux: the query', () => {
  it('reads the text, trimmed and with single spaces, and whether only communes are wanted', () => {
    expect(query('q=+Saint++Maime+')).toEqual({ q: 'Saint Maime', communesOnly: false });
    expect(query('q=man&communes=1')).toEqual({ q: 'man', communesOnly: true });
  });

  it('searches nothing for fewer than 2 letters or more than 80', () => {
    expect(query('')).toBeUndefined();
    expect(query('q=+m+')).toBeUndefined();
    expect(query(`q=${'a'.repeat(81)}`)).toBeUndefined();
    expect(query(`q=${'a'.repeat(80)}`)).toEqual({ q: 'a'.repeat(80), communesOnly: false });
  });
});

describe('GET /lieux: the answer', () => {
  it('labels each place so that two of the same name differ, and keeps the bare name', () => {
    expect(placeOptions([mane, manche, martinique], false)).toEqual([
      { code: 'commune:04111', label: 'Mane (04300)', name: 'Mane' },
      { code: 'departement:50', label: 'Manche (50)', name: 'Manche' },
      { code: 'region:02', label: 'Martinique', name: 'Martinique' },
    ]);
  });

  it('keeps only communes for a field that takes a commune, and at most 8 places', () => {
    expect(placeOptions([manche, mane, martinique], true).map((p) => p.code)).toEqual(['commune:04111']);
    const many = Array.from({ length: 12 }, (_, i) => ({ ...mane, code: `commune:041${10 + i}` }));
    expect(placeOptions(many, false)).toHaveLength(8);
  });
});
