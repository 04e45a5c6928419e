import type { MemberEvent, MemberRegistered, ResolvedTerritory } from '@trame/domain';
import { InMemoryReadModelStore } from '../memory/in-memory-read-model-store';
import { applyProjection } from '../projection';
import type { ReadModelDocument } from '../read-model-store.port';
import { type MemberProfile, memberProfileProjection as projection } from './member-profile.projection';

const memberId = '6f1c1e3a-0b7e-4a57-9a3e-1f2d3c4b5a69';
const SEALED = 'v1.SEALED.camille.martin@example.org.Camille-Martin';

const lyon: ResolvedTerritory = {
  kind: 'radius',
  lat: 45.764,
  lon: 4.8357,
  radiusKm: 20,
  label: 'Lyon',
  communeCode: '69123',
  departementCode: '69',
  regionCode: '84',
};
const drome: ResolvedTerritory = {
  kind: 'area',
  level: 'departement',
  code: '26',
  lat: 44.73,
  lon: 5.17,
  label: 'Drôme',
  departementCode: '26',
  regionCode: '84',
};

const registered: MemberRegistered = {
  type: 'MemberRegistered',
  data: {
    memberId,
    firstName: 'Camille',
    pii: SEALED,
    locale: 'fr',
    skills: ['maraîchage', 'menuiserie'],
    interests: ['agriculture'],
    territories: [lyon, drome],
    availability: { hoursPerWeek: 6, from: '2025-04-01' },
    notify: 'daily',
    registeredAt: '2025-03-01T10:00:00.000Z',
  },
};

const later: MemberEvent[] = [
  { type: 'MemberSkillsDeclared', data: { memberId, skills: ['comptabilité'], declaredAt: '2025-03-02T10:00:00.000Z' } },
  { type: 'MemberInterestsChanged', data: { memberId, interests: ['habitat', 'énergie'], changedAt: '2025-03-03T10:00:00.000Z' } },
  { type: 'MemberTerritoriesChanged', data: { memberId, territories: [drome], changedAt: '2025-03-04T10:00:00.000Z' } },
  {
    type: 'MemberAvailabilityDeclared',
    data: { memberId, availability: { hoursPerWeek: 10, until: '2025-12-31' }, declaredAt: '2025-03-05T10:00:00.000Z' },
  },
  { type: 'MemberNotificationsChanged', data: { memberId, notify: 'weekly', changedAt: '2025-03-06T10:00:00.000Z' } },
];
const erased: MemberEvent = { type: 'MemberErased', data: { memberId, erasedAt: '2025-03-07T10:00:00.000Z' } };

/** Folds events as the store would, returning every intermediate document. */
function fold(events: readonly MemberEvent[]): (ReadModelDocument<MemberProfile> | null)[] {
  const docs: (ReadModelDocument<MemberProfile> | null)[] = [];
  let doc: ReadModelDocument<MemberProfile> | null = null;
  events.forEach((event, position) => {
    const next = projection.evolve(doc, event);
    doc = next ? { ...next, _id: projection.id(event), _position: position } : null;
    docs.push(doc);
  });
  return docs;
}

describe('member-profile projection', () => {
  it('handles member events only, keyed by member id', () => {
    expect(projection.canHandle('MemberRegistered')).toBe(true);
    expect(projection.canHandle('MemberErased')).toBe(true);
    expect(projection.canHandle('ProjectProposed')).toBe(false);
    expect(projection.id(registered)).toBe(memberId);
  });

  it('builds the pseudonymous profile from the registration', () => {
    expect(projection.evolve(null, registered)).toEqual({
      memberId,
      firstName: 'Camille',
      locale: 'fr',
      skills: ['maraîchage', 'menuiserie'],
      interests: ['agriculture'],
      territories: [
        {
          kind: 'radius',
          radiusKm: 20,
          label: 'Lyon',
          lat: 45.764,
          lon: 4.8357,
          communeCode: '69123',
          departementCode: '69',
          regionCode: '84',
        },
        { kind: 'area', level: 'departement', code: '26', label: 'Drôme', lat: 44.73, lon: 5.17, departementCode: '26', regionCode: '84' },
      ],
      areaKeys: ['departement:26'],
      availability: { hoursPerWeek: 6, from: '2025-04-01' },
      notify: 'daily',
      status: 'active',
      registeredAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('follows each facet change', () => {
    const docs = fold([registered, ...later]);
    expect(docs[1]).toMatchObject({ skills: ['comptabilité'], interests: ['agriculture'], updatedAt: '2025-03-02T10:00:00.000Z' });
    expect(docs[2]).toMatchObject({ skills: ['comptabilité'], interests: ['habitat', 'énergie'] });
    expect(docs[3]!.territories.map((t) => t.label)).toEqual(['Drôme']);
    expect(docs[3]!.areaKeys).toEqual(['departement:26']);
    expect(docs[4]!.availability).toEqual({ hoursPerWeek: 10, until: '2025-12-31' });
    expect(docs[5]).toMatchObject({
      notify: 'weekly',
      firstName: 'Camille',
      registeredAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-06T10:00:00.000Z',
    });
  });

  it('never copies the sealed personal data, nor anything an event carries beyond the public fields', () => {
    const leaky = { ...lyon, email: 'camille.martin@example.org' } as ResolvedTerritory;
    const events: MemberEvent[] = [
      { ...registered, data: { ...registered.data, territories: [leaky] } },
      ...later,
      { type: 'MemberTerritoriesChanged', data: { memberId, territories: [leaky], changedAt: '2025-03-08T10:00:00.000Z' } },
    ];
    for (const doc of fold(events)) {
      const json = JSON.stringify(doc);
      expect(doc).not.toBeNull();
      expect(json).not.toContain('pii');
      expect(json).not.toContain('SEALED');
      expect(json).not.toContain('example.org');
      expect(json).not.toContain('Martin');
    }
  });

  it('deletes the profile of an erased member, and later stale events do not bring it back', () => {
    const docs = fold([registered, ...later, erased]);
    expect(docs.at(-1)).toBeNull();
    expect(projection.evolve(null, later[0])).toBeNull();
    expect(projection.evolve(null, erased)).toBeNull();
  });

  it('through a store: the stored document holds no personal data and disappears on erasure', async () => {
    const store = new InMemoryReadModelStore();
    const profiles = store.collection<MemberProfile>(projection.collection);
    let position = 100;
    for (const event of [registered, ...later]) await applyProjection(profiles, projection, { ...event, position: position++ });
    const stored = await profiles.get(memberId);
    expect(stored).toMatchObject({ _id: memberId, _position: 105, firstName: 'Camille', notify: 'weekly' });
    expect(JSON.stringify(await profiles.find())).not.toContain('SEALED');
    expect(await profiles.find({ areaKeys: 'departement:26' })).toHaveLength(1);

    expect(await applyProjection(profiles, projection, { ...erased, position })).toBe('deleted');
    expect(await profiles.get(memberId)).toBeNull();
    expect(await profiles.count()).toBe(0);
  });
});
