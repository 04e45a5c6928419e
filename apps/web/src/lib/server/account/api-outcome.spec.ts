import { describe, expect, it } from '@jest/globals';
import { outcomeOf, sessionOf } from './api-outcome';

const answer = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

describe('what an api answer means for a form', () => {
  it('reads the wait of a rate limit from its own Retry-After headers, the longest', () => {
    expect(outcomeOf(answer(429, { 'Retry-After-sign-in-code-address': '900', 'Retry-After-sign-in-code-ip': '30' }))).toEqual({
      kind: 'wait',
      seconds: 900,
    });
    expect(outcomeOf(answer(503, { 'Retry-After': '5' }))).toEqual({ kind: 'wait', seconds: 5 });
    expect(outcomeOf(answer(429))).toEqual({ kind: 'wait', seconds: undefined });
  });

  it('names the fields of a refusal, and tells a used link from a state conflict', () => {
    expect(outcomeOf(answer(422), { fields: [{ field: 'territories[0]', messages: [] }, { nope: 1 }] })).toEqual({
      kind: 'invalid',
      fields: ['territories[0]'],
    });
    expect(outcomeOf(answer(401))).toEqual({ kind: 'refused' });
    expect(outcomeOf(answer(409))).toEqual({ kind: 'conflict', status: 409 });
    expect(outcomeOf(answer(500))).toEqual({ kind: 'unavailable' });
    expect(outcomeOf(undefined)).toEqual({ kind: 'unavailable' });
  });

  it('takes a session only from a JSON answer that is one', () => {
    expect(sessionOf({ accessToken: 't', expiresIn: 60, memberIds: ['m'], admin: false })).toEqual({
      accessToken: 't',
      expiresIn: 60,
      memberIds: ['m'],
    });
    expect(sessionOf('<html>')).toBeUndefined();
  });
});
