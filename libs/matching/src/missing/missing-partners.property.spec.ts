import fc from 'fast-check';
import type { ResolvedLocation, ResolvedTerritory } from '@trame/domain';
import type { EngineEvent } from '../model/entities';
import { MatchingEngine } from '../matching-engine';
import { NaiveMatcher } from '../naive-matcher';
import { TermNormaliser } from '../normalise/term-normaliser';

/**
 * Over random small populations spread wider than the area (100 km): the engine's missing
 * partners equal the full scan's, and after every update `missingPartnerChanges` names every
 * project whose missing partners changed (it may name more).
 */

const T = '2025-01-10T09:00:00.000Z';
const NOW = new Date('2025-01-15T12:00:00Z');
const LATER = new Date('2025-02-05T12:00:00Z');

const DEPS = ['34', '30', '13'];
const place = fc
  .record({ lat: fc.integer({ min: 4300, max: 4520 }), lon: fc.integer({ min: 360, max: 540 }), dep: fc.constantFrom(...DEPS) })
  .map(({ lat, lon, dep }): ResolvedLocation => ({
    lat: lat / 100,
    lon: lon / 100,
    label: 'lieu',
    communeCode: `${dep}001`,
    departementCode: dep,
    regionCode: dep === '13' ? '93' : '76',
  }));
const territory: fc.Arbitrary<ResolvedTerritory> = fc.oneof(
  fc
    .record({ at: place, radiusKm: fc.integer({ min: 3, max: 120 }) })
    .map(({ at, radiusKm }): ResolvedTerritory => ({ kind: 'radius', radiusKm, ...at })),
  fc.record({ at: place, level: fc.constantFrom('commune', 'departement', 'region' as const) }).map(({ at, level }): ResolvedTerritory => ({
    kind: 'area',
    level,
    code: (level === 'commune' ? at.communeCode : level === 'departement' ? at.departementCode : at.regionCode) as string,
    lat: at.lat,
    lon: at.lon,
    label: 'zone',
  })),
);
const SKILLS = ['maraîchage', 'market gardening', 'menuiserie', 'comptabilité', 'soudure'];
const skills = fc.subarray(SKILLS, { minLength: 1, maxLength: 3 });
const availability = fc
  .record({ hoursPerWeek: fc.constantFrom(0, 4, 10), until: fc.constantFrom(undefined, '2025-01-01', '2025-01-20') })
  .map(({ hoursPerWeek, until }) => ({ hoursPerWeek, ...(until !== undefined ? { until } : {}) }));
const needs = fc.array(
  fc
    .record({ skills, hours: fc.constantFrom(undefined, 5) })
    .map(({ skills: s, hours }) => ({ role: 'rôle', skills: s, ...(hours !== undefined ? { hoursPerWeek: hours } : {}) })),
  { minLength: 1, maxLength: 2 },
);

type Op = EngineEvent | { type: '@exclude'; projectId: string; memberId: string; excluded: boolean } | { type: '@day' };

const projectOps = (projectId: string): fc.Arbitrary<Op[]> =>
  fc
    .tuple(
      fc.record({ location: place, radiusKm: fc.integer({ min: 5, max: 80 }), remoteFriendly: fc.boolean(), needs }),
      fc.array(
        fc.oneof(
          fc
            .record({ radiusKm: fc.integer({ min: 5, max: 80 }), location: place })
            .map((changes) => ({ type: 'ProjectRevised', data: { projectId, changes, revisedAt: T } })),
          needs.map((n) => ({ type: 'ProjectNeedsChanged', data: { projectId, needs: n, changedAt: T } })),
          fc.constant({ type: 'ProjectPaused', data: { projectId, pausedAt: T } }),
          fc.constant({ type: 'ProjectResumed', data: { projectId, resumedAt: T } }),
        ),
        { maxLength: 3 },
      ),
    )
    .map(([d, later]) => [
      {
        type: 'ProjectProposed',
        data: {
          projectId,
          holderId: 'm0',
          title: 'P',
          summary: 's',
          kind: 'eco-lieu',
          stage: 'idea',
          themes: ['habitat'],
          proposedAt: T,
          ...d,
        },
      },
      ...later,
    ]);

const memberOps = (memberId: string): fc.Arbitrary<Op[]> =>
  fc
    .tuple(
      fc.record({ skills, territories: fc.array(territory, { minLength: 1, maxLength: 2 }), availability }),
      fc.array(
        fc.oneof(
          skills.map((s) => ({ type: 'MemberSkillsDeclared', data: { memberId, skills: s, declaredAt: T } })),
          fc
            .array(territory, { minLength: 1, maxLength: 2 })
            .map((t) => ({ type: 'MemberTerritoriesChanged', data: { memberId, territories: t, changedAt: T } })),
          availability.map((a) => ({ type: 'MemberAvailabilityDeclared', data: { memberId, availability: a, declaredAt: T } })),
          fc.constant({ type: 'MemberErased', data: { memberId, erasedAt: T } }),
        ),
        { maxLength: 3 },
      ),
    )
    .map(([profile, later]) => [
      {
        type: 'MemberRegistered',
        data: { memberId, firstName: 'M', pii: 's', locale: 'fr', notify: 'weekly', interests: [], registeredAt: T, ...profile },
      },
      ...later,
    ]);

const population = fc
  .record({ projects: fc.integer({ min: 1, max: 3 }), members: fc.integer({ min: 2, max: 8 }) })
  .chain(({ projects, members }) =>
    fc.record({
      streams: fc.tuple(
        fc.tuple(...Array.from({ length: projects }, (_, i) => projectOps(`p${i}`))),
        fc.tuple(...Array.from({ length: members }, (_, i) => memberOps(`m${i}`))),
        fc.array(
          fc.oneof(
            fc.record({
              type: fc.constant('@exclude' as const),
              projectId: fc.constantFrom(...Array.from({ length: projects }, (_, i) => `p${i}`)),
              memberId: fc.constantFrom(...Array.from({ length: members }, (_, i) => `m${i}`)),
              excluded: fc.boolean(),
            }),
            fc.constant({ type: '@day' as const }),
          ),
          { maxLength: 3 },
        ),
      ),
      schedule: fc.array(fc.nat({ max: 100 }), { maxLength: 60 }),
      exposureCap: fc.constantFrom(1, 2),
      listSize: fc.integer({ min: 1, max: 4 }),
      remoteReach: fc.constantFrom(0, 1, 100),
    }),
  )
  .map(({ streams: [p, m, x], ...rest }) => ({
    ...rest,
    streams: [...p, ...m, x as Op[]].filter((s) => s.length > 0),
    projectIds: p.map((_, i) => `p${i}`),
  }));

const interleave = (streams: Op[][], schedule: number[]): Op[] => {
  const queues = streams.map((s) => [...s]);
  const out: Op[] = [];
  for (let step = 0; ; step++) {
    const open = queues.filter((q) => q.length > 0);
    if (open.length === 0) return out;
    out.push(open[(schedule[step] ?? 0) % open.length].shift() as Op);
  }
};

const normaliser = new TermNormaliser();

describe('MatchingEngine.missingPartners properties', () => {
  it('equals the full scan and reports every project whose counts changed', () => {
    fc.assert(
      fc.property(population, (pop) => {
        const options = { now: NOW, exposureCap: pop.exposureCap, listSize: pop.listSize, remoteReach: pop.remoteReach, normaliser };
        const engine = new MatchingEngine(options);
        const naive = new NaiveMatcher(options);
        let now = NOW;
        const seen = () => pop.projectIds.map((id) => JSON.stringify(engine.missingPartners(id)));
        let before = seen();
        for (const op of interleave(pop.streams, pop.schedule)) {
          if (op.type === '@day') {
            now = LATER;
            engine.advance(now);
          } else if (op.type === '@exclude') {
            const { projectId, memberId, excluded } = op as { projectId: string; memberId: string; excluded: boolean };
            engine.setPairExcluded(projectId, memberId, excluded);
            naive.setPairExcluded(projectId, memberId, excluded);
          } else {
            engine.apply(op as EngineEvent, now);
            naive.apply(op as EngineEvent);
          }
          const reported = new Set(engine.missingPartnerChanges());
          const after = seen();
          pop.projectIds.forEach((id, i) => {
            expect(engine.missingPartners(id)).toEqual(naive.missingPartners(id, { now }));
            if (after[i] !== before[i]) expect(reported).toContain(id);
          });
          before = after;
        }
      }),
      { numRuns: 150 },
    );
  });
});
