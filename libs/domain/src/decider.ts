import type { DomainEvent } from '@rcrp/events';

/**
 * The decider shape (Emmett): pure functions, no I/O, time passed in. `decide` returns the new events
 * (possibly none: the command changes nothing) or throws a `DomainError`.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

/** The state after `events`, folded from the initial state. */
export function stateFrom<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
