import type { ProjectEvent, ProjectProposed } from '@trame/domain';
import { InMemoryReadModelStore } from '../memory/in-memory-read-model-store';
import { applyProjection } from '../projection';
import type { ReadModelDocument } from '../read-model-store.port';
import { type ProjectCard, projectCardProjection as projection } from './project-card.projection';

const projectId = '3b9a7c2e-5d1f-4e8a-b6c4-9f0e1d2c3b4a';
const holderId = '7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281';

const proposed: ProjectProposed = {
  type: 'ProjectProposed',
  data: {
    projectId,
    holderId,
    title: 'Ferme du Breuil',
    summary: 'Une ferme coopérative en maraîchage bio',
    kind: 'ferme-cooperative',
    themes: ['agriculture', 'alimentation'],
    location: { lat: 45.2, lon: 4.9, label: 'Saint-Vallier', communeCode: '26333', departementCode: '26', regionCode: '84' },
    radiusKm: 30,
    remoteFriendly: false,
    stage: 'maturing',
    needs: [
      { role: 'maraîcher', skills: ['maraîchage'], hoursPerWeek: 10, count: 2 },
      { role: 'trésorier', skills: ['comptabilité'] },
    ],
    proposedAt: '2025-01-10T08:00:00.000Z',
  },
};

const at = (day: number) => `2025-01-${String(day).padStart(2, '0')}T08:00:00.000Z`;

function fold(events: readonly ProjectEvent[]): ReadModelDocument<ProjectCard> | null {
  return events.reduce<ReadModelDocument<ProjectCard> | null>((doc, event, position) => {
    const next = projection.evolve(doc, event);
    return next ? { ...next, _id: projection.id(event), _position: position } : null;
  }, null);
}

describe('project-card projection', () => {
  it('handles project events only, keyed by project id', () => {
    expect(projection.canHandle('ProjectClosed')).toBe(true);
    expect(projection.canHandle('MemberRegistered')).toBe(false);
    expect(projection.id(proposed)).toBe(projectId);
  });

  it('builds the public card from the proposal', () => {
    expect(projection.evolve(null, proposed)).toEqual({
      projectId,
      holderId,
      title: 'Ferme du Breuil',
      summary: 'Une ferme coopérative en maraîchage bio',
      kind: 'ferme-cooperative',
      themes: ['agriculture', 'alimentation'],
      location: { lat: 45.2, lon: 4.9, label: 'Saint-Vallier', communeCode: '26333', departementCode: '26', regionCode: '84' },
      geoCell: '90:9',
      radiusKm: 30,
      remoteFriendly: false,
      stage: 'maturing',
      needs: [
        { role: 'maraîcher', skills: ['maraîchage'], hoursPerWeek: 10, count: 2 },
        { role: 'trésorier', skills: ['comptabilité'] },
      ],
      status: 'active',
      proposedAt: '2025-01-10T08:00:00.000Z',
      updatedAt: '2025-01-10T08:00:00.000Z',
    });
  });

  it('applies only the details a revision changes', () => {
    const card = fold([
      proposed,
      {
        type: 'ProjectRevised',
        data: {
          projectId,
          changes: { title: 'Ferme du Grand Breuil', stage: 'launching', location: { lat: 45.3, lon: 4.8, label: 'Tain' } },
          revisedAt: at(11),
        },
      },
      { type: 'ProjectRevised', data: { projectId, changes: { remoteFriendly: true, themes: ['agriculture'] }, revisedAt: at(12) } },
    ])!;
    expect(card).toMatchObject({
      title: 'Ferme du Grand Breuil',
      summary: 'Une ferme coopérative en maraîchage bio',
      stage: 'launching',
      location: { lat: 45.3, lon: 4.8, label: 'Tain' },
      geoCell: '90:9',
      remoteFriendly: true,
      themes: ['agriculture'],
      radiusKm: 30,
      updatedAt: at(12),
      proposedAt: '2025-01-10T08:00:00.000Z',
    });
    expect(card.location.communeCode).toBeUndefined();
  });

  it('replaces the needs', () => {
    const card = fold([
      proposed,
      {
        type: 'ProjectNeedsChanged',
        data: { projectId, needs: [{ role: 'menuisier', skills: ['menuiserie'], count: 1 }], changedAt: at(13) },
      },
    ])!;
    expect(card.needs).toEqual([{ role: 'menuisier', skills: ['menuiserie'], count: 1 }]);
    expect(card.updatedAt).toBe(at(13));
  });

  it('follows pause, resume and close', () => {
    const paused = fold([proposed, { type: 'ProjectPaused', data: { projectId, reason: 'hiver', pausedAt: at(14) } }])!;
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'hiver', pausedAt: at(14), updatedAt: at(14) });

    const resumed = fold([
      proposed,
      { type: 'ProjectPaused', data: { projectId, reason: 'hiver', pausedAt: at(14) } },
      { type: 'ProjectResumed', data: { projectId, resumedAt: at(15) } },
    ])!;
    expect(resumed.status).toBe('active');
    expect(resumed).not.toHaveProperty('pausedAt');
    expect(resumed).not.toHaveProperty('pauseReason');
    expect(resumed.updatedAt).toBe(at(15));

    const closed = fold([proposed, { type: 'ProjectClosed', data: { projectId, reason: 'team-complete', closedAt: at(16) } }])!;
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'team-complete', closedAt: at(16), title: 'Ferme du Breuil' });
  });

  it('does not create a card from a later event alone', () => {
    expect(projection.evolve(null, { type: 'ProjectPaused', data: { projectId, pausedAt: at(14) } })).toBeNull();
  });

  it('copies only known fields', () => {
    const leaky = {
      ...proposed,
      data: { ...proposed.data, pii: 'v1.SEALED', location: { ...proposed.data.location, owner: 'x@example.org' } },
    } as ProjectProposed;
    const json = JSON.stringify(projection.evolve(null, leaky));
    expect(json).not.toContain('SEALED');
    expect(json).not.toContain('example.org');
  });

  it('through a store: finds cards by status, theme and région', async () => {
    const store = new InMemoryReadModelStore();
    const cards = store.collection<ProjectCard>(projection.collection);
    await applyProjection(cards, projection, { ...proposed, position: 1 });
    await applyProjection(cards, projection, { type: 'ProjectPaused', data: { projectId, pausedAt: at(14) }, position: 2 });
    expect(await cards.count({ status: 'active' })).toBe(0);
    expect(await cards.count({ status: 'paused', themes: 'agriculture', 'location.regionCode': '84' })).toBe(1);
  });
});
