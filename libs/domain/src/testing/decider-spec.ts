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
 *   spec.given(late).when(conveyance).thenThrows('LATE-ENTRY-REASON-REQUIRED', { field: 'lateEntryReason' });
 *
 * `then` also checks that every produced event's data is valid against its payload class, so the deciders
 * can never emit an event the contract would refuse.
 */
type AsymmetricMatcher = ReturnType<typeof expect.stringContaining>;
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
            /**
             * `decide` throws a `DomainError` itself (not a subclass, not another error carrying a `ruleId`) with
             * exactly this rule id and `field` (absent unless given: with a field the HTTP layer answers 400
             * naming it, without one 422), and a message matching `message` when given (a string or pattern it
             * matches, or an asymmetric matcher such as `expect.not.stringContaining(value)`). One comparison, so a
             * failure shows what happened instead: the events returned, or the other error and its message.
             */
            thenThrows(
              ruleId: RuleId,
              expected: { field?: string; message?: string | RegExp | AsymmetricMatcher } = {},
            ): void {
              const { outcome, message } = attempt(run);
              expect(outcome).toEqual({ threw: 'DomainError', ruleId, field: expected.field });
              if (typeof expected.message === 'string' || expected.message instanceof RegExp)
                expect(message).toMatch(expected.message);
              else if (expected.message !== undefined) expect(message).toEqual(expected.message);
            },
          };
        },
      };
    },
  };
}

/**
 * What `decide` did, as one comparable value (`outcome`) and the refusal's message: `threw` is 'DomainError' only
 * for DomainError itself; another error is named with its message, so the failure says what went wrong.
 */
function attempt(run: () => readonly DomainEvent[]): { outcome: object; message?: string } {
  try {
    return { outcome: { returned: run() } };
  } catch (error) {
    if (error instanceof Error && Object.getPrototypeOf(error) === DomainError.prototype) {
      const refusal = error as DomainError;
      return {
        outcome: { threw: 'DomainError', ruleId: refusal.ruleId, field: refusal.field },
        message: refusal.message,
      };
    }
    const what = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    return { outcome: { threw: what } };
  }
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
