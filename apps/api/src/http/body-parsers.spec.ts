import { jsonDepthExceeds } from './body-parsers';

const bytes = (text: string) => Buffer.from(text);

describe('the JSON depth bound, read on the raw bytes', () => {
  it('counts arrays and objects alike, and stops past the bound', () => {
    expect(jsonDepthExceeds(bytes('[[[]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('[[[[]]]]'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes('{"a":{"b":[{}]}}'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes('['.repeat(100_000)), 32)).toBe(true);
  });

  it('measures depth, not the number of brackets', () => {
    expect(jsonDepthExceeds(bytes('[' + '[],'.repeat(1000) + '[]]'), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(bytes(`{"a":"${'['.repeat(50)}"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"a":"\\"${'{'.repeat(50)}\\\\"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"a":"\\\\",${'['.repeat(5)}`), 2)).toBe(true);
  });
});
