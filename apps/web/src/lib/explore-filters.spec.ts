import { describe, expect, it } from '@jest/globals';
import { exploreHref, parseExploreFilters } from './explore-filters';

const parse = (query: string) => parseExploreFilters(new URLSearchParams(query));

describe('the explore page filters', () => {
  it('reads every filter from the address', () => {
    expect(parse('theme=+alimentation+&type=fablab&avancement=idea&distance=oui&pres=Mane&lieu=commune:04111&rayon=50&page=3')).toEqual({
      filters: {
        theme: 'alimentation',
        kind: 'fablab',
        stage: 'idea',
        remote: true,
        near: 'Mane',
        place: 'commune:04111',
        radiusKm: 50,
        page: 3,
      },
      invalid: [],
    });
  });

  it('defaults to every project, 30 km, page 1', () => {
    expect(parse('')).toEqual({ filters: { remote: false, radiusKm: 30, page: 1 }, invalid: [] });
    expect(parse('theme=&type=&avancement=&pres=+')).toEqual({ filters: { remote: false, radiusKm: 30, page: 1 }, invalid: [] });
  });

  it('leaves out each value that is not valid and names it', () => {
    const { filters, invalid } = parse(`type=castle&avancement=done&rayon=7&page=0&lieu=javascript:alert(1)&theme=${'x'.repeat(81)}`);
    expect(filters).toEqual({ remote: false, radiusKm: 30, page: 1 });
    expect(invalid.sort()).toEqual(['avancement', 'lieu', 'page', 'rayon', 'theme', 'type']);
    expect(parse('page=2.5').invalid).toEqual(['page']);
    expect(parse('page=1001').invalid).toEqual(['page']);
  });

  it('writes the address back, changing what is asked', () => {
    const { filters } = parse('theme=eau&type=fablab&pres=Mane&rayon=50&page=2');
    expect(exploreHref(filters)).toBe('/projets?theme=eau&type=fablab&pres=Mane&rayon=50&page=2');
    expect(exploreHref(filters, { page: 1 })).toBe('/projets?theme=eau&type=fablab&pres=Mane&rayon=50');
    expect(exploreHref(filters, { place: 'commune:04111', page: 1 })).toBe(
      '/projets?theme=eau&type=fablab&pres=Mane&lieu=commune%3A04111&rayon=50',
    );
    expect(exploreHref(parse('').filters)).toBe('/projets');
  });
});
