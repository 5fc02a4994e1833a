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
import { outcomeDecider, unlawfulFactInAtOrder, type OutcomeCommand } from './outcome-decider';
import {
  atOf,
  detentionDeadline,
  inAtOrder,
  isSystemNotice,
  outcomeStateOf,
  type OutcomeState,
} from './outcome-state';
import { ruleSetById } from './rule-sets';

/**
 * Property: whatever sequence of commands arrives (valid or not, at any pace, many dated before facts already
 * recorded: late entries, rule 10), the events the decider accepts never build a history that breaks the section
 * 136 invariants when re-read in `at` order, and no deadline ever moves backwards. Refused commands must be
 * refused with a DomainError, never another exception.
 */

const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const adviceEventId = '0192f3a4-5b6c-7d8e-9f01-23456789abce';
// One start well inside the 2017 law, one just before the (placeholder) reform date.
const starts = ['2026-11-23T21:00:00.000Z', '2027-12-10T20:00:00.000Z'];

/** `to-deadline` / `to-warning` jump exactly to the deadline or its warning time (if any), where off-by-one clock bugs live. */
type Step = {
  advanceMinutes: number | 'to-deadline' | 'to-warning';
  /** How long before the clock the command says it happened (0 for most; ticks are never back-dated). */
  backMinutes: number;
  command: Omit<OutcomeCommand, 'now' | 'incidentId'>;
};
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const reason = maybe(fc.constantFrom('Imminent risk to life', ' '));
const validAuthorisation = {
  inspectorId: 'INSP-9',
  imminentRiskReason: 'Violent',
  noOtherPlaceReason: 'HBPoS full',
  healthcareProfessionalPresent: true,
};
const authorisation = fc.constantFrom(
  null,
  validAuthorisation,
  validAuthorisation,
  validAuthorisation,
  { ...validAuthorisation, inspectorId: '' },
  { ...validAuthorisation, imminentRiskReason: '' },
  { ...validAuthorisation, noOtherPlaceReason: null },
  { ...validAuthorisation, healthcareProfessionalPresent: false },
);
const currentAge = fc.constantFrom(undefined, null, 16, 36, 36);
const dwelling = fc.record({
  isDwelling: fc.constantFrom(undefined, false, true),
  consent: fc.constantFrom(
    null,
    { detainedPerson: true, occupier: 'given' as const },
    { detainedPerson: true, occupier: 'refused' as const },
  ),
});
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
    arbitrary: fc
      .record({
        type: fc.constant('ChoosePlaceOfSafety' as const),
        kind: placeKinds,
        keptWhereFound: fc.boolean(),
        policeStationAuthorisation: authorisation,
        currentAgeYears: currentAge,
        place: dwelling,
      })
      .map(({ place, ...command }) => ({ ...command, ...place })),
  },
  fc.record({
    type: fc.constant('RecordConveyance' as const),
    mode: fc.constantFrom(...CONVEYANCE_MODES),
    policeVehicleReason: maybe(
      fc.constantFrom(
        { code: 'ambulance-delayed' as const },
        { code: 'other' as const, detail: 'Crew stood down' },
        { code: 'other' as const },
      ),
    ),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordWelfareCheck' as const),
      checkedBy: fc.constant('RN-1'),
      profession: fc.constantFrom('registered-nurse' as const, 'paramedic' as const),
    }),
  },
  fc.record({
    type: fc.constant('ReviewSubjectAge' as const),
    currentAgeYears: fc.constantFrom(null, 16, 40),
  }),
  { weight: 3, arbitrary: fc.record({ type: fc.constant('RecordArrival' as const) }) },
  fc
    .record({
      type: fc.constant('TransferDetention' as const),
      toKind: placeKinds,
      policeStationAuthorisation: authorisation,
      currentAgeYears: currentAge,
      place: dwelling,
    })
    .map(({ place, ...command }) => ({ ...command, ...place })),
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
  { weight: 1, arbitrary: fc.constant('to-warning' as const) },
);
// Mostly in order; often a little back (within the 15 minutes), sometimes hours back: a late entry.
const backArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 15 }) },
  { weight: 2, arbitrary: fc.integer({ min: 16, max: 30 * 60 }) },
);
// Late entries mostly say why; sometimes not, which must be refused.
const lateReasonArb = fc.constantFrom<string | undefined>('Entered after the shift', 'Paper form', undefined);
const stepArb: fc.Arbitrary<Step> = fc
  .record({
    advanceMinutes: advanceArb,
    backMinutes: backArb,
    command: commandArb,
    lateEntryReason: lateReasonArb,
  })
  .map(({ lateEntryReason, command, ...step }) => ({ ...step, command: { ...command, lateEntryReason } }));

/** Commands of one kind from the generator above, so a sequence can start with the lifecycle's first steps. */
const stepOf = (type: OutcomeCommand['type']) =>
  fc.record({
    advanceMinutes: fc.integer({ min: 0, max: 90 }),
    backMinutes: fc.constant(0),
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
  if (typeof advance === 'number') return addMinutes(now, advance);
  const deadline = detentionDeadline(state);
  const target = deadline && (advance === 'to-deadline' ? deadline : addHours(deadline, -2));
  return target && Date.parse(target) > Date.parse(now) ? target : now;
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

/** The command's time: the clock, or (for a person's record) some minutes before it. */
function commandTime(now: string, step: Step): string {
  return step.command.type === 'Tick' || step.command.type === 'ReviewSubjectAge'
    ? now
    : addMinutes(now, -step.backMinutes);
}

function checkInvariants(
  state: OutcomeState,
  history: readonly OutcomeEvent[],
  lastCommand: OutcomeCommand,
): void {
  const count = (type: string) => history.filter((event) => event.type === type).length;
  // At most one detention and one extension; each deadline notice at most once per deadline.
  expect(count('Section136Detained')).toBeLessThanOrEqual(1);
  expect(count('DetentionExtended')).toBeLessThanOrEqual(1);
  for (const type of ['DetentionDeadlineApproaching', 'DetentionLimitExceeded']) {
    const deadlines = history.flatMap((event) =>
      event.type === type ? [(event.data as { deadline: string }).deadline] : [],
    );
    expect(new Set(deadlines).size).toBe(deadlines.length);
  }

  const detention = state.detention;
  if (!detention) {
    expect(history.some((event) => DETENTION_EVENTS.has(event.type))).toBe(false);
    return;
  }
  const rules = ruleSetById(detention.ruleSetId);
  expect(detention.extensionCount).toBeLessThanOrEqual(rules.maxExtensions);

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
    }
  }
  expect(detention.status === 'ended').toBe(detention.endedAt !== null);
  if (state.closed) expect(detention.status).toBe('ended');
}

/**
 * Re-read in `at` order, every prefix of the accepted history is lawful: nothing about a detention before it was
 * decided or (from a person) after it ended; never a private dwelling; a police station never under the reform, for
 * a child or an unknown age, and only with all of regulation 2's conditions; a dwelling only with consent.
 */
function checkHistoryInAtOrder(history: readonly OutcomeEvent[]): void {
  // The decider's own rules, re-applied to every fact in `at` order, refuse none of them.
  expect(unlawfulFactInAtOrder(history, incidentId)).toBeNull();
  const ordered = inAtOrder(history);
  let detained = false;
  let ended = false;
  for (const [index, event] of ordered.entries()) {
    const before = outcomeStateOf(ordered.slice(0, index));
    if (event.type === 'Section136Detained') {
      expect(event.data.locationKind).not.toBe('private-dwelling');
      detained = true;
    } else if (DETENTION_EVENTS.has(event.type)) {
      expect({ event: event.type, detained }).toEqual({ event: event.type, detained: true });
      if (!isSystemNotice(event))
        expect({ event: event.type, ended }).toEqual({ event: event.type, ended: false });
    }
    if (event.type === 'DetentionEnded') ended = true;
    if (event.type === 'CaseClosed') expect(before.detention?.status ?? 'ended').toBe('ended');
    if (event.type === 'WelfareCheckRecorded') expect(before.detention?.atPoliceStationSince).not.toBeNull();
    const place =
      event.type === 'PlaceOfSafetyChosen'
        ? { ...event.data, kind: event.data.kind }
        : event.type === 'DetentionTransferred'
          ? { kind: event.data.toKind, ...event.data }
          : null;
    if (place?.kind === 'police-station') {
      const rules = ruleSetById(before.detention!.ruleSetId);
      expect(rules.policeStation.permitted).toBe(true);
      expect(place.subjectAgeYears ?? -1).toBeGreaterThanOrEqual(18);
      expect(place.policeStationAuthorisation).toMatchObject({ healthcareProfessionalPresent: true });
      expect(place.policeStationAuthorisation?.noOtherPlaceReason?.trim()).toBeTruthy();
    }
    if (place?.kind === 'other-suitable-place' && place.isDwelling) {
      expect(place.consent).toMatchObject({ detainedPerson: true });
      expect(['given', 'is-detained-person']).toContain(place.consent?.occupier);
    }
  }
}

/** Late entries carry their reason; every other event carries none. */
function checkLateEntries(
  events: readonly OutcomeEvent[],
  before: OutcomeState,
  command: OutcomeCommand,
): void {
  for (const event of events) {
    const data = event.data as { lateEntry?: boolean; lateEntryReason?: string | null };
    if (data.lateEntry) expect(data.lateEntryReason?.trim()).toBeTruthy();
    if (
      before.lastRecordedAt &&
      Date.parse(atOf(event)) < Date.parse(addMinutes(before.lastRecordedAt, -15))
    ) {
      expect({ type: event.type, lateEntry: data.lateEntry ?? isSystemNotice(event) }).toEqual({
        type: event.type,
        lateEntry: true,
      });
    }
  }
  void command;
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
          const command = { ...step.command, now: commandTime(now, step), incidentId } as OutcomeCommand;
          let events: OutcomeEvent[];
          try {
            events = outcomeDecider.decide(command, state);
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          expectValidEvents(events);
          checkLateEntries(events, state, command);
          const deadlineBefore = detentionDeadline(state);
          history.push(...events);
          state = events.reduce(outcomeDecider.evolve, state);
          // No deadline ever moves backwards; it moves forward only with a recorded extension.
          const deadlineAfter = detentionDeadline(state);
          if (deadlineBefore) {
            expect(deadlineAfter).not.toBeNull();
            expect(Date.parse(deadlineAfter!)).toBeGreaterThanOrEqual(Date.parse(deadlineBefore));
            if (deadlineAfter !== deadlineBefore) {
              expect(events.map((event) => event.type)).toContain('DetentionExtended');
            }
          }
          checkInvariants(state, history, command);
          checkHistoryInAtOrder(history);
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
              { ...step.command, now: commandTime(now, step), incidentId } as OutcomeCommand,
              state,
            );
            if (events.some((event) => (event.data as { lateEntry?: boolean }).lateEntry))
              reached.add('late-entry');
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
      'WelfareCheckRecorded',
      'WelfareCheckOverdue',
      'PoliceStationUseInvalidated',
      'late-entry',
    ]) {
      expect({ type, reached: reached.has(type) }).toEqual({ type, reached: true });
    }
  });
});
