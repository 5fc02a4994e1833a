import type { OutcomeEvent } from '@rcrp/events';
import { deciderSpec } from '../testing/decider-spec';
import { at, atPlaceOfSafety, command, DEADLINE, ev, incidentId } from '../testing/outcome-fixtures';
import { addHours, addMinutes } from '../time';
import { outcomeDecider, unlawfulFactInAtOrder } from './outcome-decider';
import { detentionDeadline, inAtOrder, nextClockCheckAt } from './outcome-state';

/** DESIGN §4 rule 10 (issue 14): records are made after the fact. */
const spec = deciderSpec(outcomeDecider);
const stateOf = (events: OutcomeEvent[]) =>
  events.reduce(outcomeDecider.evolve, outcomeDecider.initialState());
const conveyance = (now: string, lateEntryReason?: string) =>
  command('RecordConveyance', now, {
    mode: 'police-vehicle',
    policeVehicleReason: { code: 'ambulance-delayed' },
    lateEntryReason,
  });
const extend = (now: string, lateEntryReason?: string) =>
  command('ExtendDetention', now, {
    hours: 12,
    authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
    reason: 'Too intoxicated to be assessed',
    lateEntryReason,
  });

describe('rule 10: late entries', () => {
  it('accepts a conveyance recorded after the arrival, with its true earlier time, flagged late', () =>
    spec
      .given(atPlaceOfSafety())
      .when(conveyance(at(20), 'Entered at the end of the shift'))
      .then([ev.conveyed(at(20), 'Entered at the end of the shift')]));

  it('LATE-ENTRY-REASON-REQUIRED: a late entry says why, naming the field', () => {
    spec
      .given(atPlaceOfSafety())
      .when(conveyance(at(20)))
      .thenThrows('LATE-ENTRY-REASON-REQUIRED', { field: 'lateEntryReason' });
    spec
      .given(atPlaceOfSafety())
      .when(conveyance(at(20), '  '))
      .thenThrows('LATE-ENTRY-REASON-REQUIRED', { field: 'lateEntryReason' });
  });

  it('is not a late entry within 15 minutes of the latest recorded fact', () =>
    spec
      .given(atPlaceOfSafety())
      .when(conveyance(at(45)))
      .then([ev.conveyed(at(45))]));

  it('keeps the stream in recorded order and folds the state in `at` order', () => {
    const late = ev.conveyed(at(20), 'Late');
    const state = stateOf([...atPlaceOfSafety(), late]);
    expect(state.recorded.map((event) => event.type)).toEqual([
      'Section136Detained',
      'PlaceOfSafetyChosen',
      'ArrivedAtPlaceOfSafety',
      'ConveyanceRecorded',
    ]);
    expect(inAtOrder(state.recorded).map((event) => event.type)).toEqual([
      'Section136Detained',
      'PlaceOfSafetyChosen',
      'ConveyanceRecorded',
      'ArrivedAtPlaceOfSafety',
    ]);
    expect(state.lastRecordedAt).toBe(at(60));
  });

  it('keeps no personal text in the state (it is stored in read models)', () => {
    const state = stateOf([...atPlaceOfSafety(), ev.conveyed(at(20), 'Reason naming Jane Doe')]);
    expect(JSON.stringify(state)).not.toContain('Jane Doe');
  });

  it('refuses a late fact that makes a recorded one unlawful, with the rule it breaks', () => {
    // Ended at 30 minutes, but the arrival at 60 minutes is recorded: the arrival would follow the end.
    spec
      .given(atPlaceOfSafety())
      .when(command('EndDetention', at(30), { reason: 'other', lateEntryReason: 'Forgot' }))
      .thenThrows('S136-DETENTION-ENDED');
    // A detention placed before a recorded disposition: the disposition would fall in an active detention.
    spec
      .given([ev.disposition(at(50))])
      .when(command('Detain', at(5), { officerId: 'PC-1', context: detainContext, lateEntryReason: 'Late' }))
      .thenThrows('DISPOSITION-DETENTION-ACTIVE');
  });

  it('unlawfulFactInAtOrder re-reads a history in `at` order with the same rules', () => {
    expect(unlawfulFactInAtOrder([...atPlaceOfSafety(), ev.conveyed(at(20), 'Late')], incidentId)).toBeNull();
    // Written straight into a stream (never through the decider): an end before the arrival.
    expect(unlawfulFactInAtOrder([...atPlaceOfSafety(), ev.ended(at(30))], incidentId)).toEqual({
      type: 'ArrivedAtPlaceOfSafety',
      at: at(60),
      ruleId: 'S136-DETENTION-ENDED',
    });
  });

  it('refuses a late extension before a recorded one (S136-EXTENSION-ONCE)', () =>
    spec
      .given([...atPlaceOfSafety(), ev.extended(at(300), 6, addHours(DEADLINE, 6))])
      .when(extend(at(120), 'Paper form found'))
      .thenThrows('S136-EXTENSION-ONCE'));
});

const detainContext = {
  locationKind: 'public-place' as const,
  subjectAgeYears: 36,
  advice: [
    {
      eventId: '0192f3a4-5b6c-7d8e-9f01-23456789abce',
      clinicianId: 'RN-104',
      profession: 'registered-nurse' as const,
      givenAt: at(0),
    },
  ],
};

describe('rule 10: a late record never hides a breach', () => {
  const noticed = addMinutes(DEADLINE, 1);
  const breached = [...atPlaceOfSafety(), ev.limitExceeded(noticed, DEADLINE)];

  it('accepts an extension dated before the deadline only as a late entry', () => {
    // Not 15 minutes behind the latest fact a person recorded, but dated before the limit notice.
    spec
      .given(breached)
      .when(extend(addHours(DEADLINE, -1)))
      .thenThrows('LATE-ENTRY-REASON-REQUIRED', { field: 'lateEntryReason' });
    spec
      .given(breached)
      .when(extend(addHours(DEADLINE, -1), 'Doctor’s form entered after the deadline'))
      .thenMatches([
        {
          type: 'DetentionExtended',
          data: { lateEntry: true, newDeadline: addHours(DEADLINE, 12) },
        },
      ]);
  });

  it('keeps the limit notice, marks the breach and moves the deadline (never backwards)', () => {
    const late = outcomeDecider.decide(extend(addHours(DEADLINE, -1), 'Late form'), stateOf(breached));
    const state = stateOf([...breached, ...late]);
    expect(state.recorded.filter((event) => event.type === 'DetentionLimitExceeded')).toHaveLength(1);
    expect(state.detention).toMatchObject({
      limitExceededBeforeExtensionRecorded: true,
      limitExceededNoticed: false,
      extensionCount: 1,
    });
    expect(detentionDeadline(state)).toBe(addHours(DEADLINE, 12));
    // The new deadline gets its own notices.
    expect(nextClockCheckAt(state)).toBe(addHours(DEADLINE, 10));
  });

  it('an extension recorded in time is not a breach', () => {
    const state = stateOf([...atPlaceOfSafety(), ev.extended(at(120), 12, addHours(DEADLINE, 12))]);
    expect(state.detention?.limitExceededBeforeExtensionRecorded).toBe(false);
  });

  it('refuses an extension dated after the deadline (S136-EXTENSION-AFTER-EXPIRY)', () =>
    spec
      .given(breached)
      .when(extend(addMinutes(DEADLINE, 5)))
      .thenThrows('S136-EXTENSION-AFTER-EXPIRY'));

  it('a fact dated after the limit notice is not a late entry', () =>
    spec
      .given(breached)
      .when(command('EndDetention', addMinutes(DEADLINE, 10), { reason: 'assessment-completed' }))
      .then([ev.ended(addMinutes(DEADLINE, 10))]));
});

describe('COMMAND-TIME-INVALID: time sanity', () => {
  it('refuses a time more than 2 minutes ahead of the service clock', () => {
    spec
      .given(atPlaceOfSafety())
      .when({ ...conveyance(at(70)), receivedAt: addMinutes(at(70), -3) })
      .thenThrows('COMMAND-TIME-INVALID');
    spec
      .given(atPlaceOfSafety())
      .when({ ...conveyance(at(70)), receivedAt: addMinutes(at(70), -2) })
      .thenMatches([{ type: 'ConveyanceRecorded' }]);
  });

  it('refuses a time more than 24 hours before the incident was reported', () => {
    spec
      .given([])
      .when({
        ...command('RecordDisposition', at(0), { disposition: 'other' }),
        incidentReportedAt: addHours(at(0), 25),
      })
      .thenThrows('COMMAND-TIME-INVALID');
    spec
      .given([])
      .when({
        ...command('RecordDisposition', at(0), { disposition: 'other' }),
        incidentReportedAt: addHours(at(0), 23),
      })
      .thenMatches([{ type: 'DispositionRecorded' }]);
  });

  it('the clock is not refused for either (the scheduler decides its own time)', () =>
    spec
      .given(atPlaceOfSafety())
      .when({ ...command('Tick', at(70), {}), receivedAt: at(0) })
      .thenNothing());

  it('never repeats the submitted value in the message', () =>
    spec
      .given(atPlaceOfSafety())
      .when({ ...conveyance('2031-01-01T00:00:00Z'), receivedAt: at(0) })
      .thenThrows('COMMAND-TIME-INVALID', { message: expect.not.stringContaining('2031') }));
});

describe('only the limit notice when the deadline passed before the first tick', () => {
  it('emits DetentionLimitExceeded alone', () =>
    spec
      .given(atPlaceOfSafety())
      .when(command('Tick', addHours(DEADLINE, 2), {}))
      .then([ev.limitExceeded(addHours(DEADLINE, 2), DEADLINE)]));
  it('and no warning after it', () =>
    spec
      .given([...atPlaceOfSafety(), ev.limitExceeded(addHours(DEADLINE, 2), DEADLINE)])
      .when(command('Tick', addHours(DEADLINE, 3), {}))
      .thenNothing());
});
