import { NEAR_FORMAT, resolveNear } from './near-place';
import { normalisePlaceName, PlaceSearch } from './place-search';
import { loadTerritoryDirectory } from './territory-directory';

describe('PlaceSearch over the shipped territories', () => {
  const search = new PlaceSearch(loadTerritoryDirectory());
  const codes = (query: string, limit?: number) => search.search(query, limit).map((p) => p.code);
  const first = (query: string) => search.search(query)[0];

  it('finds a commune whatever the accents, case, hyphens and apostrophes', () => {
    for (const q of ['forcalquier', 'Forcalquier', 'FORCALQUIER', ' forcalquier ']) expect(first(q)?.code).toBe('commune:04088');
    for (const q of ["L'Isle-sur-la-Sorgue", 'l isle sur la sorgue', 'isle sur la sorgue', 'Isle-sur-la-Sorgue', 'l’isle sur la sorgue']) {
      expect(first(q)).toMatchObject({ code: 'commune:84054', label: "L'Isle-sur-la-Sorgue" });
    }
    expect(first('besancon')?.label).toBe('Besançon');
  });

  it('reads "St" and "Ste" as "Saint" and "Sainte", and still lets "st" start another name', () => {
    expect(first('St-Maime')?.code).toBe('commune:04188');
    expect(first('saint maime')?.code).toBe('commune:04188');
    expect(codes('st', 20)).toContain('commune:67482'); // Strasbourg
  });

  it('describes a commune with its postcodes, département and position', () => {
    expect(first('forcalquier')).toEqual({
      code: 'commune:04088',
      kind: 'commune',
      label: 'Forcalquier',
      postcodes: ['04300'],
      departement: { code: '04', name: 'Alpes-de-Haute-Provence' },
      lat: 43.95817,
      lon: 5.78417,
    });
  });

  it('puts exact names before prefixes, then larger communes first', () => {
    // Same grade: the area before the place in it (the département of Paris, then the city).
    expect(codes('paris').slice(0, 2)).toEqual(['departement:75', 'commune:75056']);
    expect(codes('marseille')[0]).toBe('commune:13055');
    // The arrondissements share the prefix and come after the city, most populous first.
    const arrondissements = search.search('paris', 20).filter((p) => p.code.startsWith('commune:751'));
    expect(arrondissements.length).toBeGreaterThan(5);
    expect(codes('mane')[0]).toBe('commune:04111');
    // "Saint": the commune Le Saint is an exact match (article aside), then the most populous saints.
    const saints = search.search('saint', 20);
    expect(saints.length).toBe(20);
    expect(saints.slice(0, 2).map((p) => p.label)).toEqual(['Le Saint', 'Saint-Étienne']);
  });

  it('answers a postcode with the communes sharing it, most populous first', () => {
    const found = search.search('04300', 20);
    expect(found.map((p) => p.label)).toEqual([
      'Forcalquier',
      'Mane',
      'Saint-Maime',
      'Dauphin',
      'Pierrerue',
      'Sigonce',
      'Limans',
      'Niozelles',
      'Saint-Martin-les-Eaux',
    ]);
    expect(search.postcode('04300').map((p) => p.code)).toEqual(found.map((p) => p.code));
  });

  it('answers a département by number or name and a région by name', () => {
    expect(first('04')).toMatchObject({ code: 'departement:04', kind: 'departement', label: 'Alpes-de-Haute-Provence' });
    expect(first('2A')).toMatchObject({ code: 'departement:2A', label: 'Corse-du-Sud' });
    expect(first('2a')?.code).toBe('departement:2A');
    expect(first('971')?.code).toBe('departement:971');
    expect(first('alpes de haute provence')?.code).toBe('departement:04');
    expect(first('Provence-Alpes-Côte d’Azur')).toMatchObject({ code: 'region:93', kind: 'region' });
    expect(first('bretagne')?.code).toBe('region:53');
  });

  it('keeps to the limit and finds nothing for nonsense', () => {
    expect(search.search('sa', 3)).toHaveLength(3);
    expect(search.search('zzzzqqq')).toEqual([]);
    expect(search.search('!!!')).toEqual([]);
    expect(search.search('99999')).toEqual([]);
  });

  it('gives back a place by the code it suggested', () => {
    expect(search.place('commune:04088')?.label).toBe('Forcalquier');
    expect(search.place('departement:2a')?.label).toBe('Corse-du-Sud');
    expect(search.place('region:93')?.kind).toBe('region');
    expect(search.place('04088')).toBeUndefined();
    expect(search.place('commune:99999')).toBeUndefined();
  });

  it('normalises names to one form', () => {
    expect(normalisePlaceName("L'Haÿ-les-Roses")).toBe('l hay les roses');
    expect(normalisePlaceName('Œuilly')).toBe('oeuilly');
    expect(normalisePlaceName('Ste-Marie')).toBe('sainte marie');
  });

  it('answers in well under a millisecond (an index, not a scan)', () => {
    const queries = ['forcalquier', 'saint', 'isle sur la sorgue', '04300', '04', 'paris', 'marseille', 'bre'];
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const q of queries) {
        const start = process.hrtime.bigint();
        search.search(q);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)];
    process.stdout.write(`place search p50 ${p50.toFixed(3)} ms over ${times.length} queries\n`);
    expect(p50).toBeLessThan(2);
  });
});

describe('resolveNear', () => {
  const places = new PlaceSearch(loadTerritoryDirectory());

  it('reads coordinates, a commune code, a département or a région', () => {
    expect(resolveNear('43.96,5.78', places)).toEqual({ ok: true, near: { kind: 'point', lat: 43.96, lon: 5.78 } });
    expect(resolveNear('commune:04088', places)).toMatchObject({ ok: true, near: { kind: 'point', lat: 43.95817, lon: 5.78417 } });
    expect(resolveNear('departement:2a', places)).toMatchObject({ ok: true, near: { kind: 'area', level: 'departement', code: '2A' } });
    expect(resolveNear('region:93', places)).toMatchObject({ ok: true, near: { kind: 'area', level: 'region', code: '93' } });
  });

  it('takes a postcode of one commune, and lists the communes of a shared one', () => {
    expect(resolveNear('04100', places)).toMatchObject({ ok: true, near: { kind: 'point', place: { code: 'commune:04112' } } });
    const shared = resolveNear('04300', places);
    expect(shared.ok).toBe(false);
    if (!shared.ok) expect(shared.candidates.map((p) => p.label).slice(0, 2)).toEqual(['Forcalquier', 'Mane']);
  });

  it('knows nothing of unknown codes', () => {
    expect(resolveNear('99999', places)).toEqual({ ok: false, candidates: [] });
    expect(resolveNear('commune:99999', places)).toEqual({ ok: false, candidates: [] });
    expect(resolveNear('departement:00', places)).toEqual({ ok: false, candidates: [] });
  });

  it('accepts only the documented forms', () => {
    for (const ok of ['43.96,5.78', '-21.1,55.5', '04300', 'commune:04088', 'commune:2A004', 'departement:971', 'region:93']) {
      expect(NEAR_FORMAT.test(ok)).toBe(true);
    }
    for (const bad of ['paris', '0430', '04088x', 'commune:4088', 'dep:04', 'departement:', 'region:9', '43.96;5.78']) {
      expect(NEAR_FORMAT.test(bad)).toBe(false);
    }
  });
});
