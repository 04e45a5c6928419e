import { haversineKm } from '@trame/matching';
import { geoCell, type ProjectCard, type ReadModelDocument } from '@trame/read-models';
import { serialisePage } from './prepared-json';
import { ProjectIndex, publicCard } from './project-index';

const key = (theme: string) =>
  theme
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

let seq = 0;
const card = (overrides: Partial<ProjectCard> & { id?: string } = {}): ReadModelDocument<ProjectCard> => {
  const id = overrides.id ?? `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  const location = overrides.location ?? { label: 'Forcalquier', lat: 43.958, lon: 5.784, departementCode: '04', regionCode: '93' };
  return {
    _id: id,
    _position: seq,
    projectId: id,
    holderId: 'h',
    title: 'Projet',
    summary: 'Un projet',
    kind: 'ferme-cooperative',
    themes: ['alimentation'],
    geoCell: geoCell(location.lat, location.lon),
    radiusKm: 30,
    remoteFriendly: false,
    stage: 'idea',
    needs: [],
    status: 'active',
    proposedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
    location,
  };
};

const all = { skip: 0, take: 1000 };

describe('ProjectIndex', () => {
  it('lists active projects newest first, then by id, and leaves paused and closed ones out', () => {
    const index = new ProjectIndex(key);
    const old = card({ proposedAt: '2026-01-01T00:00:00.000Z' });
    const recent = card({ proposedAt: '2026-03-01T00:00:00.000Z' });
    const sameTimeA = card({ id: 'a', proposedAt: '2026-02-01T00:00:00.000Z' });
    const sameTimeB = card({ id: 'b', proposedAt: '2026-02-01T00:00:00.000Z' });
    for (const c of [old, sameTimeB, recent, sameTimeA, card({ status: 'paused' }), card({ status: 'closed' })]) index.put(c);
    const page = index.query(all);
    expect(page.items.map((c) => c.id)).toEqual([recent._id, 'a', 'b', old._id]);
    expect(page.total).toBe(4);
    expect(page.items[0]).toEqual(publicCard(recent));
    expect(page.items[0]).not.toHaveProperty('geoCell');
  });

  it('follows a card through its changes: a pause drops it, a resume brings it back, a move re-files it', () => {
    const index = new ProjectIndex(key);
    const c = card();
    index.put(c);
    const nearForcalquier = { centre: { kind: 'circle' as const, lat: 43.96, lon: 5.78, radiusKm: 10 }, ...all };
    expect(index.query(nearForcalquier).total).toBe(1);
    index.put({ ...c, status: 'paused' });
    expect(index.query(all).total).toBe(0);
    index.put(c);
    expect(index.query(nearForcalquier).total).toBe(1);
    index.put({ ...c, location: { label: 'Paris', lat: 48.85, lon: 2.35 }, themes: ['Énergie'] });
    expect(index.query(nearForcalquier).total).toBe(0);
    expect(index.query({ ...all, themeKey: 'alimentation' }).total).toBe(0);
    expect(index.query({ ...all, themeKey: 'energie' }).total).toBe(1);
    expect(index.size).toBe(1);
  });

  it('filters by theme (normalised), kind, stage and remote-friendliness together', () => {
    const index = new ProjectIndex(key);
    const match = card({ themes: ['Énergies', 'habitat'], kind: 'habitat-partage', stage: 'running', remoteFriendly: true });
    index.put(match);
    index.put(card({ themes: ['énergies'], kind: 'habitat-partage', stage: 'running', remoteFriendly: false }));
    index.put(card({ themes: ['énergies'], kind: 'ferme-cooperative', stage: 'running', remoteFriendly: true }));
    index.put(card({ themes: ['énergies'], kind: 'habitat-partage', stage: 'idea', remoteFriendly: true }));
    const q = { ...all, themeKey: 'energies', kind: 'habitat-partage' as const, stage: 'running' as const, remoteFriendly: true };
    expect(index.query(q).items.map((c) => c.id)).toEqual([match._id]);
  });

  it('pages: `skip` and `take` cut the list, `total` counts every match', () => {
    const index = new ProjectIndex(key);
    const cards = Array.from({ length: 7 }, (_, i) => card({ proposedAt: `2026-01-0${i + 1}T00:00:00.000Z` }));
    for (const c of cards) index.put(c);
    const newest = [...cards].reverse().map((c) => c._id);
    expect(index.query({ skip: 0, take: 3 })).toMatchObject({ total: 7 });
    expect(index.query({ skip: 3, take: 3 }).items.map((c) => c.id)).toEqual(newest.slice(3, 6));
    expect(index.query({ skip: 6, take: 3 }).items.map((c) => c.id)).toEqual(newest.slice(6));
    expect(index.query({ skip: 9, take: 3 })).toEqual({ items: [], total: 7 });
  });

  it('answers "near" as the store query did: within the radius, nearest first, distance rounded', () => {
    // Random cards over a region, compared with the plain scan the store query did.
    const index = new ProjectIndex(key);
    const cards: ReadModelDocument<ProjectCard>[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 400; i++) {
      const c = card({
        location: { label: 'x', lat: 43 + random() * 2, lon: 4.5 + random() * 2.5 },
        themes: [random() < 0.5 ? 'alimentation' : 'habitat'],
        status: random() < 0.1 ? 'paused' : 'active',
      });
      cards.push(c);
      index.put(c);
    }
    for (const [lat, lon, radiusKm, theme] of [
      [43.96, 5.78, 10, undefined],
      [43.5, 5.2, 30, 'habitat'],
      [44.5, 6.9, 200, 'alimentation'],
      [44.0, 5.0, 1, undefined],
    ] as const) {
      const expected = cards
        .filter((c) => c.status === 'active' && (!theme || c.themes.includes(theme)))
        .map((c) => ({ c, d: haversineKm(lat, lon, c.location.lat, c.location.lon) }))
        .filter(({ d }) => d <= radiusKm)
        .sort((a, b) => a.d - b.d || a.c._id.localeCompare(b.c._id))
        .map(({ c, d }) => ({ ...publicCard(c), distanceKm: Math.round(d * 10) / 10 }));
      const got = index.query({ centre: { kind: 'circle', lat, lon, radiusKm }, themeKey: theme, skip: 0, take: 1000 });
      expect(got.items).toEqual(expected);
      expect(got.total).toBe(expected.length);
      // A page: cells too far to reach it are counted without measuring each project.
      const page = index.query({ centre: { kind: 'circle', lat, lon, radiusKm }, themeKey: theme, skip: 3, take: 4 });
      expect(page).toEqual({ items: expected.slice(3, 7), total: expected.length });
    }
  });

  it('lists a whole département or région, nearest its centre first, whatever the distance', () => {
    const index = new ProjectIndex(key);
    const far = card({ location: { label: 'Barcelonnette', lat: 44.39, lon: 6.65, departementCode: '04', regionCode: '93' } });
    const close = card({ location: { label: 'Digne', lat: 44.09, lon: 6.23, departementCode: '04', regionCode: '93' } });
    const elsewhere = card({ location: { label: 'Avignon', lat: 43.95, lon: 4.81, departementCode: '84', regionCode: '93' } });
    for (const c of [far, close, elsewhere]) index.put(c);
    const dep = index.query({ centre: { kind: 'area', level: 'departement', code: '04', lat: 44.1, lon: 6.24 }, ...all });
    expect(dep.items.map((c) => c.id)).toEqual([close._id, far._id]);
    expect(dep.items[1].distanceKm).toBeGreaterThan(30);
    const region = index.query({ centre: { kind: 'area', level: 'region', code: '93', lat: 43.9, lon: 6.0 }, ...all });
    expect(region.total).toBe(3);
  });
});

describe('ProjectIndex pages as JSON', () => {
  it('prepares each page’s text to be the JSON of its items, with and without a distance', () => {
    const index = new ProjectIndex(key);
    for (let i = 0; i < 5; i++) index.put(card({ description: i % 2 ? 'Une "description"' : undefined, themes: ['Énergie', 'eau'] }));
    const pages = [
      index.query({ skip: 1, take: 3 }),
      index.query({ centre: { kind: 'circle', lat: 43.96, lon: 5.78, radiusKm: 10 }, skip: 0, take: 4 }),
      index.query({ centre: { kind: 'area', level: 'region', code: '93', lat: 43.9, lon: 6 }, skip: 2, take: 2 }),
    ];
    for (const page of pages) {
      const body = { ...page, page: 1, perPage: 3 };
      expect(serialisePage(body)).toBe(JSON.stringify(body));
    }
  });
});
