import { describe, expect, it } from '@jest/globals';
import { fr } from '../i18n/messages.fr';
import { readClose, readIntroductionRequest, readPauseReason } from './holder-actions';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};
const MEMBER = '8a3f61d2-5c07-4b9e-a4d8-2f7e1b6c9035';

describe('the holder’s small forms', () => {
  it('reads a request for an introduction, its message trimmed', () => {
    expect(readIntroductionRequest(form({ memberId: MEMBER, firstName: 'Julien', message: '  Bonjour Julien  ' }), fr)).toEqual({
      memberId: MEMBER,
      firstName: 'Julien',
      message: 'Bonjour Julien',
    });
  });

  it('keeps a message that is too long, with the error in words', () => {
    const long = 'x'.repeat(2001);
    expect(readIntroductionRequest(form({ memberId: MEMBER, message: long }), fr)).toEqual({
      memberId: MEMBER,
      firstName: '',
      message: long,
      error: fr.holder.view.messageTooLong(2000),
    });
    expect(readIntroductionRequest(form({ memberId: 'nope', message: 'hi' }), fr)).toHaveProperty('error');
  });

  it('bounds the reason of a pause', () => {
    expect(readPauseReason(form({ reason: ' bail ' }), fr)).toEqual({ reason: 'bail' });
    expect(readPauseReason(form({ reason: 'x'.repeat(501) }), fr)).toHaveProperty('error', fr.holder.view.noteTooLong(500));
  });

  it('asks for a reason to close, and bounds the note', () => {
    expect(readClose(form({ reason: 'team-complete', note: ' merci ' }), fr)).toEqual({
      reason: 'team-complete',
      note: 'merci',
      errors: [],
    });
    expect(readClose(form({ reason: 'holder-erased', note: 'x'.repeat(501) }), fr).errors.map((e) => e.id)).toEqual(['reason', 'note']);
  });
});
