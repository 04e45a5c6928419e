import { registrationPolicy } from './member-registration.policy';

describe('registrationPolicy (one member per address)', () => {
  it('given a new address, registers it in its first slot', () => {
    expect(registrationPolicy([], ['none'])).toEqual({ kind: 'register', slot: 0 });
  });

  it('given an address with a live member found by the blind index, sends a sign-in link and creates nothing', () => {
    expect(registrationPolicy(['member-1'], ['none'])).toEqual({ kind: 'sign-in' });
  });

  it('given a live member in a derived slot (the index not yet written or lost), sends a sign-in link', () => {
    expect(registrationPolicy([], ['active', 'none'])).toEqual({ kind: 'sign-in' });
    expect(registrationPolicy([], ['erased', 'active', 'none'])).toEqual({ kind: 'sign-in' });
  });

  it('given an erased member, registers the address again in the next free slot', () => {
    expect(registrationPolicy([], ['erased', 'none'])).toEqual({ kind: 'register', slot: 1 });
    expect(registrationPolicy([], ['erased', 'erased', 'none'])).toEqual({ kind: 'register', slot: 2 });
  });

  it('refuses to guess when no free slot was read', () => {
    expect(() => registrationPolicy([], ['erased'])).toThrow(/no free slot/);
  });
});
