import type { EngineEvent } from './model/entities';
import { MatchingEngine } from './matching-engine';
import { area, circle, memberRegistered, MONTPELLIER, northOf, NOW, projectProposed, referentAppointed, T } from './matching.fixtures';
import { NaiveMatcher } from './naive-matcher';
import { SCORE_WEIGHTS } from './scoring/score-weights';

const engineWith = (events: EngineEvent[], options: ConstructorParameters<typeof MatchingEngine>[0] = {}) => {
  const engine = new MatchingEngine({ now: NOW, ...options });
  engine.applyAll(events);
  return engine;
};
const ids = (list: { memberId: string }[]) => list.map((p) => p.memberId);

describe('MatchingEngine — hard filters and ranking', () => {
  it('ranks a member 5 km away with 3 of 4 skills and filters one 40 km away (project radius 30 km)', () => {
    const engine = engineWith([
      projectProposed('p1', { radiusKm: 30 }),
      memberRegistered('near', {
        skills: ['Maraîchages', 'woodworking', 'accounting'],
        territories: [circle(northOf(MONTPELLIER, 5), 50)],
      }),
      memberRegistered('far', {
        skills: ['maraîchage', 'menuiserie', 'comptabilité', 'plomberie'],
        territories: [circle(northOf(MONTPELLIER, 40), 50)],
      }),
    ]);
    const partners = engine.topPartners('p1');
    expect(ids(partners)).toEqual(['near']);
    const [near] = partners;
    expect(near.firstName).toBe('Prénom near');
    expect(near.distanceKm).toBe(5);
    expect(near.skillsMatched).toEqual(['maraîchage', 'menuiserie', 'comptabilité']);
    expect(near.reasons).toEqual({
      fr: '3 compétences sur 4 : maraîchage, menuiserie, comptabilité · 5 km · 6 h/semaine',
      en: '3 of 4 skills: maraîchage, menuiserie, comptabilité · 5 km · 6 h/week',
    });
    // By hand: 0.5 × 3/4 + 0.15 × 0 + 0.2 × 25/(25+5) + 0.15 × 6/8 = 0.375 + 0.16667 + 0.1125.
    expect(near.score).toBe(0.6542);
    expect(near.details.components).toEqual({ skills: 0.75, themes: 0, proximity: 0.8333, availability: 0.75 });
    expect(Object.values(SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('uses the smaller radius: a member with a 3 km circle does not match a project 5 km away', () => {
    const engine = engineWith([
      projectProposed('p1', { radiusKm: 30 }),
      memberRegistered('m', { territories: [circle(northOf(MONTPELLIER, 5), 3)] }),
    ]);
    expect(engine.topPartners('p1')).toEqual([]);
  });

  it('ignores distance for remote-friendly projects', () => {
    const engine = engineWith([
      projectProposed('p1', { remoteFriendly: true, radiusKm: 10 }),
      memberRegistered('far', { territories: [circle(northOf(MONTPELLIER, 400), 20)] }),
    ]);
    const [far] = engine.topPartners('p1');
    expect(far.memberId).toBe('far');
    expect(far.details.place.kind).toBe('remote');
    // The remote rule: the proximity of 100 km, 25/125, whatever the distance (400 km here).
    expect(far.details.components.proximity).toBe(0.2);
    expect(far.reasons.fr).toContain('projet ouvert à distance');
    expect(far.reasons.en).toContain('project open to remote work');
    expect(engine.topProjects('far').map((p) => p.projectId)).toEqual(['p1']);
  });

  it('offers a remote-friendly project beyond territories to its best R candidates only, and the next best follows', () => {
    const far = (memberId: string, km: number, skills: string[]) =>
      memberRegistered(memberId, { skills, territories: [circle(northOf(MONTPELLIER, km), 20)] });
    const engine = engineWith(
      [
        projectProposed('p1', { remoteFriendly: true, radiusKm: 10 }),
        far('four', 400, ['maraîchage', 'menuiserie', 'comptabilité', 'plomberie']),
        far('three', 500, ['maraîchage', 'menuiserie', 'comptabilité']),
        far('one', 600, ['maraîchage']),
        // Placed by their own circle: matched as for any project, whatever the reach.
        memberRegistered('near', { skills: ['plomberie'], territories: [circle(northOf(MONTPELLIER, 3), 20)] }),
      ],
      { remoteReach: 2, exposureCap: 5 },
    );
    expect(ids(engine.topPartners('p1'))).toEqual(['four', 'three', 'near']);
    expect(engine.topProjects('one')).toEqual([]);
    // The best one leaves: the next best beyond territories enters the reach, and is told.
    const changes = engine.apply({ type: 'MemberSkillsDeclared', data: { memberId: 'four', skills: ['soudure'], declaredAt: T } });
    expect(ids(engine.topPartners('p1'))).toEqual(['three', 'near', 'one']);
    expect([...changes.changedMembers].sort()).toEqual(['four', 'one']);
    expect(engine.topProjects('one').map((p) => p.projectId)).toEqual(['p1']);
    const oracle = new NaiveMatcher({ now: NOW, remoteReach: 2, exposureCap: 5 });
    for (const e of [
      projectProposed('p1', { remoteFriendly: true, radiusKm: 10 }),
      far('four', 400, ['soudure']),
      far('three', 500, ['maraîchage', 'menuiserie', 'comptabilité']),
      far('one', 600, ['maraîchage']),
      memberRegistered('near', { skills: ['plomberie'], territories: [circle(northOf(MONTPELLIER, 3), 20)] }),
    ])
      oracle.apply(e);
    expect(engine.topPartners('p1')).toEqual(oracle.topPartners('p1'));
  });

  it('keeps a member offering at least half of a need’s hours as a partial fit, and filters one below half', () => {
    const events = [
      projectProposed('p1', { needs: [{ role: 'Maraîcher·e', skills: ['maraîchage'], hoursPerWeek: 15, count: 2 }] }),
      memberRegistered('seven', { availability: { hoursPerWeek: 7 } }),
      memberRegistered('ten', { availability: { hoursPerWeek: 10 } }),
      memberRegistered('twenty', { availability: { hoursPerWeek: 20 } }),
    ];
    const engine = engineWith(events);
    expect(ids(engine.topPartners('p1'))).toEqual(['twenty', 'ten']);
    const [twenty, ten] = engine.topPartners('p1');
    expect(twenty.details.components.availability).toBe(1);
    expect(twenty.reasons.fr).toContain('20 h/semaine');
    expect(twenty.reasons.fr).not.toContain('souhaitées');
    // 10 of 15 hours: 0.6667, said in words; the need's count (2 people) changes nothing.
    expect(ten.details.components.availability).toBe(0.6667);
    expect(ten.reasons.fr).toContain('10 h/semaine sur les 15 souhaitées');
    expect(ten.reasons.en).toContain('10 h/week of the 15 wished for');
    // The share is configurable: at 0.7, 10 h of 15 (0.667) no longer fits; at 0.4, 7 h does.
    expect(ids(engineWith(events, { minHoursShare: 0.7 }).topPartners('p1'))).toEqual(['twenty']);
    expect(ids(engineWith(events, { minHoursShare: 0.4 }).topPartners('p1'))).toEqual(['twenty', 'ten', 'seven']);
    expect(() => engineWith(events, { minHoursShare: 1.5 })).toThrow(/minHoursShare/);
  });

  it('matches a member to the need whose hours they meet, not to the one they do not', () => {
    const engine = engineWith([
      projectProposed('p1', {
        needs: [
          { role: 'Plein temps', skills: ['maraîchage', 'menuiserie'], hoursPerWeek: 30 },
          { role: 'Coup de main', skills: ['maraîchage', 'soudure', 'couture'] },
        ],
      }),
      memberRegistered('m', { skills: ['maraîchage', 'menuiserie'], availability: { hoursPerWeek: 6 } }),
    ]);
    const [m] = engine.topPartners('p1');
    expect(m.role).toBe('Coup de main');
    expect(m.details.need).toMatchObject({ index: 1, skillsNeeded: 3, skillsMatched: ['maraîchage'] });
  });

  it('drops a member whose availability window is over, and reports it when the day passes', () => {
    const engine = engineWith([projectProposed('p1'), memberRegistered('m', { availability: { hoursPerWeek: 6, until: '2025-01-20' } })]);
    expect(ids(engine.topPartners('p1'))).toEqual(['m']);
    const changes = engine.advance(new Date('2025-01-21T08:00:00Z'));
    expect([...changes.changedProjects]).toEqual(['p1']);
    expect([...changes.changedMembers]).toEqual(['m']);
    expect(engine.topPartners('p1')).toEqual([]);
    // Querying an earlier day gives that day's answer (a function of state and day only).
    expect(ids(engine.topPartners('p1', { now: new Date('2025-01-20T23:00:00Z') }))).toEqual(['m']);
  });

  it('scores a member whose availability starts later lower, and says so', () => {
    const engine = engineWith([
      projectProposed('p1'),
      memberRegistered('later', { availability: { hoursPerWeek: 8, from: '2025-03-01' } }),
      memberRegistered('now', { availability: { hoursPerWeek: 8 } }),
    ]);
    const [first, second] = engine.topPartners('p1');
    expect([first.memberId, second.memberId]).toEqual(['now', 'later']);
    expect(second.details.components.availability).toBe(0.5);
    expect(second.reasons.fr).toContain('8 h/semaine à partir du 1er mars 2025');
    expect(second.reasons.en).toContain('8 h/week from 1 March 2025');
    const changes = engine.advance(new Date('2025-03-01T00:00:00Z'));
    expect(changes.changedProjects.has('p1')).toBe(true);
    expect(engine.topPartners('p1')[0].score).toBe(engine.topPartners('p1')[1].score);
  });

  it('requires at least one skill of a need', () => {
    const engine = engineWith([projectProposed('p1'), memberRegistered('m', { skills: ['tressage', 'poterie'] })]);
    expect(engine.topPartners('p1')).toEqual([]);
  });

  it('does not propose the holder as a partner of their own project', () => {
    const engine = engineWith([projectProposed('p1', { holderId: 'h' }), memberRegistered('h')]);
    expect(engine.topPartners('p1')).toEqual([]);
  });

  it('matches a member whose territory is the whole département, wherever in it the project is', () => {
    const inHerault = northOf(MONTPELLIER, 60, { communeCode: '34999' });
    const inGard = northOf(MONTPELLIER, 10, { communeCode: '30189', departementCode: '30' });
    const engine = engineWith([
      projectProposed('herault', { location: inHerault, radiusKm: 10 }),
      projectProposed('gard', { location: inGard, radiusKm: 10 }),
      memberRegistered('m', { territories: [area('departement', '34', MONTPELLIER, 'Hérault')] }),
    ]);
    expect(engine.topProjects('m').map((p) => p.projectId)).toEqual(['herault']);
    const [m] = engine.topPartners('herault');
    expect(m.details.place).toMatchObject({ kind: 'area', level: 'departement', code: '34' });
    // One documented value, 25/(25+25): no kilometre figure for a place the member did not give.
    expect(m.details.components.proximity).toBe(0.5);
    // The distance from the project to the area: 0, the place being inside (never the area centre's 60 km).
    expect([m.distanceKm, m.details.place.distanceKm]).toEqual([0, 0]);
    // To the holder, about the member; to the member, about themselves.
    expect(m.reasons.fr).toContain('dans son département : Hérault');
    expect(m.reasons.en).toContain('in their département: Hérault');
    const [mine] = engine.topProjects('m');
    expect(mine.reasons.fr).toContain('dans votre département : Hérault');
    expect(mine.reasons.en).toContain('in your département: Hérault');
  });

  it('scores proximity by one function: a close circle beats a département, which beats a far circle', () => {
    const engine = engineWith([
      projectProposed('p1', { radiusKm: 100 }),
      memberRegistered('close', { territories: [circle(northOf(MONTPELLIER, 10), 100)] }),
      memberRegistered('dept', { territories: [area('departement', '34', MONTPELLIER, 'Hérault')] }),
      memberRegistered('far', { territories: [circle(northOf(MONTPELLIER, 60), 100)] }),
    ]);
    const partners = engine.topPartners('p1');
    expect(ids(partners)).toEqual(['close', 'dept', 'far']);
    // 25/(25+10), 25/(25+25), 25/(25+60).
    expect(partners.map((p) => p.details.components.proximity)).toEqual([0.7143, 0.5, 0.2941]);
  });

  it('gives a remote-friendly project’s member placed by their own circle that proximity, when above the remote rule', () => {
    const engine = engineWith([
      projectProposed('p1', { remoteFriendly: true, radiusKm: 200 }),
      memberRegistered('near', { territories: [circle(northOf(MONTPELLIER, 30), 200)] }),
      memberRegistered('far', { territories: [circle(northOf(MONTPELLIER, 150), 200)] }),
    ]);
    const [near, far] = engine.topPartners('p1');
    expect([near.memberId, near.details.place.kind, near.details.components.proximity]).toEqual(['near', 'radius', 0.4545]);
    // 25/(25+150) = 0.1429 is below the remote rule's 0.2: the rule counts, and is said.
    expect([far.memberId, far.details.place.kind, far.details.components.proximity]).toEqual(['far', 'remote', 0.2]);
    expect(far.reasons.fr).toContain('projet ouvert à distance');
  });
});

describe('MatchingEngine — normalisation', () => {
  it('matches accents and plurals ("Maraîchages" vs "maraichage")', () => {
    const engine = engineWith([
      projectProposed('p1', { needs: [{ role: 'r', skills: ['Maraîchages'] }] }),
      memberRegistered('m', { skills: ['maraichage'] }),
    ]);
    expect(engine.topPartners('p1').map((p) => p.skillsMatched)).toEqual([['Maraîchages']]);
  });

  it('matches synonyms in French and English, for skills and themes', () => {
    const engine = engineWith([
      projectProposed('p1', {
        themes: ['Alimentation', 'énergie'],
        needs: [{ role: 'r', skills: ['menuiserie', 'culture de légumes'] }],
      }),
      memberRegistered('m', { skills: ['carpentry', 'market gardening'], interests: ['food'] }),
    ]);
    const [m] = engine.topPartners('p1');
    expect(m.skillsMatched).toEqual(['menuiserie', 'culture de légumes']);
    expect(m.details.themesShared).toEqual(['Alimentation']);
    expect(m.reasons.en).toContain('shared interests: Alimentation');
  });

  it('names synonyms the holder wrote together and counts them once', () => {
    const engine = engineWith([
      projectProposed('p1', { needs: [{ role: 'Charpentier·e', skills: ['menuiserie', 'charpente', 'Menuiseries'] }] }),
      memberRegistered('m', { skills: ['charpente'] }),
    ]);
    const [m] = engine.topPartners('p1');
    expect(m.details.need).toMatchObject({ skillsNeeded: 1, skillsMatched: ['menuiserie / charpente'] });
    expect(m.details.components.skills).toBe(1);
    expect(m.reasons.fr).toContain('1 compétence sur 1 : menuiserie / charpente');
  });
});

describe('MatchingEngine — lifecycle', () => {
  it('gives no partners to a paused project and restores them on resume', () => {
    const engine = engineWith([projectProposed('p1'), memberRegistered('m')]);
    const paused = engine.apply({ type: 'ProjectPaused', data: { projectId: 'p1', pausedAt: T } });
    expect(engine.topPartners('p1')).toEqual([]);
    expect(engine.topProjects('m')).toEqual([]);
    expect(engine.projectsNear({ lat: MONTPELLIER.lat, lon: MONTPELLIER.lon, radiusKm: 5 })).toEqual([]);
    expect(paused.changedProjects).toEqual(new Set(['p1']));
    expect(paused.changedMembers).toEqual(new Set(['m']));
    engine.apply({ type: 'ProjectResumed', data: { projectId: 'p1', resumedAt: T } });
    expect(ids(engine.topPartners('p1'))).toEqual(['m']);
  });

  it("keeps only a member's best pairs, and finds the next ones again when those leave", () => {
    // listSize 1 and K 1: a member keeps their best 2 pairs; the others are left below a floor.
    const options = { now: NOW, listSize: 1, exposureCap: 1 };
    const engine = new MatchingEngine(options);
    const oracle = new NaiveMatcher(options);
    const needing = (id: string, skills: string[]) => projectProposed(id, { needs: [{ role: 'r', skills }] });
    const close = (projectId: string): EngineEvent => ({
      type: 'ProjectClosed',
      data: { projectId, reason: 'team-complete', closedAt: T },
    });
    const steps: EngineEvent[] = [
      memberRegistered('m', { skills: ['maraîchage'] }),
      needing('half', ['maraîchage', 'soudure']),
      needing('third', ['maraîchage', 'soudure', 'couture']),
      // Better than both: the third best is pushed below the floor.
      needing('full', ['maraîchage']),
      needing('quarter', ['maraîchage', 'soudure', 'couture', 'plomberie']),
      close('full'),
      // The kept list runs out: the next best come back from the indexes.
      close('half'),
      close('third'),
    ];
    const shown: string[][] = [];
    for (const step of steps) {
      engine.apply(step);
      oracle.apply(step);
      expect(engine.topProjects('m')).toEqual(oracle.topProjects('m'));
      shown.push(engine.topProjects('m').map((p) => p.projectId));
    }
    expect(shown).toEqual([[], ['half'], ['half'], ['full'], ['full'], ['half'], ['third'], ['quarter']]);
  });

  it('drops a closed project entirely', () => {
    const engine = engineWith([projectProposed('p1'), memberRegistered('m')]);
    const closed = engine.apply({ type: 'ProjectClosed', data: { projectId: 'p1', reason: 'team-complete', closedAt: T } });
    expect(closed.changedProjects).toEqual(new Set(['p1']));
    expect(engine.topProjects('m')).toEqual([]);
    expect(engine.referentForProject('p1')).toBeUndefined();
  });

  it('makes an erased member disappear from every list', () => {
    const engine = engineWith([projectProposed('p1'), projectProposed('p2'), memberRegistered('m'), memberRegistered('n')]);
    const erased = engine.apply({ type: 'MemberErased', data: { memberId: 'm', erasedAt: T } });
    expect(erased.changedProjects).toEqual(new Set(['p1', 'p2']));
    expect(erased.changedMembers).toEqual(new Set(['m']));
    expect(ids(engine.topPartners('p1'))).toEqual(['n']);
    expect(ids(engine.topPartners('p2'))).toEqual(['n']);
    expect(engine.topProjects('m')).toEqual([]);
    // Later events about the erased member are ignored.
    engine.apply({ type: 'MemberSkillsDeclared', data: { memberId: 'm', skills: ['maraîchage'], declaredAt: T } });
    expect(ids(engine.topPartners('p1'))).toEqual(['n']);
  });

  it('follows revisions of needs, place and skills', () => {
    const engine = engineWith([projectProposed('p1'), memberRegistered('m', { skills: ['soudure'] })]);
    expect(engine.topPartners('p1')).toEqual([]);
    engine.apply({ type: 'MemberSkillsDeclared', data: { memberId: 'm', skills: ['plomberie'], declaredAt: T } });
    expect(ids(engine.topPartners('p1'))).toEqual(['m']);
    engine.apply({
      type: 'ProjectRevised',
      data: { projectId: 'p1', changes: { location: northOf(MONTPELLIER, 120) }, revisedAt: T },
    });
    expect(engine.topPartners('p1')).toEqual([]);
    engine.apply({
      type: 'ProjectNeedsChanged',
      data: { projectId: 'p1', needs: [{ role: 'r', skills: ['plumbing'] }], changedAt: T },
    });
    engine.apply({ type: 'ProjectRevised', data: { projectId: 'p1', changes: { remoteFriendly: true }, revisedAt: T } });
    expect(engine.topPartners('p1').map((p) => p.skillsMatched)).toEqual([['plumbing']]);
  });

  it('excludes a pair with an open or refused introduction, and the next best fills the slot', () => {
    const engine = engineWith(
      [
        projectProposed('p1'),
        memberRegistered('best', { skills: ['maraîchage', 'menuiserie'] }),
        memberRegistered('next', { skills: ['maraîchage'] }),
      ],
      { listSize: 1 },
    );
    expect(ids(engine.topPartners('p1'))).toEqual(['best']);
    const changes = engine.setPairExcluded('p1', 'best', true);
    expect(changes.changedProjects).toEqual(new Set(['p1']));
    expect(ids(engine.topPartners('p1'))).toEqual(['next']);
    engine.setPairExcluded('p1', 'best', false);
    expect(ids(engine.topPartners('p1'))).toEqual(['best']);
  });

  it('leaves out for good a project the member dismissed ("pas pour moi"), still recommended to others', () => {
    const engine = engineWith([
      projectProposed('p1'),
      projectProposed('p2'),
      memberRegistered('m', { skills: ['maraîchage'] }),
      memberRegistered('other', { skills: ['maraîchage'] }),
    ]);
    expect(
      engine
        .topProjects('m')
        .map((p) => p.projectId)
        .sort(),
    ).toEqual(['p1', 'p2']);
    const dismissed = { type: 'RecommendationDismissed', data: { memberId: 'm', projectId: 'p1', dismissedAt: T } };
    const changes = engine.apply(dismissed);
    expect(changes.changedMembers).toEqual(new Set(['m']));
    expect(changes.changedProjects).toEqual(new Set(['p1']));
    expect(engine.topProjects('m').map((p) => p.projectId)).toEqual(['p2']);
    expect(ids(engine.topPartners('p1'))).toEqual(['other']);
    expect(
      engine
        .topProjects('other')
        .map((p) => p.projectId)
        .sort(),
    ).toEqual(['p1', 'p2']);
    // An introduction that ends (the pair readmitted) does not bring a dismissed project back.
    engine.setPairExcluded('p1', 'm', true);
    engine.setPairExcluded('p1', 'm', false);
    expect(engine.topProjects('m').map((p) => p.projectId)).toEqual(['p2']);
  });

  it('reports only the lists that changed', () => {
    const engine = engineWith([
      projectProposed('here'),
      projectProposed('elsewhere', { location: northOf(MONTPELLIER, 300, { communeCode: 'x', departementCode: 'y' }) }),
    ]);
    const changes = engine.apply(memberRegistered('m'));
    expect(changes.changedProjects).toEqual(new Set(['here']));
    expect(changes.changedMembers).toEqual(new Set(['m']));
    const none = engine.apply({ type: 'MemberNotificationsChanged', data: { memberId: 'm', notify: 'daily', changedAt: T } });
    expect(none.changedProjects.size + none.changedMembers.size).toBe(0);
    const unrelated = engine.apply({ type: 'IntroductionRequested', data: { introductionId: 'i' } });
    expect(unrelated.changedProjects.size + unrelated.changedMembers.size).toBe(0);
  });

  it("never reads the members' sealed personal data", () => {
    const engine = new MatchingEngine({ now: NOW });
    const registered = memberRegistered('m');
    const data = new Proxy(registered.data, {
      get(target, key, receiver) {
        if (key === 'pii') throw new Error('pii was read');
        return Reflect.get(target, key, receiver) as unknown;
      },
      ownKeys() {
        throw new Error('member data was enumerated');
      },
    });
    engine.apply(projectProposed('p1'));
    expect(() => engine.apply({ type: registered.type, data })).not.toThrow();
    expect(ids(engine.topPartners('p1'))).toEqual(['m']);
    expect(JSON.stringify(engine.topPartners('p1'))).not.toContain('sealed:secret');
  });
});

describe('MatchingEngine — exposure cap', () => {
  it('with K=1, shows a member only to the project that fits them best; the next best fills the other slot', () => {
    const events: EngineEvent[] = [
      projectProposed('p-a'),
      projectProposed('p-b', { location: northOf(MONTPELLIER, 20) }),
      memberRegistered('star', {
        skills: ['maraîchage', 'menuiserie', 'comptabilité', 'plomberie'],
        territories: [circle(MONTPELLIER, 50)],
      }),
      memberRegistered('good', { skills: ['maraîchage', 'menuiserie'], territories: [circle(northOf(MONTPELLIER, 20), 10)] }),
    ];
    const engine = engineWith(events, { exposureCap: 1 });
    // star fits both, p-a best (nearer): shown to p-a only; p-b gets good instead.
    expect(engine.topProjects('star').map((p) => p.projectId)).toEqual(['p-a', 'p-b']);
    expect(ids(engine.topPartners('p-a'))).toEqual(['star']);
    expect(ids(engine.topPartners('p-b'))).toEqual(['good']);
    // Without the cap p-b gets both, the star first.
    expect(ids(engineWith(events, { exposureCap: 5 }).topPartners('p-b'))).toEqual(['star', 'good']);
  });

  it("follows the member's own ranking: shown where they fit best, even if they rank higher elsewhere", () => {
    const needs = [{ role: 'r', skills: ['maraîchage', 'menuiserie'] }];
    const engine = engineWith(
      [
        projectProposed('p-a', { needs, themes: ['alimentation'] }),
        projectProposed('p-b', { needs, themes: ['habitat'], location: northOf(MONTPELLIER, 20) }),
        memberRegistered('a-star', {
          skills: ['maraîchage', 'menuiserie'],
          interests: ['alimentation'],
          territories: [circle(MONTPELLIER, 15)],
        }),
        memberRegistered('shared', {
          skills: ['maraîchage', 'menuiserie'],
          interests: ['alimentation'],
          territories: [circle(northOf(MONTPELLIER, 10), 50)],
        }),
      ],
      { exposureCap: 1 },
    );
    const forShared = engine.topProjects('shared');
    expect(forShared.map((p) => p.projectId)).toEqual(['p-a', 'p-b']);
    expect(forShared[0].score).toBeGreaterThan(forShared[1].score);
    // "shared" ranks 2nd in p-a (behind a-star) and 1st in p-b, but fits p-a best: shown there.
    expect(ids(engine.topPartners('p-a'))).toEqual(['a-star', 'shared']);
    expect(ids(engine.topPartners('p-b'))).toEqual([]);
    // Every member is in at most K lists.
    const shown = [...ids(engine.topPartners('p-a')), ...ids(engine.topPartners('p-b'))];
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('moves a member to the project they now fit best, and the other project gets its next best', () => {
    const there = northOf(MONTPELLIER, 20);
    const events: EngineEvent[] = [
      projectProposed('p1', { needs: [{ role: 'r', skills: ['soudure'] }], themes: ['habitat'] }),
      projectProposed('p2', { needs: [{ role: 'r', skills: ['maraîchage'] }], themes: ['énergie'], location: there }),
      memberRegistered('m', { skills: ['maraîchage'], interests: ['habitat', 'énergie'], territories: [circle(MONTPELLIER, 50)] }),
      memberRegistered('n', { skills: ['maraîchage'], territories: [circle(there, 5)] }),
    ];
    const options = { now: NOW, exposureCap: 1, listSize: 1 };
    const engine = engineWith(events, options);
    expect(ids(engine.topPartners('p1'))).toEqual([]);
    expect(ids(engine.topPartners('p2'))).toEqual(['m']);
    // p1 now wants m, who fits p1 better (shared theme): m moves to p1 and p2 gets n.
    const change: EngineEvent = {
      type: 'ProjectNeedsChanged',
      data: { projectId: 'p1', needs: [{ role: 'r', skills: ['maraîchage'] }], changedAt: T },
    };
    const changes = engine.apply(change);
    expect(ids(engine.topPartners('p1'))).toEqual(['m']);
    expect(ids(engine.topPartners('p2'))).toEqual(['n']);
    expect(changes.changedProjects).toEqual(new Set(['p1', 'p2']));
    const naive = new NaiveMatcher(options);
    [...events, change].forEach((e) => naive.apply(e));
    expect(engine.topPartners('p2')).toEqual(naive.topPartners('p2'));
  });
});

describe('MatchingEngine — referents', () => {
  const place = MONTPELLIER;
  const appointed = (id: string, territories: Parameters<typeof referentAppointed>[1], at = T) =>
    referentAppointed(id, territories, { appointedAt: at });

  it('prefers the commune referent to the département one, and that one to the région one', () => {
    const engine = engineWith([
      appointed('region', [area('region', '76')]),
      appointed('dept', [area('departement', '34')]),
      appointed('commune', [area('commune', '34172')]),
    ]);
    expect(engine.referentFor(place)).toMatchObject({ level: 'commune', referentId: 'commune' });
    engine.apply({ type: 'ReferentRetired', data: { referentId: 'commune', retiredAt: T } });
    expect(engine.referentFor(place)).toMatchObject({ level: 'departement', referentId: 'dept' });
    engine.apply({ type: 'ReferentRetired', data: { referentId: 'dept', retiredAt: T } });
    expect(engine.referentFor(place)).toMatchObject({ level: 'region', referentId: 'region' });
    engine.apply({ type: 'ReferentRetired', data: { referentId: 'region', retiredAt: T } });
    expect(engine.referentFor(place)).toEqual({ level: 'admin' });
    expect(engine.referentChainFor(place)).toEqual([{ level: 'admin' }]);
  });

  it('counts a circle containing the place as commune level', () => {
    const engine = engineWith([
      appointed('dept', [area('departement', '34')]),
      appointed('circle', [circle(northOf(place, 8), 10)]),
      appointed('small-circle', [circle(northOf(place, 8), 5)]),
    ]);
    expect(engine.referentFor(place)).toMatchObject({ level: 'commune', referentId: 'circle' });
    expect(engine.referentChainFor(place).map((r) => r.level)).toEqual(['commune', 'departement', 'admin']);
  });

  it('breaks ties by appointment date, then id', () => {
    const engine = engineWith([
      appointed('b', [area('departement', '34')], '2024-01-01T00:00:00Z'),
      appointed('c', [area('departement', '34')], '2023-06-01T00:00:00Z'),
      appointed('a', [area('departement', '34')], '2023-06-01T00:00:00Z'),
    ]);
    expect(engine.referentFor(place)).toMatchObject({ referentId: 'a' });
  });

  it('limits a referent with themes to projects sharing one, and reports projects whose referent changed', () => {
    const engine = engineWith([
      projectProposed('food', { themes: ['alimentation'] }),
      projectProposed('housing', { themes: ['habitat'] }),
      appointed('dept', [area('departement', '34')]),
    ]);
    const changes = engine.apply(referentAppointed('housing-specialist', [area('commune', '34172')], { themes: ['logement'] }));
    expect(changes.changedProjects).toEqual(new Set(['housing']));
    expect(engine.referentForProject('housing')).toMatchObject({ referentId: 'housing-specialist' });
    expect(engine.referentForProject('food')).toMatchObject({ referentId: 'dept' });
  });

  it('agrees with the full-scan baseline', () => {
    const events = [
      appointed('r1', [area('region', '76')]),
      appointed('r2', [circle(northOf(place, 3), 4)]),
      appointed('r3', [area('commune', '34172')], '2020-01-01T00:00:00Z'),
    ];
    const engine = engineWith(events);
    const naive = new NaiveMatcher({ now: NOW });
    events.forEach((e) => naive.apply(e));
    for (const p of [place, northOf(place, 6), northOf(place, 6, { communeCode: '1' }), { regionCode: '76' }]) {
      expect(engine.referentFor(p)).toEqual(naive.referentFor(p));
    }
  });
});

describe('MatchingEngine — projectsNear', () => {
  it('finds active projects within the radius, nearest first, optionally by theme (synonyms too)', () => {
    const engine = engineWith([
      projectProposed('p10', { location: northOf(MONTPELLIER, 10), themes: ['énergie'] }),
      projectProposed('p2', { location: northOf(MONTPELLIER, 2), themes: ['alimentation'] }),
      projectProposed('p50', { location: northOf(MONTPELLIER, 50), themes: ['énergie'] }),
    ]);
    const near = engine.projectsNear({ lat: MONTPELLIER.lat, lon: MONTPELLIER.lon, radiusKm: 20 });
    expect(near.map((p) => [p.projectId, p.distanceKm])).toEqual([
      ['p2', 2],
      ['p10', 10],
    ]);
    const energy = engine.projectsNear({ lat: MONTPELLIER.lat, lon: MONTPELLIER.lon, radiusKm: 100, theme: 'Energy' });
    expect(energy.map((p) => p.projectId)).toEqual(['p10', 'p50']);
  });
});
