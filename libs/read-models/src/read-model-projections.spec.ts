import { InMemoryReadModelStore, READ_MODEL_PROJECTIONS } from './index';

describe('READ_MODEL_PROJECTIONS', () => {
  it('gives each projection its own valid collection and name', () => {
    const store = new InMemoryReadModelStore();
    const collections = READ_MODEL_PROJECTIONS.map((p) => p.collection);
    expect(new Set(collections).size).toBe(READ_MODEL_PROJECTIONS.length);
    expect(new Set(READ_MODEL_PROJECTIONS.map((p) => p.name)).size).toBe(READ_MODEL_PROJECTIONS.length);
    for (const name of collections) expect(store.collection(name).name).toBe(name);
  });

  it('lets each event type reach exactly one projection', () => {
    for (const type of [
      'ProjectProposed',
      'MemberRegistered',
      'MemberErased',
      'ReferentRetired',
      'IntroductionRequested',
      'IntroductionExpired',
    ]) {
      expect(READ_MODEL_PROJECTIONS.filter((p) => p.canHandle(type))).toHaveLength(1);
    }
  });
});
