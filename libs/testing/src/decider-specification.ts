import type { Command, Decider, Event } from '@trame/domain';

/**
 * Emmett-style given/when/then for deciders, asserting with jest's `expect`:
 *
 *   const given = DeciderSpecification.for(projectDecider);
 *   given([proposed]).when(pause).then([paused]);
 *   given([]).when(pause).thenThrows(NotFoundError, (e) => e.id === id);
 *   given([proposed]).when(sameRevision).thenNothingHappened();
 *
 * Given events and the command are deep-frozen first, so a decider that mutates its
 * input fails loudly instead of passing by accident.
 */
type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export type DeciderThen<E extends Event> = {
  /** decide returned exactly these events (which must also fold without error). */
  then: (expected: E | readonly E[]) => void;
  /** decide threw an instance of `errorClass` (and `check`, if given, holds for it). */
  thenThrows: <Err extends Error>(errorClass: ErrorClass<Err>, check?: (error: Err) => boolean) => void;
  /** decide returned no events. */
  thenNothingHappened: () => void;
};

export type DeciderWhen<C extends Command, E extends Event> = {
  when: (command: C) => DeciderThen<E>;
};

export type DeciderGiven<C extends Command, E extends Event> = ((given: E | readonly E[]) => DeciderWhen<C, E>) & {
  given: (given: E | readonly E[]) => DeciderWhen<C, E>;
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
};

const asList = <E>(events: E | readonly E[]): readonly E[] => (Array.isArray(events) ? events : [events as E]);

export const DeciderSpecification = {
  for<State, C extends Command, E extends Event>(decider: Decider<State, C, E>): DeciderGiven<C, E> {
    const given = (givenEvents: E | readonly E[]): DeciderWhen<C, E> => ({
      when: (command: C): DeciderThen<E> => {
        const history = deepFreeze(structuredClone(asList(givenEvents)));
        const frozenCommand = deepFreeze(command);
        const run = (): E[] => {
          const state = history.reduce(decider.evolve, decider.initialState());
          return decider.decide(frozenCommand, state);
        };
        return {
          then: (expected) => {
            const produced = run();
            expect(produced).toEqual(asList(expected));
            // The new events must be foldable onto the history, as the event store will do.
            expect(() => [...history, ...produced].reduce(decider.evolve, decider.initialState())).not.toThrow();
          },
          thenThrows: (errorClass, check) => {
            let produced: E[] | undefined;
            let thrown: unknown;
            try {
              produced = run();
            } catch (error) {
              thrown = error;
            }
            if (produced !== undefined) {
              throw new Error(`Expected ${errorClass.name} to be thrown, but decide returned ${JSON.stringify(produced, null, 2)}`);
            }
            expect(thrown).toBeInstanceOf(errorClass);
            if (check && !check(thrown as Parameters<typeof check>[0])) {
              throw new Error(`${errorClass.name} was thrown but did not pass the check: ${String(thrown)}`);
            }
          },
          thenNothingHappened: () => {
            expect(run()).toEqual([]);
          },
        };
      },
    });
    return Object.assign(given, { given });
  },
};
