import { validateEventData, type DomainEvent, type EventDefinition } from '@rcrp/events';
import { EVENT_DEFINITIONS } from '@rcrp/events';
import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import type { RuleId } from '../rule-ids';

/**
 * given / when / then for deciders (Emmett style):
 *
 *   spec.given([reported]).when(amend).then([amended]);
 *   spec.given([withdrawn]).when(amend).thenThrows('INCIDENT-WITHDRAWN');
 *
 * `then` also checks that every produced event's data is valid against its payload class, so the deciders
 * can never emit an event the contract would refuse.
 */
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export function deciderSpec<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
) {
  return {
    given(events: readonly Event[]) {
      const state = () => events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state());
          return {
            then(expected: readonly Event[]): void {
              const actual = run();
              expect(actual).toEqual(expected);
              expectValidEvents(actual);
            },
            /** Like `then`, but each expected event may be partial. */
            thenMatches(expected: readonly DeepPartial<Event>[]): void {
              const actual = run();
              expect(actual).toMatchObject(expected);
              expect(actual).toHaveLength(expected.length);
              expectValidEvents(actual);
            },
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            thenThrows(ruleId: RuleId): void {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              const error = caught as DomainError;
              expect(error.ruleId).toBe(ruleId);
              expect(error.name).toBe('DomainError');
              expect(error.message.length).toBeGreaterThan(10);
            },
          };
        },
      };
    },
  };
}

export function expectValidEvents(events: readonly DomainEvent[]): void {
  for (const event of events) {
    const definition = (EVENT_DEFINITIONS as Record<string, EventDefinition>)[event.type];
    expect({ type: event.type, known: definition !== undefined }).toEqual({ type: event.type, known: true });
    expect({
      type: event.type,
      errors: validateEventData(event.type, definition.schemaVersion, event.data),
    }).toEqual({
      type: event.type,
      errors: [],
    });
  }
}
