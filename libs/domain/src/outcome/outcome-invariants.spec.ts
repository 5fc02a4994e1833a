import fc from 'fast-check';
import {
  CONVEYANCE_MODES,
  DISPOSITIONS,
  LOCATION_KINDS,
  PLACE_OF_SAFETY_KINDS,
  type OutcomeEvent,
} from '@rcrp/events';
import { DomainError } from '../domain-error';
import { expectValidEvents } from '../testing/decider-spec';
import { addHours, addMinutes } from '../time';
import { outcomeDecider, type OutcomeCommand } from './outcome-decider';
import { detentionDeadline, type OutcomeState } from './outcome-state';
import { ruleSetById } from './rule-sets';

/**
 * Property: whatever sequence of commands arrives (valid or not, at any pace), the events the decider
 * accepts never build a state that breaks the section 136 invariants. Refused commands must be refused
 * with a DomainError, never another exception.
 */

const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const adviceEventId = '0192f3a4-5b6c-7d8e-9f01-23456789abce';
// One start well inside the 2017 law, one just before the (placeholder) reform date.
const starts = ['2026-11-23T21:00:00.000Z', '2027-12-10T20:00:00.000Z'];

/** `to-deadline` jumps exactly to the current deadline (if any), where off-by-one clock bugs live. */
type Step = { advanceMinutes: number | 'to-deadline'; command: Omit<OutcomeCommand, 'now' | 'incidentId'> };
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const reason = maybe(fc.constantFrom('Imminent risk to life', ' '));
const validAuthorisation = { inspectorId: 'INSP-9', imminentRiskReason: 'Violent' };
const authorisation = fc.constantFrom(
  null,
  validAuthorisation,
  validAuthorisation,
  { inspectorId: '', imminentRiskReason: 'Violent' },
  { inspectorId: 'INSP-9', imminentRiskReason: '' },
);
// Police stations twice as likely as each other place, to exercise rule 5.
const placeKinds = fc.constantFrom(...PLACE_OF_SAFETY_KINDS, 'police-station' as const);

const commandArb: fc.Arbitrary<Step['command']> = fc.oneof(
  fc.record({
    type: fc.constant('RecordConsultation' as const),
    profession: maybe(fc.constantFrom('amhp' as const, 'paramedic' as const)),
    notPracticableReason: reason,
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('Detain' as const),
      officerId: fc.constant('PC-4821'),
      context: fc.record({
        locationKind: fc.constantFrom(...LOCATION_KINDS),
        subjectAgeYears: fc.constantFrom(null, 12, 17, 18, 45),
        advice: fc.constantFrom(
          [],
          [
            {
              eventId: adviceEventId,
              clinicianId: 'RN-1',
              profession: 'registered-nurse' as const,
              givenAt: starts[0],
            },
          ],
        ),
      }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('ChoosePlaceOfSafety' as const),
      kind: placeKinds,
      keptWhereFound: fc.boolean(),
      policeStationAuthorisation: authorisation,
    }),
  },
  fc.record({
    type: fc.constant('RecordConveyance' as const),
    mode: fc.constantFrom(...CONVEYANCE_MODES),
    policeVehicleReason: reason,
  }),
  { weight: 3, arbitrary: fc.record({ type: fc.constant('RecordArrival' as const) }) },
  fc.record({
    type: fc.constant('TransferDetention' as const),
    toKind: placeKinds,
    policeStationAuthorisation: authorisation,
  }),
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('ExtendDetention' as const),
      hours: fc.constantFrom(0, 1, 6, 12, 12, 13),
      authorisedBy: fc.record({
        clinicianId: fc.constant('GMC-1'),
        profession: fc.constantFrom('registered-medical-practitioner' as const, 'amhp' as const),
      }),
      superintendentId: maybe(fc.constant('SUPT-3')),
      reason: fc.constantFrom('Intoxicated', 'Intoxicated', ''),
    }),
  },
  fc.record({ type: fc.constant('CompleteAssessment' as const), outcome: fc.constant('other' as const) }),
  fc.record({ type: fc.constant('EndDetention' as const), reason: fc.constant('other' as const) }),
  fc.record({
    type: fc.constant('RecordDisposition' as const),
    disposition: fc.constantFrom(...DISPOSITIONS),
  }),
  fc.record({ type: fc.constant('CloseCase' as const) }),
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('Tick' as const),
      warningLeadMinutes: fc.constantFrom(undefined, 30, 120),
    }),
  },
);

// Mostly minutes apart, sometimes most of two days, sometimes exactly at the deadline.
const advanceArb: fc.Arbitrary<Step['advanceMinutes']> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 180 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 * 60 }) },
  { weight: 1, arbitrary: fc.constant('to-deadline' as const) },
);
const stepArb: fc.Arbitrary<Step> = fc.record({ advanceMinutes: advanceArb, command: commandArb });

/** Commands of one kind from the generator above, so a sequence can start with the lifecycle's first steps. */
const stepOf = (type: OutcomeCommand['type']) =>
  fc.record({
    advanceMinutes: fc.integer({ min: 0, max: 90 }),
    command: commandArb.filter((command) => command.type === type),
  });
/**
 * A random lifecycle prefix (detain, choose a place, arrive, extend: each with random, possibly refused, parameters)
 * then any commands: random sequences alone rarely get deep enough to test the clock and rule 5.
 */
const sequenceArb: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.boolean(),
    fc.tuple(
      stepOf('Detain'),
      stepOf('ChoosePlaceOfSafety'),
      stepOf('RecordArrival'),
      stepOf('ExtendDetention'),
    ),
    fc.array(stepArb, { minLength: 1, maxLength: 30 }),
  )
  .map(([withPrefix, prefix, tail]) => (withPrefix ? [...prefix, ...tail] : tail));

function nextTime(now: string, advance: Step['advanceMinutes'], state: OutcomeState): string {
  if (advance !== 'to-deadline') return addMinutes(now, advance);
  const deadline = detentionDeadline(state);
  return deadline && Date.parse(deadline) > Date.parse(now) ? deadline : now;
}

const DETENTION_EVENTS = new Set<string>([
  'PlaceOfSafetyChosen',
  'ConveyanceRecorded',
  'ArrivedAtPlaceOfSafety',
  'DetentionTransferred',
  'DetentionExtended',
  'DetentionDeadlineApproaching',
  'DetentionLimitExceeded',
  'AssessmentCompleted',
  'DetentionEnded',
]);

function checkInvariants(
  state: OutcomeState,
  history: readonly OutcomeEvent[],
  lastCommand: OutcomeCommand,
): void {
  const count = (type: string) => history.filter((event) => event.type === type).length;
  // At most one detention, one extension, one warning, one limit notice.
  expect(count('Section136Detained')).toBeLessThanOrEqual(1);
  expect(count('DetentionExtended')).toBeLessThanOrEqual(1);
  expect(count('DetentionDeadlineApproaching')).toBeLessThanOrEqual(1);
  expect(count('DetentionLimitExceeded')).toBeLessThanOrEqual(1);

  const detention = state.detention;
  if (!detention) {
    expect(history.some((event) => DETENTION_EVENTS.has(event.type))).toBe(false);
    return;
  }
  const rules = ruleSetById(detention.ruleSetId);
  expect(detention.extensionCount).toBeLessThanOrEqual(rules.maxExtensions);

  // Never a private dwelling; never a police station for a child, an unknown age, or under the reform.
  const detained = history.find((event) => event.type === 'Section136Detained')!;
  expect(detained.type === 'Section136Detained' && detained.data.locationKind).not.toBe('private-dwelling');
  if (detention.placesOfSafety.includes('police-station')) {
    expect(rules.policeStation.permitted).toBe(true);
    expect(detention.subjectAgeYears).not.toBeNull();
    expect(detention.subjectAgeYears!).toBeGreaterThanOrEqual(18);
  }

  // The clock: never more than 24 + 12 hours, and a tick at or past the deadline always yields the notice.
  const deadline = detentionDeadline(state);
  if (deadline) {
    expect(Date.parse(deadline)).toBeLessThanOrEqual(Date.parse(addHours(detention.clockStartedAt!, 36)));
    if (
      lastCommand.type === 'Tick' &&
      detention.status === 'active' &&
      Date.parse(lastCommand.now) >= Date.parse(deadline)
    ) {
      expect(detention.limitExceededNoticed).toBe(true);
      expect(count('DetentionLimitExceeded')).toBe(1);
    }
  }

  // An ended detention stays ended: nothing about it follows its end, and it cannot outlive a closed case.
  expect(detention.status === 'ended').toBe(detention.endedAt !== null);
  const endIndex = history.findIndex((event) => event.type === 'DetentionEnded');
  if (endIndex >= 0) {
    expect(history.slice(endIndex + 1).filter((event) => DETENTION_EVENTS.has(event.type))).toEqual([]);
  }
  if (state.closed) expect(detention.status).toBe('ended');
}

describe('outcome decider invariants (property-based)', () => {
  it('no command sequence breaks a section 136 invariant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...starts), sequenceArb, (start, steps) => {
        let state = outcomeDecider.initialState();
        let now = start;
        const history: OutcomeEvent[] = [];
        for (const step of steps) {
          now = nextTime(now, step.advanceMinutes, state);
          const command = { ...step.command, now, incidentId } as OutcomeCommand;
          let events: OutcomeEvent[];
          try {
            events = outcomeDecider.decide(command, state);
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          expectValidEvents(events);
          history.push(...events);
          state = events.reduce(outcomeDecider.evolve, state);
          if (state.closed) expect(history.at(-1)?.type).toBe('CaseClosed');
          checkInvariants(state, history, command);
        }
        // Replaying the history from scratch gives the same state (evolve is a pure fold).
        expect(history.reduce(outcomeDecider.evolve, outcomeDecider.initialState())).toEqual(state);
      }),
      { numRuns: 1000 },
    );
  });

  it('the generator reaches deep states (so the property is not vacuous)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(sequenceArb, (steps) => {
        let state = outcomeDecider.initialState();
        let now = starts[0];
        for (const step of steps) {
          now = nextTime(now, step.advanceMinutes, state);
          try {
            const events = outcomeDecider.decide(
              { ...step.command, now, incidentId } as OutcomeCommand,
              state,
            );
            events.forEach((event) => reached.add(event.type));
            state = events.reduce(outcomeDecider.evolve, state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
      }),
      { numRuns: 500, seed: 4 },
    );
    for (const type of [
      'Section136Detained',
      'ArrivedAtPlaceOfSafety',
      'DetentionTransferred',
      'DetentionExtended',
      'DetentionDeadlineApproaching',
      'DetentionLimitExceeded',
      'DetentionEnded',
      'CaseClosed',
    ]) {
      expect({ type, reached: reached.has(type) }).toEqual({ type, reached: true });
    }
  });
});
