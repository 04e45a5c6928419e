import { expect } from '@jest/globals';
import type { MemberRecommendations, ProjectRecommendations } from '@trame/read-models';
import { matchFactId } from '@trame/messaging';
import { decideNotifications, factsOf, type ProjectInfo, type Recipient } from './notification-decisions';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const reasons = { fr: '2 compétences sur 3 : maraîchage, menuiserie · 4 km', en: '2 of 3 skills: maraîchage, menuiserie · 4 km' };
const partner = (memberId: string, firstName: string) =>
  ({
    memberId,
    firstName,
    score: 0.8,
    distanceKm: 4,
    role: 'maraîcher·e',
    skillsMatched: [],
    availability: { hoursPerWeek: 6 },
    reasons,
    details: { place: { kind: 'radius', distanceKm: 4, radiusKm: 30 } },
  }) as never;
const project = (projectId: string, title: string) =>
  ({
    projectId,
    title,
    kind: 'eco-lieu',
    stage: 'idea',
    score: 0.8,
    distanceKm: 4,
    role: 'maraîcher·e',
    skillsMatched: [],
    reasons,
    details: { place: { kind: 'radius', distanceKm: 4, radiusKm: 30 } },
  }) as never;

const projects: ProjectRecommendations[] = [{ projectId: 'p1', partners: [partner('m1', 'Léa'), partner('m2', 'Hugo')], referents: [] }];
const members: MemberRecommendations[] = [
  { memberId: 'm1', projects: [project('p1', 'Ferme de Forcalquier')] },
  { memberId: 'm2', projects: [project('p1', 'Ferme de Forcalquier')] },
];
const projectInfo = new Map<string, ProjectInfo>([['p1', { holderId: 'h', title: 'Ferme de Forcalquier' }]]);
const recipients = (prefs: Record<string, Recipient['notify']>) =>
  new Map<string, Recipient>(Object.entries(prefs).map(([id, notify]) => [id, { notify, firstName: id.toUpperCase() }]));

describe('decideNotifications', () => {
  it('emails instant recipients at once, queues digest items for the others, settles `never` as skipped', () => {
    const d = decideNotifications({
      projects,
      members,
      projectInfo,
      recipients: recipients({ m1: 'instant', m2: 'weekly', h: 'never' }),
      settled: new Set(),
      now: NOW,
    });
    expect(d.instant).toEqual([
      {
        kind: 'match',
        factId: matchFactId('member', 'p1', 'm1'),
        audience: 'member',
        recipientId: 'm1',
        match: {
          projectId: 'p1',
          projectTitle: 'Ferme de Forcalquier',
          memberId: 'm1',
          memberFirstName: 'M1',
          role: 'maraîcher·e',
          score: 0.8,
          distanceKm: 4,
          reasons,
        },
        decidedAt: NOW.toISOString(),
      },
    ]);
    expect(d.digest).toEqual([
      {
        memberId: 'm2',
        item: expect.objectContaining({
          factId: matchFactId('member', 'p1', 'm2'),
          audience: 'member',
          projectTitle: 'Ferme de Forcalquier',
        }),
      },
    ]);
    expect(d.skipped).toEqual([
      { factId: matchFactId('holder', 'p1', 'm1'), reason: 'never' },
      { factId: matchFactId('holder', 'p1', 'm2'), reason: 'never' },
    ]);
  });

  it('tells the holder about each new partner, with the partner first name and the project title', () => {
    const d = decideNotifications({
      projects,
      members: [],
      projectInfo,
      recipients: recipients({ h: 'instant' }),
      settled: new Set(),
      now: NOW,
    });
    expect(d.instant.map((j) => [j.recipientId, j.audience, j.match.memberFirstName, j.match.projectTitle])).toEqual([
      ['h', 'holder', 'Léa', 'Ferme de Forcalquier'],
      ['h', 'holder', 'Hugo', 'Ferme de Forcalquier'],
    ]);
  });

  it('with a window, puts an instant holder’s new partners into one batch per project instead of one email each', () => {
    const twoProjects: ProjectRecommendations[] = [...projects, { projectId: 'p2', partners: [partner('m3', 'Nora')], referents: [] }];
    const info = new Map<string, ProjectInfo>([...projectInfo, ['p2', { holderId: 'h', title: 'Atelier vélo' }]]);
    const d = decideNotifications({
      projects: twoProjects,
      members,
      projectInfo: info,
      recipients: recipients({ m1: 'instant', m2: 'weekly', h: 'instant' }),
      settled: new Set([matchFactId('holder', 'p1', 'm2')]),
      now: NOW,
      holderWindowSeconds: 600,
    });
    // Members on instant still get theirs at once: batching is for holders only.
    expect(d.instant.map((j) => j.factId)).toEqual([matchFactId('member', 'p1', 'm1')]);
    expect(d.partnerBatches).toEqual([
      {
        holderId: 'h',
        projectId: 'p1',
        windowSeconds: 600,
        items: [
          {
            factId: matchFactId('holder', 'p1', 'm1'),
            audience: 'holder',
            decidedAt: NOW.toISOString(),
            projectId: 'p1',
            projectTitle: 'Ferme de Forcalquier',
            memberId: 'm1',
            memberFirstName: 'Léa',
            role: 'maraîcher·e',
            score: 0.8,
            distanceKm: 4,
            reasons,
          },
        ],
      },
      { holderId: 'h', projectId: 'p2', windowSeconds: 600, items: [expect.objectContaining({ memberFirstName: 'Nora' })] },
    ]);
  });

  it('with a window, leaves daily, weekly and `never` holders as they were, and a window of 0 mails each partner at once', () => {
    const input = { projects, members: [], projectInfo, settled: new Set<string>(), now: NOW };
    const daily = decideNotifications({ ...input, recipients: recipients({ h: 'daily' }), holderWindowSeconds: 600 });
    expect(daily.partnerBatches).toEqual([]);
    expect(daily.digest.map((i) => i.item.factId)).toEqual([matchFactId('holder', 'p1', 'm1'), matchFactId('holder', 'p1', 'm2')]);
    const never = decideNotifications({ ...input, recipients: recipients({ h: 'never' }), holderWindowSeconds: 600 });
    expect([never.partnerBatches, never.skipped.length]).toEqual([[], 2]);
    const instant = decideNotifications({ ...input, recipients: recipients({ h: 'instant' }), holderWindowSeconds: 0 });
    expect(instant.partnerBatches).toEqual([]);
    expect(instant.instant).toHaveLength(2);
  });

  it('decides nothing for facts already settled: re-published lists (restart, rebuild) send nothing new', () => {
    const input = { projects, members, projectInfo, recipients: recipients({ m1: 'instant', m2: 'daily', h: 'instant' }), now: NOW };
    const all = factsOf(input);
    expect(all).toHaveLength(4);
    const d = decideNotifications({ ...input, settled: new Set(all) });
    expect(d).toEqual({ instant: [], digest: [], skipped: [], partnerBatches: [] });
    const some = decideNotifications({ ...input, settled: new Set([matchFactId('member', 'p1', 'm1')]) });
    expect(some.instant.map((j) => j.factId)).toEqual([matchFactId('holder', 'p1', 'm1'), matchFactId('holder', 'p1', 'm2')]);
    expect(some.digest.map((i) => i.item.factId)).toEqual([matchFactId('member', 'p1', 'm2')]);
  });

  it('settles facts whose recipient has no profile (erased) without an email, and skips projects without a card', () => {
    const d = decideNotifications({ projects, members, projectInfo: new Map(), recipients: new Map(), settled: new Set(), now: NOW });
    expect(d.instant).toEqual([]);
    expect(d.skipped.map((s) => s.reason)).toEqual(['unknown-recipient', 'unknown-recipient']);
  });

  it('gives an email no kilometre figure for a whole area or a remote project: the reasons say the place', () => {
    const inArea = {
      ...(partner('m1', 'Léa') as object),
      details: { place: { kind: 'area', level: 'departement', distanceKm: 0 } },
    } as never;
    const decisions = decideNotifications({
      now: NOW,
      members: [],
      projects: [{ projectId: 'p1', partners: [inArea], referents: [] }],
      projectInfo: new Map([['p1', { holderId: 'h1', title: 'Ferme' }]]),
      recipients: new Map([['h1', { notify: 'instant', firstName: 'Sam' }]]),
      settled: new Set(),
    });
    expect(decisions.instant.map((j) => j.match.distanceKm)).toEqual([null]);
  });
});
