import fc from 'fast-check';
import type { ResolvedLocation, ResolvedTerritory } from '@trame/domain';
import type { EngineEvent } from './model/entities';
import { MatchingEngine } from './matching-engine';
import { NaiveMatcher } from './naive-matcher';
import type { PartnerMatch, ProjectMatch } from './model/match-types';
import { TermNormaliser } from './normalise/term-normaliser';

/**
 * Properties over random small populations:
 * - the indexed engine equals the full-scan oracle;
 * - results depend only on the entity histories, not on how streams were interleaved,
 *   on batching, or on queries made (at other days) while catching up;
 * - `apply` reports exactly the lists that changed.
 */

const T = '2025-01-10T09:00:00.000Z';
const DAYS = [new Date('2025-01-11T12:00:00Z'), new Date('2025-01-15T12:00:00Z'), new Date('2025-02-05T12:00:00Z')];
const NOW = DAYS[1];

const COMMUNES = [
  { code: '34172', dep: '34', region: '76', lat: 43.61, lon: 3.877, label: 'Montpellier' },
  { code: '34129', dep: '34', region: '76', lat: 43.52, lon: 3.93, label: 'Lattes' },
  { code: '30189', dep: '30', region: '76', lat: 43.84, lon: 4.36, label: 'Nîmes' },
  { code: '13055', dep: '13', region: '93', lat: 43.3, lon: 5.37, label: 'Marseille' },
];
const SKILLS = [
  'maraîchage',
  'Maraîchages',
  'market gardening',
  'menuiserie',
  'woodworking',
  'comptabilité',
  'accounting',
  'plomberie',
  'soudure',
  'couture',
  'informatique',
  'IT',
];
const THEMES = ['alimentation', 'food', 'habitat', 'énergie', 'energy', 'culture', 'santé'];
const FROM = [undefined, '2025-01-12', '2025-01-20'];
const UNTIL = [undefined, '2025-01-13', '2025-02-01'];

const place = fc
  .record({ lat: fc.integer({ min: 43200, max: 43950 }), lon: fc.integer({ min: 3600, max: 5400 }) })
  .map(({ lat, lon }): ResolvedLocation => {
    const la = lat / 1000;
    const lo = lon / 1000;
    const nearest = [...COMMUNES].sort((a, b) => (a.lat - la) ** 2 + (a.lon - lo) ** 2 - ((b.lat - la) ** 2 + (b.lon - lo) ** 2))[0];
    return { lat: la, lon: lo, label: 'lieu', communeCode: nearest.code, departementCode: nearest.dep, regionCode: nearest.region };
  });

const territory: fc.Arbitrary<ResolvedTerritory> = fc.oneof(
  fc
    .record({ at: place, radiusKm: fc.integer({ min: 3, max: 80 }) })
    .map(({ at, radiusKm }): ResolvedTerritory => ({ kind: 'radius', lat: at.lat, lon: at.lon, radiusKm, label: at.label })),
  fc
    .record({ c: fc.constantFrom(...COMMUNES), level: fc.constantFrom('commune', 'departement', 'region' as const) })
    .map(({ c, level }): ResolvedTerritory => ({
      kind: 'area',
      level,
      code: level === 'commune' ? c.code : level === 'departement' ? c.dep : c.region,
      lat: c.lat,
      lon: c.lon,
      label: c.label,
    })),
);
const territories = fc.array(territory, { minLength: 1, maxLength: 2 });
const skills = fc.subarray(SKILLS, { minLength: 1, maxLength: 4 });
const themes = fc.subarray(THEMES, { maxLength: 3 });
const availability = fc
  .record({ hoursPerWeek: fc.constantFrom(0, 6, 10, 20), from: fc.constantFrom(...FROM), until: fc.constantFrom(...UNTIL) })
  .map(({ hoursPerWeek, from, until }) => ({
    hoursPerWeek,
    ...(from !== undefined ? { from } : {}),
    ...(until !== undefined ? { until } : {}),
  }));
const need = fc
  .record({ skills: fc.subarray(SKILLS, { minLength: 1, maxLength: 4 }), hours: fc.constantFrom(undefined, 5, 10) })
  .map(({ skills: s, hours }) => ({ role: 'rôle', skills: s, ...(hours !== undefined ? { hoursPerWeek: hours } : {}) }));
const needs = fc.array(need, { minLength: 1, maxLength: 3 });

const projectHistory = (projectId: string): fc.Arbitrary<EngineEvent[]> =>
  fc
    .tuple(
      fc.record({
        location: place,
        radiusKm: fc.integer({ min: 5, max: 80 }),
        remoteFriendly: fc.boolean(),
        stage: fc.constantFrom('idea', 'maturing', 'launching', 'running' as const),
        themes,
        needs,
        holderId: fc.constantFrom('m0', 'nobody'),
      }),
      fc.array(
        fc.oneof(
          {
            arbitrary: fc
              .record({ location: place })
              .map((changes) => ({ type: 'ProjectRevised', data: { projectId, changes, revisedAt: T } })),
            weight: 3,
          },
          {
            arbitrary: fc
              .record({ themes, radiusKm: fc.integer({ min: 5, max: 80 }), remoteFriendly: fc.boolean() })
              .map((changes) => ({ type: 'ProjectRevised', data: { projectId, changes, revisedAt: T } })),
            weight: 3,
          },
          {
            // A new title changes what lists show without changing any rank.
            arbitrary: fc
              .constantFrom('Ferme', 'Atelier')
              .map((title) => ({ type: 'ProjectRevised', data: { projectId, changes: { title }, revisedAt: T } })),
            weight: 2,
          },
          { arbitrary: needs.map((n) => ({ type: 'ProjectNeedsChanged', data: { projectId, needs: n, changedAt: T } })), weight: 3 },
          { arbitrary: fc.constant({ type: 'ProjectPaused', data: { projectId, pausedAt: T } }), weight: 1 },
          { arbitrary: fc.constant({ type: 'ProjectResumed', data: { projectId, resumedAt: T } }), weight: 2 },
          { arbitrary: fc.constant({ type: 'ProjectClosed', data: { projectId, reason: 'other', closedAt: T } }), weight: 1 },
        ),
        { maxLength: 3 },
      ),
    )
    .map(([details, later]) => [
      {
        type: 'ProjectProposed',
        data: { projectId, title: `Projet ${projectId}`, summary: 's', kind: 'eco-lieu', proposedAt: T, ...details },
      },
      ...later,
    ]);

const memberHistory = (memberId: string): fc.Arbitrary<EngineEvent[]> =>
  fc
    .tuple(
      fc.record({ skills, interests: themes, territories, availability }),
      fc.array(
        fc.oneof(
          { arbitrary: skills.map((s) => ({ type: 'MemberSkillsDeclared', data: { memberId, skills: s, declaredAt: T } })), weight: 3 },
          {
            arbitrary: themes.map((i) => ({ type: 'MemberInterestsChanged', data: { memberId, interests: i, changedAt: T } })),
            weight: 2,
          },
          {
            arbitrary: territories.map((t) => ({ type: 'MemberTerritoriesChanged', data: { memberId, territories: t, changedAt: T } })),
            weight: 3,
          },
          {
            arbitrary: availability.map((a) => ({
              type: 'MemberAvailabilityDeclared',
              data: { memberId, availability: a, declaredAt: T },
            })),
            weight: 3,
          },
          { arbitrary: fc.constant({ type: 'MemberNotificationsChanged', data: { memberId, notify: 'daily', changedAt: T } }), weight: 1 },
          { arbitrary: fc.constant({ type: 'MemberErased', data: { memberId, erasedAt: T } }), weight: 1 },
        ),
        { maxLength: 3 },
      ),
    )
    .map(([profile, later]) => [
      {
        type: 'MemberRegistered',
        data: { memberId, firstName: `M${memberId}`, pii: 'sealed', locale: 'fr', notify: 'weekly', registeredAt: T, ...profile },
      },
      ...later,
    ]);

const referentHistory = (referentId: string): fc.Arbitrary<EngineEvent[]> =>
  fc
    .tuple(
      fc.record({
        territories,
        themes: fc.subarray(THEMES, { maxLength: 1 }),
        appointedAt: fc.constantFrom('2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z'),
      }),
      fc.array(
        fc.oneof(
          fc
            .record({ territories, themes: fc.subarray(THEMES, { maxLength: 1 }) })
            .map((d) => ({ type: 'ReferentTerritoriesChanged', data: { referentId, ...d, changedAt: T } })),
          fc.constant({ type: 'ReferentRetired', data: { referentId, retiredAt: T } }),
        ),
        { maxLength: 2 },
      ),
    )
    .map(([d, later]) => [{ type: 'ReferentAppointed', data: { referentId, firstName: 'R', pii: 'sealed', ...d } }, ...later]);

type Op = EngineEvent | { type: '@exclude'; projectId: string; memberId: string; excluded: boolean };

/** Entity histories (one array per stream, in stream order) plus a stream of exclusion toggles. */
const population = fc
  .record({ projects: fc.integer({ min: 2, max: 5 }), members: fc.integer({ min: 2, max: 10 }), referents: fc.integer({ min: 0, max: 3 }) })
  .chain(({ projects, members, referents }) =>
    fc.record({
      streams: fc.tuple(
        fc.tuple(...Array.from({ length: projects }, (_, i) => projectHistory(`p${i}`))),
        fc.tuple(...Array.from({ length: members }, (_, i) => memberHistory(`m${i}`))),
        referents > 0 ? fc.tuple(...Array.from({ length: referents }, (_, i) => referentHistory(`r${i}`))) : fc.constant([]),
        fc.array(
          fc.record({
            projectId: fc.constantFrom(...Array.from({ length: projects }, (_, i) => `p${i}`)),
            memberId: fc.constantFrom(...Array.from({ length: members }, (_, i) => `m${i}`)),
            excluded: fc.boolean(),
          }),
          { maxLength: 3 },
        ),
      ),
      exposureCap: fc.constantFrom(1, 1, 2, 3),
      listSize: fc.integer({ min: 1, max: 4 }),
      // Small reaches bind on these populations (and their lists overflow and run short).
      remoteReach: fc.constantFrom(0, 1, 1, 2, 3, 100),
    }),
  )
  .map(({ streams: [p, m, r, x], exposureCap, listSize, remoteReach }) => ({
    streams: [...p, ...m, ...r, x.map((e): Op => ({ type: '@exclude', ...e }))].filter((s) => s.length > 0),
    exposureCap,
    listSize,
    remoteReach,
    projectIds: p.map((_, i) => `p${i}`),
    memberIds: m.map((_, i) => `m${i}`),
  }));

/** Merges streams following a schedule, keeping each stream's own order. */
const interleave = (streams: Op[][], schedule: number[]): Op[] => {
  const queues = streams.map((s) => [...s]);
  const out: Op[] = [];
  let step = 0;
  for (;;) {
    const open = queues.filter((q) => q.length > 0);
    if (open.length === 0) return out;
    out.push(open[(schedule[step++] ?? 0) % open.length].shift() as Op);
  }
};

const schedule = fc.array(fc.nat({ max: 1000 }), { maxLength: 80 });

const applyOp = (target: MatchingEngine | NaiveMatcher, op: Op) =>
  op.type === '@exclude'
    ? target.setPairExcluded(
        (op as { projectId: string }).projectId,
        (op as { memberId: string }).memberId,
        (op as { excluded: boolean }).excluded,
      )
    : target.apply(op as EngineEvent);

type Pop = { projectIds: string[]; memberIds: string[] };

type Observation = { partners: PartnerMatch[][]; projects: ProjectMatch[][] };

/**
 * Everything observable, at a given day. With `earlier`, the engine's lists are asked to
 * reuse the entries of the earlier observation's (as the Matcher reuses what it published).
 */
const observe = (m: MatchingEngine | NaiveMatcher, pop: Pop, now: Date, earlier?: Observation) => ({
  partners: pop.projectIds.map((p, i) => m.topPartners(p, { now, reuse: earlier?.partners[i] })),
  projects: pop.memberIds.map((id, i) => m.topProjects(id, { now, reuse: earlier?.projects[i] })),
  referents: pop.projectIds.map((p) => m.referentForProject(p)),
  near: [m.projectsNear({ lat: 43.6, lon: 3.9, radiusKm: 40 }), m.projectsNear({ lat: 43.5, lon: 4.5, radiusKm: 150, theme: 'Energies' })],
});

// One normaliser for all runs: building the stemmer and synonym table per run is the slow part.
const normaliser = new TermNormaliser();

describe('MatchingEngine properties', () => {
  it('equals the full-scan oracle on random populations', () => {
    fc.assert(
      fc.property(population, schedule, (pop, order) => {
        const options = { now: NOW, exposureCap: pop.exposureCap, listSize: pop.listSize, remoteReach: pop.remoteReach, normaliser };
        const engine = new MatchingEngine(options);
        const naive = new NaiveMatcher(options);
        let earlier: Observation | undefined;
        for (const op of interleave(pop.streams, order)) {
          applyOp(engine, op);
          applyOp(naive, op);
          // After every step too, reusing the entries described at the step before.
          const seen = observe(engine, pop, NOW, earlier);
          expect(seen).toEqual(observe(naive, pop, NOW));
          earlier = seen;
        }
        for (const day of DAYS) expect(observe(engine, pop, day)).toEqual(observe(naive, pop, day));
      }),
      { numRuns: 120 },
    );
  });

  it('gives the same results whatever the interleaving, batching and intermediate queries', () => {
    fc.assert(
      fc.property(
        population,
        schedule,
        schedule,
        fc.array(fc.constantFrom(0, 1, 2), { maxLength: 80 }),
        (pop, order1, order2, queryDays) => {
          const options = { now: NOW, exposureCap: pop.exposureCap, listSize: pop.listSize, remoteReach: pop.remoteReach, normaliser };
          // A: event by event, querying at various days in between (moving its clock around).
          const a = new MatchingEngine(options);
          interleave(pop.streams, order1).forEach((op, i) => {
            applyOp(a, op);
            const day = queryDays[i];
            if (day !== undefined) a.topPartners(pop.projectIds[i % pop.projectIds.length], { now: DAYS[day] });
          });
          // B: another interleaving, events in one batch (exclusions after: their own stream).
          const b = new MatchingEngine({ ...options, now: DAYS[2] });
          const ops = interleave(pop.streams, order2);
          b.applyAll(ops.filter((op) => op.type !== '@exclude') as EngineEvent[]);
          for (const op of ops) if (op.type === '@exclude') applyOp(b, op);
          for (const day of DAYS) expect(observe(a, pop, day)).toEqual(observe(b, pop, day));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('reports exactly the lists that changed after each update', () => {
    fc.assert(
      fc.property(population, schedule, fc.array(fc.constantFrom(0, 1, 2, 3, 4), { maxLength: 80 }), (pop, order, ticks) => {
        const engine = new MatchingEngine({
          now: NOW,
          exposureCap: pop.exposureCap,
          listSize: pop.listSize,
          remoteReach: pop.remoteReach,
          normaliser,
        });
        const snapshot = () => ({
          projects: new Map(
            pop.projectIds.map((p) => [
              p,
              JSON.stringify([engine.projectIds().includes(p), engine.topPartners(p), engine.referentForProject(p)]),
            ]),
          ),
          members: new Map(pop.memberIds.map((m) => [m, JSON.stringify([engine.memberIds().includes(m), engine.topProjects(m)])])),
        });
        const diff = (a: Map<string, string>, b: Map<string, string>) => new Set([...a.keys()].filter((k) => a.get(k) !== b.get(k)));
        let before = snapshot();
        interleave(pop.streams, order).forEach((op, i) => {
          const tick = ticks[i];
          // Sometimes move the clock instead of (before) applying the next operation.
          if (tick !== undefined && tick < DAYS.length) {
            const moved = engine.advance(DAYS[tick]);
            const after = snapshot();
            expect(moved.changedProjects).toEqual(diff(before.projects, after.projects));
            expect(moved.changedMembers).toEqual(diff(before.members, after.members));
            before = after;
          }
          const changes = applyOp(engine, op) as { changedProjects: Set<string>; changedMembers: Set<string> };
          const after = snapshot();
          expect(changes.changedProjects).toEqual(diff(before.projects, after.projects));
          expect(changes.changedMembers).toEqual(diff(before.members, after.members));
          before = after;
        });
      }),
      { numRuns: 80 },
    );
  });
});
