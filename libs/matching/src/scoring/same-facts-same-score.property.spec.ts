import fc from 'fast-check';
import type { ResolvedTerritory } from '@trame/domain';
import type { EngineEvent } from '../model/entities';
import { MatchingEngine } from '../matching-engine';
import type { PartnerMatch } from '../model/match-types';

/**
 * Identical profiles get identical scores and reasons, through the engine, whatever
 * history reached them: one twin registers with the final facts; the other registers with
 * other facts and reaches the same ones by later declarations, in any order, with its words
 * in another order; every stream is interleaved at random with the projects' and other
 * members'. Nothing of a score may depend on that history (the "stage" part once did).
 */

const T = '2025-01-10T09:00:00.000Z';
const NOW = new Date('2025-01-15T12:00:00Z');

const PLACES = [
  { code: '04088', dep: '04', region: '93', lat: 43.9597, lon: 5.7803, label: 'Forcalquier' },
  { code: '04111', dep: '04', region: '93', lat: 43.9267, lon: 5.7317, label: 'Mane' },
  { code: '04112', dep: '04', region: '93', lat: 43.8336, lon: 5.7839, label: 'Manosque' },
  { code: '84003', dep: '84', region: '93', lat: 43.8764, lon: 5.3964, label: 'Apt' },
];
const SKILLS = ['maraîchage', 'Maraîchages', 'market gardening', 'menuiserie', 'charpente', 'woodworking', 'comptabilité', 'soudure'];
const THEMES = ['alimentation', 'food', 'habitat', 'énergie', 'santé'];

const territory: fc.Arbitrary<ResolvedTerritory> = fc.oneof(
  fc
    .record({ at: fc.constantFrom(...PLACES), radiusKm: fc.integer({ min: 5, max: 80 }) })
    .map(({ at, radiusKm }): ResolvedTerritory => ({ kind: 'radius', lat: at.lat, lon: at.lon, radiusKm, label: at.label })),
  fc
    .record({ at: fc.constantFrom(...PLACES), level: fc.constantFrom('commune', 'departement', 'region' as const) })
    .map(({ at, level }): ResolvedTerritory => ({
      kind: 'area',
      level,
      code: level === 'commune' ? at.code : level === 'departement' ? at.dep : at.region,
      lat: at.lat,
      lon: at.lon,
      label: at.label,
    })),
);
const profile = fc.record({
  skills: fc.subarray(SKILLS, { minLength: 1, maxLength: 4 }),
  interests: fc.subarray(THEMES, { maxLength: 3 }),
  territories: fc.array(territory, { minLength: 1, maxLength: 2 }),
  availability: fc.record(
    { hoursPerWeek: fc.constantFrom(4, 6, 10, 20), from: fc.constantFrom('2025-01-12', '2025-03-01') },
    { requiredKeys: ['hoursPerWeek'] },
  ),
});
type Profile = typeof profile extends fc.Arbitrary<infer P> ? P : never;

const project = (projectId: string) =>
  fc
    .record({
      at: fc.constantFrom(...PLACES),
      radiusKm: fc.integer({ min: 5, max: 80 }),
      remoteFriendly: fc.boolean(),
      stage: fc.constantFrom('idea', 'maturing', 'launching', 'running' as const),
      themes: fc.subarray(THEMES, { maxLength: 3 }),
      needs: fc.array(
        fc.record(
          {
            role: fc.constant('rôle'),
            skills: fc.subarray(SKILLS, { minLength: 1, maxLength: 3 }),
            hoursPerWeek: fc.constantFrom(5, 10, 15),
          },
          { requiredKeys: ['role', 'skills'] },
        ),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .map(({ at, ...details }): EngineEvent[] => [
      {
        type: 'ProjectProposed',
        data: {
          projectId,
          holderId: 'holder',
          title: `Projet ${projectId}`,
          summary: 's',
          kind: 'eco-lieu',
          proposedAt: T,
          location: { lat: at.lat, lon: at.lon, label: at.label, communeCode: at.code, departementCode: at.dep, regionCode: at.region },
          ...details,
        },
      },
    ]);

const registered = (memberId: string, p: Profile): EngineEvent => ({
  type: 'MemberRegistered',
  data: { memberId, firstName: 'Camille', pii: 'sealed', locale: 'fr', notify: 'weekly', registeredAt: T, ...p },
});

/** Declarations that set each part of a profile, one event each. */
const declarations = (memberId: string, p: Profile): EngineEvent[] => [
  { type: 'MemberSkillsDeclared', data: { memberId, skills: p.skills, declaredAt: T } },
  { type: 'MemberInterestsChanged', data: { memberId, interests: p.interests, changedAt: T } },
  { type: 'MemberTerritoriesChanged', data: { memberId, territories: p.territories, changedAt: T } },
  { type: 'MemberAvailabilityDeclared', data: { memberId, availability: p.availability, declaredAt: T } },
];

/** The twin's other way: another profile first, detours, then the final facts in `order`, words reordered. */
const otherHistory = (memberId: string, final: Profile) =>
  fc
    .record({
      first: profile,
      detour: profile,
      detours: fc.subarray([0, 1, 2, 3]),
      order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
      skills: fc.shuffledSubarray(final.skills, { minLength: final.skills.length, maxLength: final.skills.length }),
      interests: fc.shuffledSubarray(final.interests, { minLength: final.interests.length, maxLength: final.interests.length }),
    })
    .map(({ first, detour, detours, order, skills, interests }) => {
      const last = declarations(memberId, { ...final, skills, interests });
      const via = declarations(memberId, detour);
      return [registered(memberId, first), ...detours.map((i) => via[i]), ...order.map((i) => last[i])];
    });

/** Interleaves streams (each kept in its order) by a list of picks. */
const interleave = (streams: EngineEvent[][], picks: number[]): EngineEvent[] => {
  const queues = streams.map((s) => [...s]);
  const out: EngineEvent[] = [];
  let i = 0;
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    out.push(open[(picks[i++ % Math.max(1, picks.length)] ?? 0) % open.length].shift() as EngineEvent);
  }
  return out;
};

const world = profile.chain((final) =>
  fc.record({
    final: fc.constant(final),
    projects: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => project(`p${i}`)))),
    others: fc.array(profile, { maxLength: 4 }),
    twin: otherHistory('twin-b', final),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
  }),
);

const withoutId = ({ memberId: _id, ...rest }: PartnerMatch) => rest;

describe('identical profiles, different histories', () => {
  it('get the same score, the same parts and the same reasons from every project', () => {
    fc.assert(
      fc.property(world, ({ final, projects, others, twin, picks }) => {
        const streams = [...projects, [registered('twin-a', final)], twin, ...others.map((p, i) => [registered(`other-${i}`, p)])];
        const engine = new MatchingEngine({ now: NOW, exposureCap: 10 });
        for (const event of interleave(streams, picks)) engine.apply(event, NOW);
        for (const p of projects) {
          const projectId = (p[0].data as { projectId: string }).projectId;
          const partners = engine.topPartners(projectId);
          const a = partners.find((m) => m.memberId === 'twin-a');
          const b = partners.find((m) => m.memberId === 'twin-b');
          expect(a === undefined).toBe(b === undefined);
          if (a && b) expect(withoutId(b)).toEqual(withoutId(a));
        }
        expect(engine.topProjects('twin-b')).toEqual(engine.topProjects('twin-a'));
      }),
      { numRuns: 150 },
    );
  });
});
