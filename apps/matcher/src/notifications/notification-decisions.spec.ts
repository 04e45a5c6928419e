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
    details: {},
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
    details: {},
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

  it('decides nothing for facts already settled: re-published lists (restart, rebuild) send nothing new', () => {
    const input = { projects, members, projectInfo, recipients: recipients({ m1: 'instant', m2: 'daily', h: 'instant' }), now: NOW };
    const all = factsOf(input);
    expect(all).toHaveLength(4);
    const d = decideNotifications({ ...input, settled: new Set(all) });
    expect(d).toEqual({ instant: [], digest: [], skipped: [] });
    const some = decideNotifications({ ...input, settled: new Set([matchFactId('member', 'p1', 'm1')]) });
    expect(some.instant.map((j) => j.factId)).toEqual([matchFactId('holder', 'p1', 'm1'), matchFactId('holder', 'p1', 'm2')]);
    expect(some.digest.map((i) => i.item.factId)).toEqual([matchFactId('member', 'p1', 'm2')]);
  });

  it('settles facts whose recipient has no profile (erased) without an email, and skips projects without a card', () => {
    const d = decideNotifications({ projects, members, projectInfo: new Map(), recipients: new Map(), settled: new Set(), now: NOW });
    expect(d.instant).toEqual([]);
    expect(d.skipped.map((s) => s.reason)).toEqual(['unknown-recipient', 'unknown-recipient']);
  });
});
