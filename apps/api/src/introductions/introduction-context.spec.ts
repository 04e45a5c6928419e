import type { EventStore } from '@trame/event-store';
import type { ReferentAppointed, ResolvedLocation, ResolvedTerritory } from '@trame/domain';
import { TermNormaliser } from '@trame/matching';
import { applyProjectionBatch, InMemoryReadModelStore, referentProjection, type ReferentView } from '@trame/read-models';
import { type ExistingProject, type ExistingReferent, IntroductionContext } from './introduction-context';

const forcalquier: ResolvedLocation = {
  label: 'Forcalquier',
  lat: 43.96,
  lon: 5.78,
  communeCode: '04088',
  departementCode: '04',
  regionCode: '93',
};
const codes = { departementCode: '04', regionCode: '93' };
const commune: ResolvedTerritory = {
  kind: 'area',
  level: 'commune',
  code: '04088',
  lat: 43.96,
  lon: 5.78,
  label: 'Forcalquier',
  communeCode: '04088',
  ...codes,
};
const departement: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '04',
  lat: 44.1,
  lon: 6.2,
  label: 'Alpes-de-Haute-Provence',
  ...codes,
};
const region: ResolvedTerritory = {
  kind: 'area',
  level: 'region',
  code: '93',
  lat: 43.9,
  lon: 6.0,
  label: 'Provence-Alpes-Côte d’Azur',
  regionCode: '93',
};
const elsewhere: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '13',
  lat: 43.5,
  lon: 5.1,
  label: 'Bouches-du-Rhône',
  departementCode: '13',
  regionCode: '93',
};
const manosque: ResolvedTerritory = {
  kind: 'radius',
  lat: 43.83,
  lon: 5.79,
  radiusKm: 20,
  label: 'Manosque',
  communeCode: '04112',
  ...codes,
};
const farCircle: ResolvedTerritory = {
  kind: 'radius',
  lat: 43.3,
  lon: 5.4,
  radiusKm: 10,
  label: 'Marseille',
  communeCode: '13055',
  departementCode: '13',
  regionCode: '93',
};

const project = (themes: string[] = ['alimentation']): ExistingProject =>
  ({
    status: 'active',
    projectId: 'p',
    holderId: 'h',
    details: { title: 't', location: forcalquier, themes },
    needs: [],
  }) as unknown as ExistingProject;

const referent = (territories: ResolvedTerritory[], themes: string[] = []): ExistingReferent => ({
  status: 'active',
  referentId: '5a2d7b6f-9c8e-4d0f-80a1-2c3d4e5f6a7b',
  firstName: 'Dominique',
  pii: 'sealed',
  territories,
  themes,
  appointedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const contextOver = (readModels = new InMemoryReadModelStore()) =>
  new IntroductionContext({} as EventStore, readModels, new TermNormaliser());

describe('IntroductionContext', () => {
  describe('coverage (who may step in)', () => {
    const context = contextOver();

    it('takes the broadest territory covering the place', () => {
      expect(context.coverage(referent([commune]), project())).toEqual({ coversProject: true, level: 'commune' });
      expect(context.coverage(referent([commune, region]), project())).toEqual({ coversProject: true, level: 'region' });
      expect(context.coverage(referent([departement, commune]), project())).toEqual({ coversProject: true, level: 'departement' });
    });

    it('counts a circle around the place as commune level', () => {
      expect(context.coverage(referent([manosque]), project())).toEqual({ coversProject: true, level: 'commune' });
      expect(context.coverage(referent([farCircle]), project())).toEqual({ coversProject: false, level: 'commune' });
    });

    it('does not cover a place outside every territory, nor a project off the referent’s themes', () => {
      expect(context.coverage(referent([elsewhere]), project())).toEqual({ coversProject: false, level: 'departement' });
      expect(context.coverage(referent([departement], ['habitat']), project(['alimentation']))).toMatchObject({ coversProject: false });
      expect(context.coverage(referent([departement], ['Habitats']), project(['habitat']))).toEqual({
        coversProject: true,
        level: 'departement',
      });
    });
  });

  describe('assignmentFor (who must approve)', () => {
    const appointed = (id: string, territories: ResolvedTerritory[], appointedAt: string, themes: string[] = []): ReferentAppointed => ({
      type: 'ReferentAppointed',
      data: { referentId: id, firstName: id, pii: 'sealed', territories, themes, appointedAt },
    });
    const ids = {
      dept: '11111111-1111-4111-8111-111111111111',
      commune: '22222222-2222-4222-8222-222222222222',
      circle: '33333333-3333-4333-8333-333333333333',
      elsewhere: '44444444-4444-4444-8444-444444444444',
      themed: '55555555-5555-4555-8555-555555555555',
    };

    const storeWith = async (events: ReferentAppointed[], retired: string[] = []) => {
      const store = new InMemoryReadModelStore();
      const referents = store.collection<ReferentView>('referents');
      const positioned = [
        ...events.map((e, i) => ({ ...e, position: i + 1 })),
        ...retired.map((referentId, i) => ({
          type: 'ReferentRetired',
          data: { referentId, retiredAt: '2026-02-01T00:00:00.000Z' },
          position: 100 + i,
        })),
      ];
      await applyProjectionBatch(referents, referentProjection, positioned);
      return contextOver(store);
    };

    it('picks the most specific level, the earliest appointed at a level, else admin', async () => {
      const all = [
        appointed(ids.dept, [departement], '2026-01-01T00:00:00.000Z'),
        appointed(ids.elsewhere, [elsewhere], '2025-01-01T00:00:00.000Z'),
        appointed(ids.themed, [commune], '2025-01-01T00:00:00.000Z', ['habitat']),
        appointed(ids.circle, [manosque], '2026-01-03T00:00:00.000Z'),
        appointed(ids.commune, [commune], '2026-01-02T00:00:00.000Z'),
      ];
      expect(await (await storeWith(all)).assignmentFor(project())).toEqual({ referentId: ids.commune, level: 'commune' });
      // The themed referent covers only projects sharing a theme: then it is the earliest.
      expect(await (await storeWith(all)).assignmentFor(project(['habitat']))).toEqual({ referentId: ids.themed, level: 'commune' });
      expect(await (await storeWith(all, [ids.commune])).assignmentFor(project())).toEqual({ referentId: ids.circle, level: 'commune' });
      expect(await (await storeWith(all, [ids.commune, ids.circle])).assignmentFor(project())).toEqual({
        referentId: ids.dept,
        level: 'departement',
      });
      expect(await (await storeWith(all.slice(1, 3))).assignmentFor(project())).toEqual({ referentId: 'admin', level: 'admin' });
      expect(await contextOver().assignmentFor(project())).toEqual({ referentId: 'admin', level: 'admin' });
    });
  });
});
