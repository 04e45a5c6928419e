import type { INestApplication } from '@nestjs/common';
import { type ProjectCard, projectCardProjection, READ_MODEL_STORE, type ReadModelStore } from '@trame/read-models';
import { READ_SIDE_CHECKPOINT } from '@trame/runtime';
import { loadTerritoryDirectory } from '@trame/territories';
import { generatePopulation } from '@trame/testing';

/**
 * `projects` synthetic projects (seeded, over real communes) written straight into the api's
 * read model, as the matcher would have written them, and the read side marked caught up.
 */
export async function seedProjectCards(app: INestApplication, projects: number, seed: number) {
  const events = generatePopulation(loadTerritoryDirectory(), { seed, members: 0, projects, churn: 0 }).filter(
    (e) => e.type === 'ProjectProposed',
  );
  const docs = events.map((event, i) => {
    const card = projectCardProjection.evolve(null, event)!;
    return { ...card, _id: card.projectId, _position: i + 1 };
  });
  const store = app.get<ReadModelStore>(READ_MODEL_STORE);
  await store.collection<ProjectCard>('project_cards').upsertMany(docs);
  // The matcher publishes this checkpoint once the read models are written up to it.
  await store.checkpoints.save(READ_SIDE_CHECKPOINT, docs.length);
  return docs;
}
