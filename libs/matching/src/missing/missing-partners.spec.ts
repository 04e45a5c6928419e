import type { EngineEvent } from '../model/entities';
import { MatchingEngine } from '../matching-engine';
import { area, circle, memberRegistered, MONTPELLIER, northOf, NOW, projectProposed, T } from '../matching.fixtures';
import { NaiveMatcher } from '../naive-matcher';
import { MISSING_RULES, type MissingRule } from './missing-partners';

const engineWith = (events: EngineEvent[], options: ConstructorParameters<typeof MatchingEngine>[0] = {}) => {
  const engine = new MatchingEngine({ now: NOW, ...options });
  engine.applyAll(events);
  return engine;
};

/** The counts of one need, zeros left out. */
const countsOf = (engine: MatchingEngine, projectId = 'p1', need = 0): Partial<Record<MissingRule, number>> => {
  const result = engine.missingPartners(projectId);
  const members = result?.needs.find((n) => n.index === need)?.members;
  return Object.fromEntries(MISSING_RULES.filter((r) => (members?.[r] ?? 0) > 0).map((r) => [r, members?.[r]]));
};

// A project in Montpellier, 30 km radius, one need of maraîchage at 5 h a week.
const farm = (overrides: Parameters<typeof projectProposed>[1] = {}) =>
  projectProposed('p1', { radiusKm: 30, needs: [{ role: 'Maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 5 }], ...overrides });

describe('MatchingEngine.missingPartners', () => {
  it('counts each rule: own radius, project radius, hours, dates, introduction', () => {
    const engine = engineWith([
      farm(),
      // 40 km north, a 50 km circle: beyond the project's 30 km only.
      memberRegistered('wide', { skills: ['Maraîchages'], territories: [circle(northOf(MONTPELLIER, 40), 50)] }),
      // 20 km north, a 10 km circle: their own radius stops short.
      memberRegistered('narrow', { skills: ['market gardening'], territories: [circle(northOf(MONTPELLIER, 20), 10)] }),
      // 2 h for a need of 5: below half (3 h would be a partial fit, and a partner).
      memberRegistered('few-hours', { availability: { hoursPerWeek: 2 } }),
      memberRegistered('partial', { availability: { hoursPerWeek: 3 } }),
      memberRegistered('no-hours', { availability: { hoursPerWeek: 0 } }),
      memberRegistered('ended', { availability: { hoursPerWeek: 6, until: '2025-01-01' } }),
      memberRegistered('asked'),
      memberRegistered('fits'),
    ]);
    engine.setPairExcluded('p1', 'asked', true);
    expect(engine.topPartners('p1').map((p) => p.memberId)).toEqual(['fits', 'partial']);
    expect(engine.missingPartners('p1')).toMatchObject({ projectId: 'p1', list: 'short', partners: 2 });
    expect(countsOf(engine)).toEqual({ projectRadius: 1, memberRadius: 1, hours: 2, dates: 1, introduction: 1 });
  });

  it('counts nobody outside the area (a circle centred within 50 km, an area holding the place), nor the holder', () => {
    const engine = engineWith([
      farm({ holderId: 'holder' }),
      memberRegistered('holder', { territories: [circle(northOf(MONTPELLIER, 5), 10)] }),
      memberRegistered('at-49', { territories: [circle(northOf(MONTPELLIER, 49), 10)] }),
      memberRegistered('at-51', { territories: [circle(northOf(MONTPELLIER, 51), 10)] }),
      // In the project's département but 150 km away, or a neighbouring commune as a whole area: not in the area.
      memberRegistered('same-dep', { territories: [{ ...circle(northOf(MONTPELLIER, 150), 10), departementCode: '34' }] }),
      memberRegistered('commune', { territories: [area('commune', '34129')] }),
      // A région whose centre is far away but which holds the place: placed, so no place rule, hours instead.
      memberRegistered('region', {
        territories: [area('region', '76', northOf(MONTPELLIER, 300))],
        availability: { hoursPerWeek: 1 },
      }),
      memberRegistered('other-skill', { skills: ['soudure'], territories: [circle(MONTPELLIER, 10)], availability: { hoursPerWeek: 0 } }),
    ]);
    expect(countsOf(engine)).toEqual({ memberRadius: 1, hours: 1 });
  });

  it('counts a member left out by several rules once, under the first', () => {
    const engine = engineWith([
      farm(),
      // Beyond the project's radius, too few hours, availability over: place comes first.
      memberRegistered('all', {
        territories: [circle(northOf(MONTPELLIER, 40), 50)],
        availability: { hoursPerWeek: 2, until: '2025-01-01' },
      }),
      // Too few hours and availability over: hours come first.
      memberRegistered('both', { availability: { hoursPerWeek: 2, until: '2025-01-01' } }),
    ]);
    expect(countsOf(engine)).toEqual({ projectRadius: 1, hours: 1 });
  });

  it('counts the members shown to K projects that fit them better under the cap, and never the recommended', () => {
    const events: EngineEvent[] = [
      // p0 fits everyone better (all its skills, nearer): with K = 1, p1 gets nobody.
      projectProposed('p0', { needs: [{ role: 'Maraîcher·e', skills: ['maraîchage'] }] }),
      farm({ location: northOf(MONTPELLIER, 10), needs: [{ role: 'Maraîcher·e', skills: ['maraîchage', 'soudure'], hoursPerWeek: 5 }] }),
      memberRegistered('a'),
      memberRegistered('b'),
      memberRegistered('c'),
    ];
    const capped = engineWith(events, { exposureCap: 1 });
    expect(capped.topPartners('p1')).toEqual([]);
    expect(countsOf(capped)).toEqual({ cap: 3 });
    const open = engineWith(events, { exposureCap: 2 });
    expect(open.topPartners('p1')).toHaveLength(3);
    expect(countsOf(open)).toEqual({});
  });

  it('does not count a recommended member under another need they fail', () => {
    const engine = engineWith([
      farm({
        needs: [
          { role: 'Maraîcher·e', skills: ['maraîchage'] },
          { role: 'Menuisier·e', skills: ['menuiserie'], hoursPerWeek: 20 },
        ],
      }),
      memberRegistered('shown', { skills: ['maraîchage', 'menuiserie'] }),
      memberRegistered('left', { skills: ['menuiserie'] }),
    ]);
    expect(engine.topPartners('p1').map((p) => p.memberId)).toEqual(['shown']);
    expect(countsOf(engine, 'p1', 0)).toEqual({});
    expect(countsOf(engine, 'p1', 1)).toEqual({ hours: 1 });
    expect(engine.missingPartners('p1')?.needs.map((n) => [n.index, n.role])).toEqual([
      [0, 'Maraîcher·e'],
      [1, 'Menuisier·e'],
    ]);
  });

  it('counts a remote-friendly project’s members beyond its reach, not by place', () => {
    const engine = engineWith(
      [
        farm({ remoteFriendly: true }),
        memberRegistered('placed', { skills: ['maraîchage', 'menuiserie'] }),
        memberRegistered('beyond-1', { territories: [circle(northOf(MONTPELLIER, 35), 10)] }),
        memberRegistered('beyond-2', { territories: [circle(northOf(MONTPELLIER, 45), 10)] }),
      ],
      { remoteReach: 1 },
    );
    expect(engine.topPartners('p1')).toHaveLength(2);
    expect(countsOf(engine)).toEqual({ remoteReach: 1 });
  });

  it('gives no counts for a full list or a paused project, nothing for an unknown or closed one', () => {
    const full = engineWith(
      [farm(), memberRegistered('a'), memberRegistered('b'), memberRegistered('far', { availability: { hoursPerWeek: 1 } })],
      {
        listSize: 2,
      },
    );
    expect(full.missingPartners('p1')).toEqual({ projectId: 'p1', list: 'full', partners: 2, needs: [] });
    full.apply({ type: 'ProjectPaused', data: { projectId: 'p1', pausedAt: T } });
    expect(full.missingPartners('p1')).toEqual({ projectId: 'p1', list: 'paused', partners: 0, needs: [] });
    full.apply({ type: 'ProjectClosed', data: { projectId: 'p1', reason: 'other', closedAt: T } });
    expect(full.missingPartners('p1')).toBeUndefined();
    expect(full.missingPartners('nope')).toBeUndefined();
  });

  it('follows the day: an availability that ends moves a partner to the dates rule', () => {
    const engine = engineWith([farm(), memberRegistered('m', { availability: { hoursPerWeek: 6, until: '2025-01-20' } })]);
    expect(countsOf(engine)).toEqual({});
    expect(engine.missingPartners('p1', { now: new Date('2025-01-25T10:00:00Z') })?.needs[0].members.dates).toBe(1);
  });

  it('reports the projects whose counts may have changed, and agrees with the full scan', () => {
    const engine = engineWith([farm(), projectProposed('p2', { location: northOf(MONTPELLIER, 400) })]);
    const naive = new NaiveMatcher({ now: NOW });
    naive.apply(farm());
    naive.apply(projectProposed('p2', { location: northOf(MONTPELLIER, 400) }));
    // As the matcher does: every project's counts published once, then only what changes.
    engine.missingPartners('p1');
    engine.missingPartners('p2');
    engine.missingPartnerChanges();
    const step = (event: EngineEvent) => {
      engine.apply(event);
      naive.apply(event);
      expect(engine.missingPartners('p1')).toEqual(naive.missingPartners('p1'));
      return engine.missingPartnerChanges();
    };
    // A member near p1 only: p1 may change, p2 (400 km away) may not.
    expect(step(memberRegistered('m', { availability: { hoursPerWeek: 2 } }))).toEqual(['p1']);
    expect(step({ type: 'MemberAvailabilityDeclared', data: { memberId: 'm', availability: { hoursPerWeek: 8 }, declaredAt: T } })).toEqual(
      ['p1'],
    );
    expect(engine.missingPartnerChanges()).toEqual([]);
  });
});
