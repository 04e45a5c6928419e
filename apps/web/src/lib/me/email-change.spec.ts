import { describe, expect, it } from '@jest/globals';
import { afterConfirm, afterRequest, checkNewEmail, readCode } from './email-change';

describe('changing my email address: the page logic', () => {
  it('checks the new address: missing, malformed, the current one (any case), else fine', () => {
    expect(checkNewEmail('  ', 'lea@example.org')).toBe('emailMissing');
    expect(checkNewEmail('lea@', 'lea@example.org')).toBe('emailInvalid');
    expect(checkNewEmail(' Lea@Example.org ', 'lea@example.org')).toBe('sameAddress');
    expect(checkNewEmail('lea.nouvelle@example.org', 'lea@example.org')).toBeUndefined();
  });

  it('reads the code as people type it, and refuses anything but 6 digits', () => {
    expect(readCode('042 917')).toEqual({ code: '042917' });
    expect(readCode('042-917')).toEqual({ code: '042917' });
    expect(readCode('04291')).toEqual({ error: 'codeFormat' });
    expect(readCode('abcdef')).toEqual({ error: 'codeFormat' });
  });

  it('words each api answer to a request', () => {
    expect(afterRequest('ok')).toBe('sent');
    expect(afterRequest('invalid')).toBe('emailInvalid');
    expect(afterRequest('wait')).toBe('notice');
    expect(afterRequest('conflict')).toBe('notice');
  });

  it('words each api answer to a confirmation', () => {
    expect(afterConfirm('ok')).toBe('done');
    expect(afterConfirm('refused')).toBe('invalid');
    expect(afterConfirm('conflict', 409)).toBe('replaced');
    expect(afterConfirm('conflict', 403)).toBe('invalid');
    expect(afterConfirm('invalid')).toBe('taken');
    expect(afterConfirm('wait')).toBe('notice');
    expect(afterConfirm('unavailable')).toBe('notice');
  });
});
