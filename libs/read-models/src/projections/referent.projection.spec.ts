import type { ReferentAppointed, ReferentEvent, ResolvedTerritory } from '@trame/domain';
import { InMemoryReadModelStore } from '../memory/in-memory-read-model-store';
import { applyProjectionBatch } from '../projection';
import { type ReferentView, referentProjection as projection } from './referent.projection';
import { placeAreaKeys } from './territory-view';

const referentId = '0d6b1a52-4f0e-4a9b-8f3c-2e1d0c9b8a71';
const SEALED = 'v1.SEALED.dominique.durand@example.org';

const rhone: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '69',
  lat: 45.87,
  lon: 4.64,
  label: 'Rhône',
  departementCode: '69',
  regionCode: '84',
};
const aura: ResolvedTerritory = {
  kind: 'area',
  level: 'region',
  code: '84',
  lat: 45.5,
  lon: 4.5,
  label: 'Auvergne-Rhône-Alpes',
  regionCode: '84',
};
const villeurbanne: ResolvedTerritory = {
  kind: 'radius',
  lat: 45.77,
  lon: 4.88,
  radiusKm: 5,
  label: 'Villeurbanne',
  communeCode: '69266',
  departementCode: '69',
  regionCode: '84',
};

const appointed: ReferentAppointed = {
  type: 'ReferentAppointed',
  data: {
    referentId,
    firstName: 'Dominique',
    pii: SEALED,
    territories: [rhone, villeurbanne],
    themes: ['habitat'],
    appointedAt: '2025-02-01T09:00:00.000Z',
  },
};
const changed: ReferentEvent = {
  type: 'ReferentTerritoriesChanged',
  data: { referentId, territories: [aura], themes: [], changedAt: '2025-02-02T09:00:00.000Z' },
};
const retired: ReferentEvent = { type: 'ReferentRetired', data: { referentId, retiredAt: '2025-02-03T09:00:00.000Z' } };

describe('referent projection', () => {
  it('handles referent events only, keyed by referent id', () => {
    expect(projection.canHandle('ReferentAppointed')).toBe(true);
    expect(projection.canHandle('MemberRegistered')).toBe(false);
    expect(projection.id(retired)).toBe(referentId);
  });

  it('builds the referent from the appointment, with the areas covered', () => {
    expect(projection.evolve(null, appointed)).toEqual({
      referentId,
      firstName: 'Dominique',
      territories: [
        { kind: 'area', level: 'departement', code: '69', label: 'Rhône', lat: 45.87, lon: 4.64, departementCode: '69', regionCode: '84' },
        {
          kind: 'radius',
          radiusKm: 5,
          label: 'Villeurbanne',
          lat: 45.77,
          lon: 4.88,
          communeCode: '69266',
          departementCode: '69',
          regionCode: '84',
        },
      ],
      areaKeys: ['departement:69'],
      themes: ['habitat'],
      status: 'active',
      appointedAt: '2025-02-01T09:00:00.000Z',
      updatedAt: '2025-02-01T09:00:00.000Z',
    });
  });

  it('follows territory changes and retirement, keeping a retired referent', async () => {
    const store = new InMemoryReadModelStore();
    const referents = store.collection<ReferentView>(projection.collection);
    await applyProjectionBatch(referents, projection, [
      { ...appointed, position: 1 },
      { ...changed, position: 2 },
    ]);
    expect(await referents.get(referentId)).toMatchObject({
      territories: [{ label: 'Auvergne-Rhône-Alpes' }],
      areaKeys: ['region:84'],
      themes: [],
      status: 'active',
    });

    // "Who covers this place": the place's keys, most specific first, against areaKeys.
    const place = { label: 'Lyon', lat: 45.76, lon: 4.84, communeCode: '69123', departementCode: '69', regionCode: '84' };
    expect(placeAreaKeys(place)).toEqual(['commune:69123', 'departement:69', 'region:84']);
    expect(await referents.count({ areaKeys: { $in: placeAreaKeys(place) } })).toBe(1);

    await applyProjectionBatch(referents, projection, [{ ...retired, position: 3 }]);
    expect(await referents.get(referentId)).toMatchObject({
      status: 'retired',
      retiredAt: '2025-02-03T09:00:00.000Z',
      firstName: 'Dominique',
      _position: 3,
    });
  });

  it('never copies the sealed personal data', () => {
    let doc = null;
    for (const event of [appointed, changed, retired]) {
      const next = projection.evolve(doc, event);
      doc = next && { ...next, _id: referentId };
      const json = JSON.stringify(doc);
      expect(json).toContain('Dominique');
      expect(json).not.toContain('pii');
      expect(json).not.toContain('SEALED');
      expect(json).not.toContain('example.org');
    }
  });

  it('does not create a referent from a later event alone', () => {
    expect(projection.evolve(null, changed)).toBeNull();
    expect(projection.evolve(null, retired)).toBeNull();
  });
});
