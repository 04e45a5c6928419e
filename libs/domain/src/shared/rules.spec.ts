import { checkText, deepEqual, isIsoDate, isUuid, normaliseWords } from './rules';

describe('shared rules', () => {
  it('accepts RFC UUIDs in any case and rejects the rest', () => {
    expect(isUuid('0b6f3c1e-5d2a-4f8b-9c7e-1a2b3c4d5e6f')).toBe(true);
    expect(isUuid('018F3C1E-5D2A-7F8B-BC7E-1A2B3C4D5E6F')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(isUuid('0b6f3c1e-5d2a-4f8b-1c7e-1a2b3c4d5e6f')).toBe(false); // not the RFC variant
    expect(isUuid('0b6f3c1e5d2a4f8b9c7e1a2b3c4d5e6f')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(['2026-01-31', '2028-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true, true]);
    expect(['2026-02-29', '2026-04-31', '2026-00-10', '26-01-01', '2026-01-01 ', null].map(isIsoDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('compares structurally, treating undefined keys as absent', () => {
    expect(deepEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });

  it('reports a non-text value instead of treating it as empty', () => {
    expect(checkText('description', 42, { min: 0, max: 10 }).violations.map((v) => v.field)).toEqual(['description']);
    expect(checkText('description', '  ', { min: 0, max: 10 })).toEqual({ text: '', violations: [] });
  });

  it('writes messages French first, then English', () => {
    const { violations } = normaliseWords('skills', 'menuiserie', { min: 0, max: 3 });
    expect(violations).toEqual([{ field: 'skills', message: 'liste attendue / a list is expected' }]);
  });
});
