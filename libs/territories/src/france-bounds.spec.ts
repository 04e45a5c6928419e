import { departementBounds, isInFrance, isWithinAny } from './france-bounds';
import type { TerritoryData } from './territory-data';

describe('France bounds', () => {
  it('holds mainland, Corsica and every overseas département of the shipped data', () => {
    const places = {
      paris: { lat: 48.85, lon: 2.35 },
      forcalquier: { lat: 43.96, lon: 5.78 },
      ouessant: { lat: 48.46, lon: -5.09 },
      bastia: { lat: 42.7, lon: 9.45 },
      guadeloupe: { lat: 16.24, lon: -61.53 },
      martinique: { lat: 14.6, lon: -61.07 },
      guyaneInland: { lat: 3.64, lon: -54.03 },
      reunion: { lat: -21.1, lon: 55.5 },
      mayotte: { lat: -12.78, lon: 45.23 },
    };
    for (const [name, point] of Object.entries(places)) expect([name, isInFrance(point)]).toEqual([name, true]);
  });

  it('leaves out the ocean at 0,0 and places well abroad', () => {
    const abroad = {
      nullIsland: { lat: 0, lon: 0 },
      london: { lat: 51.5, lon: -0.12 },
      madrid: { lat: 40.4, lon: -3.7 },
      rome: { lat: 41.9, lon: 12.5 },
    };
    for (const [name, point] of Object.entries(abroad)) expect([name, isInFrance(point)]).toEqual([name, false]);
  });

  it('derives one widened box per département from its communes and centre', () => {
    const data: TerritoryData = {
      regions: [],
      departements: [{ code: '04', region: '93', name: 'Alpes-de-Haute-Provence', lat: 44.1, lon: 6.2 }],
      communes: [
        {
          code: '04088',
          departement: '04',
          region: '93',
          name: 'Forcalquier',
          postcode: '04300',
          type: 'COM',
          parent: '',
          lat: 43.9,
          lon: 5.7,
          population: 5000,
        },
        {
          code: '04999',
          departement: '',
          region: '',
          name: 'Déléguée',
          postcode: '',
          type: 'COMD',
          parent: '04088',
          lat: 44.5,
          lon: 6.5,
          population: 0,
        },
      ],
    };
    const box = departementBounds(data, 0.5).get('04');
    expect(box).toEqual({ minLat: 43.4, maxLat: 45, minLon: 5.2, maxLon: 7 });
    expect(isWithinAny([box!], { lat: 44.99, lon: 6.99 })).toBe(true);
    expect(isWithinAny([box!], { lat: 45.01, lon: 6 })).toBe(false);
  });
});
