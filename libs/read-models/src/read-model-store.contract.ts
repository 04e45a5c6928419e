import { applyProjection, applyProjectionBatch, type PositionedEvent, type Projection } from './projection';
import type { ReadModelCollection, ReadModelStore } from './read-model-store.port';

type Place = { label: string; regionCode?: string; tags?: string[] };
type Card = {
  title: string;
  kind: string;
  themes: string[];
  stage?: number;
  open?: boolean;
  location?: Place;
  territories?: Place[];
  when?: Date;
};

const cards: (Card & { _id: string })[] = [
  {
    _id: 'p1',
    title: 'Ferme du Breuil',
    kind: 'ferme',
    themes: ['agriculture', 'eau'],
    stage: 2,
    open: true,
    location: { label: 'Lyon', regionCode: '84' },
    territories: [{ label: 'Rhône', regionCode: '84', tags: ['a'] }],
  },
  {
    _id: 'p2',
    title: 'Atelier vélo',
    kind: 'atelier',
    themes: ['mobilité'],
    stage: 1,
    open: true,
    location: { label: 'Nantes', regionCode: '52' },
    territories: [
      { label: 'Loire', regionCode: '52' },
      { label: 'Ouest', regionCode: '53' },
    ],
  },
  {
    _id: 'p3',
    title: 'Éco-lieu',
    kind: 'ferme',
    themes: ['habitat', 'agriculture'],
    stage: 3,
    open: false,
    location: { label: 'Die', regionCode: '84' },
  },
  { _id: 'p4', title: 'Fablab', kind: 'fablab', themes: [], stage: 1, open: true },
];

/** A tiny projection: a per-id counter, deleted by `Removed`. */
type Counter = { total: number; seen: number[] };
/** The data of this projection's two event types (see `counted` and `removed`). */
type CounterData = { id: string; by?: number };
const counterProjection: Projection<Counter> = {
  name: 'counter',
  collection: 'counters',
  canHandle: (type) => type === 'Counted' || type === 'Removed',
  id: (event) => (event.data as CounterData).id,
  evolve: (doc, event) => {
    if (event.type === 'Removed') return null;
    const { by } = event.data as Required<CounterData>;
    return { total: (doc?.total ?? 0) + by, seen: [...(doc?.seen ?? []), by] };
  },
};
const counted = (position: number, id: string, by: number): PositionedEvent => ({ type: 'Counted', data: { id, by }, position });
const removed = (position: number, id: string): PositionedEvent => ({ type: 'Removed', data: { id }, position });

const ids = (docs: readonly { _id: string }[]) => docs.map((doc) => doc._id);

/** The one contract every ReadModelStore adapter passes. */
export function readModelStoreContract(name: string, factory: () => Promise<{ store: ReadModelStore; cleanup: () => Promise<void> }>) {
  describe(`ReadModelStore contract: ${name}`, () => {
    let store: ReadModelStore;
    let cleanup: () => Promise<void>;
    let projects: ReadModelCollection<Card>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      projects = store.collection<Card>('projects');
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('documents', () => {
      it('returns null for an unknown id, and the document once upserted', async () => {
        expect(await projects.get('p1')).toBeNull();
        const when = new Date('2025-03-04T05:06:07.000Z');
        await projects.upsertMany([{ ...cards[0], when }]);
        expect(await projects.get('p1')).toEqual({ ...cards[0], when });
      });

      it('replaces the whole document on upsert', async () => {
        await projects.upsertMany([cards[0]]);
        await projects.upsertMany([{ _id: 'p1', title: 'Renamed', kind: 'ferme', themes: [] }]);
        expect(await projects.get('p1')).toEqual({ _id: 'p1', title: 'Renamed', kind: 'ferme', themes: [] });
      });

      it('drops undefined properties and keeps the last of duplicate ids', async () => {
        await projects.upsertMany([
          { _id: 'x', title: 'first', kind: 'k', themes: [] },
          { _id: 'x', title: 'second', kind: 'k', themes: ['a'], stage: undefined },
        ]);
        const doc = await projects.get('x');
        expect(doc).toEqual({ _id: 'x', title: 'second', kind: 'k', themes: ['a'] });
        expect(Object.keys(doc!)).not.toContain('stage');
      });

      it('gets many in the order asked, leaving out unknown ids', async () => {
        await projects.upsertMany(cards);
        expect(ids(await projects.getMany(['p3', 'nope', 'p1']))).toEqual(['p3', 'p1']);
        expect(await projects.getMany([])).toEqual([]);
      });

      it('deletes by id and ignores unknown ids', async () => {
        await projects.upsertMany(cards);
        await projects.deleteMany(['p2', 'p4', 'nope']);
        await projects.deleteMany([]);
        expect(ids(await projects.find())).toEqual(['p1', 'p3']);
      });

      it('keeps collections apart', async () => {
        const other = store.collection<{ n: number }>('others');
        await projects.upsertMany([cards[0]]);
        await other.upsertMany([{ _id: 'p1', n: 1 }]);
        expect(await other.get('p1')).toEqual({ _id: 'p1', n: 1 });
        expect((await projects.get('p1'))!.title).toBe('Ferme du Breuil');
      });

      it('rejects keys MongoDB-wire servers refuse, writing nothing of the batch', async () => {
        const bad = [
          { _id: 'ok', title: 't', kind: 'k', themes: [] },
          { _id: 'bad', title: 't', kind: 'k', themes: [], location: { label: 'x', 'a.b': 1 } as Place },
        ];
        await expect(projects.upsertMany(bad)).rejects.toThrow(/key/);
        await expect(
          projects.upsertMany([{ _id: 'bad2', title: 't', kind: 'k', themes: [], $x: 1 } as Card & { _id: string }]),
        ).rejects.toThrow(/key/);
        expect(await projects.count()).toBe(0);
      });

      it('stores handed-over documents like others: checked, undefined dropped, shared parts and reads independent', async () => {
        const shared = { label: 'Montpellier' } as Place;
        const docs = [
          { _id: 'h1', title: 'A', kind: 'k', themes: ['x'], location: shared },
          { _id: 'h2', title: 'B', kind: 'k', themes: [], location: shared, stage: undefined } as Card & { _id: string },
        ];
        await projects.upsertMany(docs, { handOver: true });
        expect(await projects.get('h1')).toEqual({ _id: 'h1', title: 'A', kind: 'k', themes: ['x'], location: { label: 'Montpellier' } });
        const h2 = await projects.get('h2');
        expect(h2).toEqual({ _id: 'h2', title: 'B', kind: 'k', themes: [], location: { label: 'Montpellier' } });
        expect(h2 && 'stage' in h2).toBe(false);
        // What a reader gets is its own copy.
        (h2 as { location: Place }).location.label = 'changed';
        expect((await projects.get('h1'))!.location).toEqual({ label: 'Montpellier' });
        await expect(
          projects.upsertMany([{ _id: 'bad', title: 't', kind: 'k', themes: [], $x: 1 } as Card & { _id: string }], { handOver: true }),
        ).rejects.toThrow(/key/);
        await expect(
          projects.upsertMany([{ _id: 'nan', title: 't', kind: 'k', themes: [], n: NaN } as Card & { _id: string }], { handOver: true }),
        ).rejects.toThrow(/non-finite/);
      });

      it('rejects an invalid collection name and the reserved one', () => {
        expect(() => store.collection('checkpoints')).toThrow(/reserved/);
        expect(() => store.collection('a.b')).toThrow(/invalid/);
        expect(() => store.collection('$x')).toThrow(/invalid/);
      });

      it('hands out copies: changing what was written or read does not change what is stored', async () => {
        const input = structuredClone(cards[1]);
        await projects.upsertMany([input]);
        input.title = 'changed';
        input.themes.push('changed');
        input.territories![0].label = 'changed';
        const read = (await projects.get('p2'))!;
        read.themes.push('changed');
        read.location!.label = 'changed';
        const [found] = await projects.find({ kind: 'atelier' });
        found.territories!.pop();
        const [many] = await projects.getMany(['p2']);
        many.title = 'changed';
        expect(await projects.get('p2')).toEqual(cards[1]);
      });
    });

    describe('find and count', () => {
      beforeEach(async () => {
        // Written out of _id order, so ordering by insertion would show.
        await projects.upsertMany([...cards].reverse());
      });

      it('returns every document in _id order without a filter', async () => {
        expect(ids(await projects.find())).toEqual(['p1', 'p2', 'p3', 'p4']);
        expect(await projects.count()).toBe(4);
      });

      it('filters by equality on strings, numbers and booleans, all conditions together', async () => {
        expect(ids(await projects.find({ kind: 'ferme' }))).toEqual(['p1', 'p3']);
        expect(ids(await projects.find({ stage: 1 }))).toEqual(['p2', 'p4']);
        expect(ids(await projects.find({ open: false }))).toEqual(['p3']);
        expect(ids(await projects.find({ kind: 'ferme', open: true }))).toEqual(['p1']);
        expect(await projects.find({ kind: 'nothing' })).toEqual([]);
      });

      it('matches an array field when one element is equal', async () => {
        expect(ids(await projects.find({ themes: 'agriculture' }))).toEqual(['p1', 'p3']);
        expect(await projects.count({ themes: 'mobilité' })).toBe(1);
      });

      it('filters with $in, on plain and array fields', async () => {
        expect(ids(await projects.find({ kind: { $in: ['atelier', 'fablab'] } }))).toEqual(['p2', 'p4']);
        expect(ids(await projects.find({ themes: { $in: ['eau', 'habitat'] } }))).toEqual(['p1', 'p3']);
        expect(await projects.find({ kind: { $in: [] } })).toEqual([]);
      });

      it('filters on dotted fields, through nested objects and arrays of objects', async () => {
        expect(ids(await projects.find({ 'location.regionCode': '84' }))).toEqual(['p1', 'p3']);
        expect(ids(await projects.find({ 'territories.regionCode': '53' }))).toEqual(['p2']);
        expect(ids(await projects.find({ 'territories.regionCode': { $in: ['84', '53'] } }))).toEqual(['p1', 'p2']);
        expect(ids(await projects.find({ 'territories.tags': 'a' }))).toEqual(['p1']);
        expect(await projects.count({ 'location.label': 'Die' })).toBe(1);
      });

      it('matches null on a missing field', async () => {
        expect(ids(await projects.find({ 'location.regionCode': null }))).toEqual(['p4']);
      });

      it('sorts ascending and descending, then by _id', async () => {
        expect(ids(await projects.find({}, { sort: { stage: 1 } }))).toEqual(['p2', 'p4', 'p1', 'p3']);
        expect(ids(await projects.find({}, { sort: { stage: -1 } }))).toEqual(['p3', 'p1', 'p2', 'p4']);
        expect(ids(await projects.find({}, { sort: { kind: 1, stage: -1 } }))).toEqual(['p2', 'p4', 'p3', 'p1']);
        expect(ids(await projects.find({}, { sort: { title: 1 } }))).toEqual(['p2', 'p4', 'p1', 'p3']);
        expect(ids(await projects.find({ open: true }, { sort: { 'location.label': -1 } }))).toEqual(['p2', 'p1', 'p4']);
      });

      it('pages with skip and limit', async () => {
        const sort = { stage: 1 } as const;
        expect(ids(await projects.find({}, { sort, limit: 2 }))).toEqual(['p2', 'p4']);
        expect(ids(await projects.find({}, { sort, skip: 2, limit: 1 }))).toEqual(['p1']);
        expect(ids(await projects.find({}, { sort, skip: 3, limit: 5 }))).toEqual(['p3']);
        expect(ids(await projects.find({ kind: 'ferme' }, { skip: 1 }))).toEqual(['p3']);
        expect(await projects.find({}, { skip: 9 })).toEqual([]);
      });

      it('rejects operators outside the port', async () => {
        await expect(projects.find({ stage: { $gt: 1 } } as never)).rejects.toThrow(/only equality and \$in/);
        await expect(projects.count({ $or: [] } as never)).rejects.toThrow(/invalid filter field/);
        await expect(projects.find({}, { limit: -1 })).rejects.toThrow(/limit/);
      });

      it('keeps answering the same once indexes exist', async () => {
        await projects.ensureIndex(['kind', 'stage']);
        await projects.ensureIndex(['kind', 'stage']);
        await projects.ensureIndex(['territories.regionCode']);
        expect(ids(await projects.find({ kind: 'ferme' }, { sort: { stage: -1 } }))).toEqual(['p3', 'p1']);
        expect(ids(await projects.find({ 'territories.regionCode': '84' }))).toEqual(['p1']);
      });
    });

    describe('checkpoints', () => {
      it('keeps one position per subscription', async () => {
        expect(await store.checkpoints.get('matcher')).toBeNull();
        await store.checkpoints.save('matcher', 41);
        await store.checkpoints.save('digest', 7);
        await store.checkpoints.save('matcher', 42);
        expect(await store.checkpoints.get('matcher')).toBe(42);
        expect(await store.checkpoints.get('digest')).toBe(7);
      });

      it('can be set back (a rebuild starts again)', async () => {
        await store.checkpoints.save('matcher', 1_000_000_000_000);
        expect(await store.checkpoints.get('matcher')).toBe(1_000_000_000_000);
        await store.checkpoints.save('matcher', 0);
        expect(await store.checkpoints.get('matcher')).toBe(0);
      });
    });

    it('drops every document and checkpoint, and stays usable', async () => {
      const others = store.collection<{ n: number }>('others');
      await projects.upsertMany(cards);
      await others.upsertMany([{ _id: 'o', n: 1 }]);
      await store.checkpoints.save('matcher', 12);
      await store.dropAll();
      expect(await projects.count()).toBe(0);
      expect(await others.get('o')).toBeNull();
      expect(await store.checkpoints.get('matcher')).toBeNull();
      await projects.upsertMany([cards[0]]);
      expect(ids(await projects.find({ kind: 'ferme' }))).toEqual(['p1']);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('applyProjection', () => {
      let counters: ReadModelCollection<Counter>;
      beforeEach(() => {
        counters = store.collection<Counter>(counterProjection.collection);
      });

      it('writes the evolved document with the position applied', async () => {
        expect(await applyProjection(counters, counterProjection, counted(10, 'a', 2))).toBe('written');
        expect(await applyProjection(counters, counterProjection, counted(11, 'a', 3))).toBe('written');
        expect(await counters.get('a')).toEqual({ _id: 'a', _position: 11, total: 5, seen: [2, 3] });
      });

      it('changes nothing when the same event comes twice, or an older one comes late', async () => {
        await applyProjection(counters, counterProjection, counted(10, 'a', 2));
        await applyProjection(counters, counterProjection, counted(12, 'a', 3));
        const before = await counters.get('a');
        expect(await applyProjection(counters, counterProjection, counted(12, 'a', 3))).toBe('skipped');
        expect(await applyProjection(counters, counterProjection, counted(11, 'a', 100))).toBe('skipped');
        expect(await counters.get('a')).toEqual(before);
        expect(before).toEqual({ _id: 'a', _position: 12, total: 5, seen: [2, 3] });
      });

      it('deletes the document when evolve returns null', async () => {
        await applyProjection(counters, counterProjection, counted(1, 'a', 2));
        await applyProjection(counters, counterProjection, counted(2, 'b', 2));
        expect(await applyProjection(counters, counterProjection, removed(3, 'a'))).toBe('deleted');
        expect(await counters.get('a')).toBeNull();
        expect(await applyProjection(counters, counterProjection, removed(3, 'a'))).toBe('skipped');
        expect(ids(await counters.find())).toEqual(['b']);
      });

      it('ignores events the projection does not handle', async () => {
        expect(await applyProjection(counters, counterProjection, { type: 'Other', data: { id: 'a' }, position: 1 })).toBe('skipped');
        expect(await counters.count()).toBe(0);
      });

      it('applies a batch as one event at a time would, and re-applying it changes nothing', async () => {
        const events = [
          counted(1, 'a', 1),
          counted(2, 'b', 10),
          { type: 'Other', data: {}, position: 3 },
          counted(4, 'a', 2),
          removed(5, 'b'),
          counted(6, 'c', 7),
          counted(7, 'a', 3),
        ];
        const sequential = store.collection<Counter>('counters_sequential');
        for (const event of events) await applyProjection(sequential, counterProjection, event);

        expect(await applyProjectionBatch(counters, counterProjection, events)).toEqual({ written: 2, deleted: 0, skipped: 1 });
        const expected = await sequential.find();
        expect(await counters.find()).toEqual(expected);
        expect(expected).toEqual([
          { _id: 'a', _position: 7, total: 6, seen: [1, 2, 3] },
          { _id: 'c', _position: 6, total: 7, seen: [7] },
        ]);

        const again = await applyProjectionBatch(counters, counterProjection, events);
        expect(again).toEqual({ written: 0, deleted: 0, skipped: 5 });
        expect(await counters.find()).toEqual(expected);
      });

      it('in a batch, skips what is already applied, applies the rest and deletes', async () => {
        await applyProjection(counters, counterProjection, counted(1, 'a', 1));
        await applyProjection(counters, counterProjection, counted(2, 'b', 1));
        const outcome = await applyProjectionBatch(counters, counterProjection, [counted(1, 'a', 1), removed(3, 'b'), counted(4, 'a', 5)]);
        expect(outcome).toEqual({ written: 1, deleted: 1, skipped: 1 });
        expect(await counters.find()).toEqual([{ _id: 'a', _position: 4, total: 6, seen: [1, 5] }]);
      });
    });
  });
}
