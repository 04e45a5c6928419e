import { prepare, serialisePage } from './prepared-json';

describe('prepared JSON of a page', () => {
  it('writes the page exactly as JSON.stringify would, from the items’ prepared text', () => {
    const items = [
      { id: 'a', title: 'Été "solaire"', distanceKm: 4.2 },
      { id: 'b', title: 'Ferme', needs: [{ role: 'x', skills: [] }] },
    ];
    const body = {
      items: prepare(
        items,
        items.map((i) => JSON.stringify(i)),
      ),
      total: 12,
      page: 2,
      perPage: 2,
      place: { code: 'x' },
    };
    expect(serialisePage(body)).toBe(JSON.stringify(body));
    const empty = { items: prepare([], []), total: 0, page: 1, perPage: 20 };
    expect(serialisePage(empty)).toBe(JSON.stringify(empty));
  });

  it('uses the prepared text, not the objects (so it is only for items that do not change)', () => {
    const items = prepare([{ id: 'a' }], ['{"id":"prepared"}']);
    expect(serialisePage({ items })).toBe('{"items":[{"id":"prepared"}]}');
  });

  it('gives nothing for items without prepared text, or a copy of them', () => {
    const items = prepare([{ id: 'a' }], ['{"id":"a"}']);
    expect(serialisePage({ items: [...items] })).toBeUndefined();
    expect(serialisePage({ items: [{ id: 'a' }] })).toBeUndefined();
  });
});
