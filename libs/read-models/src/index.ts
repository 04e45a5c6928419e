export * from './read-model-store.port';
export * from './projection';
export { InMemoryReadModelStore } from './memory/in-memory-read-model-store';
export { MongoReadModelStore } from './mongo/mongo-read-model-store';
export * from './projections/territory-view';
export * from './projections/project-card.projection';
export * from './projections/member-profile.projection';
export * from './projections/referent.projection';
export * from './projections/introduction.projection';

import type { Projection } from './projection';
import { memberProfileProjection } from './projections/member-profile.projection';
import { projectCardProjection } from './projections/project-card.projection';
import { referentProjection } from './projections/referent.projection';
import { introductionProjection } from './projections/introduction.projection';

/** Every read-model projection, each owning its collection. */
export const READ_MODEL_PROJECTIONS: readonly Projection<object>[] = [
  projectCardProjection,
  memberProfileProjection,
  referentProjection,
  introductionProjection,
];
export * from './read-models.module';
export * from './recommendations/recommendation.documents';
export * from './canonical-hash';
