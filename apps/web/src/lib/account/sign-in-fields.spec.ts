import { describe, expect, it } from '@jest/globals';
import { minutesToWait, retryAfterSeconds } from './retry-after';
import { checkCodeForm, normaliseCode } from './sign-in-fields';

describe('the code forms', () => {
  it('takes the code as printed or typed with spaces and dashes', () => {
    expect(normaliseCode(' 042 917 ')).toBe('042917');
    expect(normaliseCode('042-917')).toBe('042917');
    expect(checkCodeForm('camille@example.org', '042917')).toEqual({});
    expect(checkCodeForm('camille', '42917')).toEqual({ email: 'emailInvalid', code: 'codeFormat' });
  });

  it('reads Retry-After as seconds or a date, and says it in whole minutes', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:02:00 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(120);
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(minutesToWait(30)).toBe(0);
    expect(minutesToWait(61)).toBe(2);
    expect(minutesToWait(undefined)).toBe(0);
  });
});
