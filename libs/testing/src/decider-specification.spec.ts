import type { Command, Decider, Event } from '@trame/domain';
import { DeciderSpecification } from './decider-specification';

// A tiny counter decider, enough to check that the helper fails when it should.
type Added = Event<'Added', { by: number }>;
type Add = Command<'Add', { by: number }>;
class TooBigError extends Error {}
const counter: Decider<{ total: number }, Add, Added> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.by }),
  decide: (command, state) => {
    if (state.total + command.data.by > 10) throw new TooBigError(`total would be ${state.total + command.data.by}`);
    return command.data.by === 0 ? [] : [{ type: 'Added', data: { by: command.data.by } }];
  },
};
const add = (by: number): Add => ({ type: 'Add', data: { by }, metadata: { now: new Date(0) } });
const added = (by: number): Added => ({ type: 'Added', data: { by } });

describe('DeciderSpecification', () => {
  const given = DeciderSpecification.for(counter);

  it('passes when the decided events match, given one event or a list', () => {
    given([])
      .when(add(2))
      .then([added(2)]);
    given(added(3)).when(add(2)).then(added(2));
    given
      .given([added(1)])
      .when(add(1))
      .then([added(1)]);
  });

  it('fails when the decided events differ', () => {
    expect(() =>
      given([])
        .when(add(2))
        .then([added(3)]),
    ).toThrow();
  });

  it('checks the thrown error class and predicate', () => {
    given([added(9)])
      .when(add(2))
      .thenThrows(TooBigError);
    given([added(9)])
      .when(add(2))
      .thenThrows(TooBigError, (e) => e.message === 'total would be 11');
    expect(() =>
      given([added(9)])
        .when(add(2))
        .thenThrows(TooBigError, (e) => e.message === 'other'),
    ).toThrow(/did not pass the check/);
    expect(() =>
      given([added(9)])
        .when(add(2))
        .thenThrows(RangeError),
    ).toThrow();
    expect(() => given([]).when(add(2)).thenThrows(TooBigError)).toThrow(/decide returned/);
  });

  it('tells nothing happened from something happened', () => {
    given([]).when(add(0)).thenNothingHappened();
    expect(() => given([]).when(add(1)).thenNothingHappened()).toThrow();
  });

  it('catches a decider that mutates its input', () => {
    const mutating: Decider<{ seen: number[] }, Add, Added> = {
      initialState: () => ({ seen: [] }),
      evolve: (state) => state,
      decide: (command) => {
        (command.data as { by: number }).by += 1;
        return [];
      },
    };
    expect(() => DeciderSpecification.for(mutating)([]).when(add(1)).thenNothingHappened()).toThrow(TypeError);
  });
});
