/**
 * Emmett-style decider: plain `{type, data}` events and commands, pure functions,
 * time and ids supplied by the caller through the command.
 */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

export type CommandMetadata = Readonly<{
  /** Wall-clock time of the request, injected so deciders stay pure. */
  now: Date;
}>;

export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

export type Decider<State, C extends Command, E extends Event> = {
  initialState: () => State;
  evolve: (state: State, event: E) => State;
  decide: (command: C, state: State) => E[];
};

export const fold = <State, E extends Event>(
  decider: Pick<Decider<State, Command, E>, 'initialState' | 'evolve'>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());
