import { describe, expect, it } from '@jest/globals';
import { safeReturnPath } from './return-path';

describe('the path to come back to', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeReturnPath('/projets?theme=eau&page=2')).toBe('/projets?theme=eau&page=2');
    expect(safeReturnPath('/')).toBe('/');
  });

  it('never leads to another site', () => {
    for (const outside of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example',
      'evil.example',
      '/\nLocation: x',
      '',
      null,
      undefined,
    ]) {
      expect(safeReturnPath(outside)).toBe('/');
    }
  });
});
