import { distanceKm, EARTH_RADIUS_KM } from './geo';

describe('distanceKm (haversine)', () => {
  const paris = { lat: 48.8566, lon: 2.3522 };
  const lyon = { lat: 45.764, lon: 4.8357 };

  it('puts Lyon about 392 km from Paris', () => {
    expect(Math.abs(distanceKm(paris, lyon) - 392)).toBeLessThanOrEqual(5);
  });

  it('is symmetric and zero for the same point', () => {
    expect(distanceKm(lyon, paris)).toBeCloseTo(distanceKm(paris, lyon), 9);
    expect(distanceKm(paris, paris)).toBe(0);
  });

  it('measures a degree of latitude as about 111 km and antipodes as half the circumference', () => {
    expect(distanceKm({ lat: 45, lon: 3 }, { lat: 46, lon: 3 })).toBeCloseTo(111.2, 0);
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
  });

  it('crosses the antimeridian the short way', () => {
    expect(distanceKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeLessThan(112);
  });
});
