import type { DomainEvent } from '@rcrp/events';
import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import { deciderSpec } from './decider-spec';

/** A decider that does whatever the command says: the helper's own checks are what is under test. */
type Command = () => DomainEvent[];
const obedient: Decider<Command, DomainEvent, null> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: (command) => command(),
};
const when = (command: Command) => deciderSpec(obedient).given([]).when(command);
const refuse =
  (ruleId: string, field?: string): Command =>
  () => {
    throw new DomainError(ruleId as never, 'This is refused for a reason the sender understands.', field);
  };

describe('deciderSpec thenThrows', () => {
  it('passes for a DomainError with that rule id', () => {
    expect(() => when(refuse('INCIDENT-WITHDRAWN')).thenThrows('INCIDENT-WITHDRAWN')).not.toThrow();
  });

  it('fails when decide returns events instead', () => {
    expect(() => when(() => []).thenThrows('INCIDENT-WITHDRAWN')).toThrow(/returned/);
  });

  it('fails for another rule id', () => {
    expect(() => when(refuse('INCIDENT-NOT-REPORTED')).thenThrows('INCIDENT-WITHDRAWN')).toThrow(
      /INCIDENT-NOT-REPORTED/,
    );
  });

  it('fails for another error class, even one carrying a ruleId, and names it', () => {
    const impostor: Command = () => {
      throw Object.assign(new TypeError('state.detention is undefined'), { ruleId: 'INCIDENT-WITHDRAWN' });
    };
    expect(() => when(impostor).thenThrows('INCIDENT-WITHDRAWN')).toThrow(/TypeError: state.detention/);
    class Subclass extends DomainError {}
    const subclass: Command = () => {
      throw new Subclass('INCIDENT-WITHDRAWN', 'A subclass is not the domain refusal the HTTP layer maps.');
    };
    expect(() => when(subclass).thenThrows('INCIDENT-WITHDRAWN')).toThrow();
  });

  it('checks the field exactly: absent unless given', () => {
    const late = refuse('LATE-ENTRY-REASON-REQUIRED', 'lateEntryReason');
    expect(() => when(late).thenThrows('LATE-ENTRY-REASON-REQUIRED')).toThrow(/lateEntryReason/);
    expect(() =>
      when(late).thenThrows('LATE-ENTRY-REASON-REQUIRED', { field: 'lateEntryReason' }),
    ).not.toThrow();
    expect(() =>
      when(refuse('INCIDENT-WITHDRAWN')).thenThrows('INCIDENT-WITHDRAWN', { field: 'x' }),
    ).toThrow();
  });

  it('checks the message when asked to', () => {
    const withdrawn = when(refuse('INCIDENT-WITHDRAWN'));
    expect(() => withdrawn.thenThrows('INCIDENT-WITHDRAWN', { message: /sender understands/ })).not.toThrow();
    expect(() => withdrawn.thenThrows('INCIDENT-WITHDRAWN', { message: /something else/ })).toThrow();
    expect(() =>
      withdrawn.thenThrows('INCIDENT-WITHDRAWN', { message: expect.not.stringContaining('reason') }),
    ).toThrow();
  });
});
