import fc from 'fast-check';
import { CircleGrid, GeoGrid } from './geo-grid';
import { chordKm, haversineKm, unitVector } from './haversine';

const point = fc.record({
  lat: fc.double({ min: -89, max: 89, noNaN: true }),
  lon: fc.double({ min: -180, max: 179.999, noNaN: true }),
});

describe('haversineKm', () => {
  it('gives known distances', () => {
    // Paris – Montpellier is about 595 km as the crow flies.
    expect(haversineKm(48.8566, 2.3522, 43.6109, 3.8772)).toBeGreaterThan(590);
    expect(haversineKm(48.8566, 2.3522, 43.6109, 3.8772)).toBeLessThan(600);
    expect(haversineKm(0, 179.9, 0, -179.9)).toBeLessThan(23);
  });

  it('agrees with the chord measure (series below ~1,270 km, arcsine beyond) to a micrometre', () => {
    fc.assert(
      fc.property(point, point, fc.constantFrom(1, 0.1, 0.001), (a, b, scale) => {
        const lat = a.lat + (b.lat - a.lat) * scale;
        const lon = a.lon + (b.lon - a.lon) * scale;
        const haversine = haversineKm(a.lat, a.lon, lat, lon);
        // Near the antipode both formulas lose precision (an arcsine close to 1): not compared.
        fc.pre(haversine < 19_000);
        const chord = chordKm(...unitVector(a.lat, a.lon), ...unitVector(lat, lon));
        expect(Math.abs(chord - haversine)).toBeLessThan(1e-9);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('GeoGrid', () => {
  it('returns every point within the radius (a superset), across the antimeridian too', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 40 }),
        point,
        fc.double({ min: 0, max: 3000, noNaN: true }),
        (points, centre, radiusKm) => {
          const grid = new GeoGrid();
          points.forEach((p, i) => grid.add(`p${i}`, p.lat, p.lon));
          const found = grid.near(centre.lat, centre.lon, radiusKm);
          points.forEach((p, i) => {
            if (haversineKm(centre.lat, centre.lon, p.lat, p.lon) <= radiusKm) expect(found.has(`p${i}`)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts ids filed twice in one cell and forgets them after both removals', () => {
    const grid = new GeoGrid();
    grid.add('a', 43.6, 3.87);
    grid.add('a', 43.61, 3.88);
    grid.remove('a', 43.6, 3.87);
    expect(grid.near(43.6, 3.87, 1).has('a')).toBe(true);
    grid.remove('a', 43.61, 3.88);
    expect(grid.near(43.6, 3.87, 1).has('a')).toBe(false);
  });
});

describe('CircleGrid', () => {
  it('finds every circle that contains a point', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ c: point, r: fc.double({ min: 0, max: 500, noNaN: true }) }), { maxLength: 10 }),
        point,
        (circles, p) => {
          const grid = new CircleGrid();
          circles.forEach(({ c, r }, i) => grid.add(`c${i}`, c.lat, c.lon, r));
          const found = new Set(grid.at(p.lat, p.lon));
          circles.forEach(({ c, r }, i) => {
            if (haversineKm(c.lat, c.lon, p.lat, p.lon) <= r) expect(found.has(`c${i}`)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
