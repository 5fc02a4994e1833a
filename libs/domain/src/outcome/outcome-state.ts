import type { Disposition, OutcomeEvent, PlaceOfSafetyKind, Profession } from '@rcrp/events';
import { addHours, addMinutes, type Instant } from '../time';
import { ruleSetById } from './rule-sets';

/** The outcome stream's state, folded from its events, and the clock derived from it. */

export type Consultation =
  | { kind: 'consulted'; profession: Profession; professionalId: string | null; at: Instant }
  | { kind: 'not-practicable'; at: Instant };

export interface Detention {
  status: 'active' | 'ended';
  detainedAt: Instant;
  ruleSetId: string;
  subjectAgeYears: number | null;
  /** Where the person is (or is going): the chosen place, then each transfer. */
  placeOfSafety: { kind: PlaceOfSafetyKind; keptWhereFound: boolean } | null;
  /** Kinds of every place of safety the person has been at or chosen for. */
  placesOfSafety: PlaceOfSafetyKind[];
  /** Rule 3: arrival at the first place of safety, or the decision when kept where found. */
  clockStartedAt: Instant | null;
  extensionHours: number;
  extensionCount: number;
  deadlineApproachingNoticed: boolean;
  limitExceededNoticed: boolean;
  assessmentCompleted: boolean;
  endedAt: Instant | null;
}

export interface OutcomeState {
  consultation: Consultation | null;
  detention: Detention | null;
  dispositions: Disposition[];
  closed: boolean;
  /** The latest time a person recorded (clock notices excluded): later commands may not go back before it. */
  lastRecordedAt: Instant | null;
}

export function initialOutcomeState(): OutcomeState {
  return { consultation: null, detention: null, dispositions: [], closed: false, lastRecordedAt: null };
}

function withDetention(state: OutcomeState, change: Partial<Detention>, at: Instant | null): OutcomeState {
  if (!state.detention) return state;
  return {
    ...state,
    detention: { ...state.detention, ...change },
    lastRecordedAt: at ?? state.lastRecordedAt,
  };
}

export function evolveOutcome(state: OutcomeState, event: OutcomeEvent): OutcomeState {
  switch (event.type) {
    case 'Section136ConsultationRecorded': {
      const { data } = event;
      const consultation: Consultation = data.profession
        ? {
            kind: 'consulted',
            profession: data.profession,
            professionalId: data.professionalId ?? null,
            at: data.consultedAt,
          }
        : { kind: 'not-practicable', at: data.consultedAt };
      return { ...state, consultation, lastRecordedAt: data.consultedAt };
    }
    case 'Section136Detained':
      return {
        ...state,
        lastRecordedAt: event.data.detainedAt,
        detention: {
          status: 'active',
          detainedAt: event.data.detainedAt,
          ruleSetId: event.data.ruleSetId,
          subjectAgeYears: event.data.subjectAgeYears ?? null,
          placeOfSafety: null,
          placesOfSafety: [],
          clockStartedAt: null,
          extensionHours: 0,
          extensionCount: 0,
          deadlineApproachingNoticed: false,
          limitExceededNoticed: false,
          assessmentCompleted: false,
          endedAt: null,
        },
      };
    case 'PlaceOfSafetyChosen': {
      const { kind, keptWhereFound, chosenAt } = event.data;
      const detention = state.detention;
      return withDetention(
        state,
        {
          placeOfSafety: { kind, keptWhereFound },
          placesOfSafety: [...(detention?.placesOfSafety ?? []), kind],
          clockStartedAt: keptWhereFound ? (detention?.detainedAt ?? null) : null,
        },
        chosenAt,
      );
    }
    case 'ConveyanceRecorded':
      return { ...state, lastRecordedAt: event.data.conveyedAt };
    case 'ArrivedAtPlaceOfSafety':
      return withDetention(state, { clockStartedAt: event.data.arrivedAt }, event.data.arrivedAt);
    case 'DetentionTransferred':
      return withDetention(
        state,
        {
          placeOfSafety: { kind: event.data.toKind, keptWhereFound: false },
          placesOfSafety: [...(state.detention?.placesOfSafety ?? []), event.data.toKind],
        },
        event.data.transferredAt,
      );
    case 'DetentionExtended':
      return withDetention(
        state,
        {
          extensionHours: (state.detention?.extensionHours ?? 0) + event.data.hours,
          extensionCount: (state.detention?.extensionCount ?? 0) + 1,
        },
        event.data.extendedAt,
      );
    case 'DetentionDeadlineApproaching':
      return withDetention(state, { deadlineApproachingNoticed: true }, null);
    case 'DetentionLimitExceeded':
      return withDetention(state, { limitExceededNoticed: true }, null);
    case 'AssessmentCompleted':
      return withDetention(state, { assessmentCompleted: true }, event.data.completedAt);
    case 'DetentionEnded':
      return withDetention(state, { status: 'ended', endedAt: event.data.endedAt }, event.data.endedAt);
    case 'DispositionRecorded':
      return {
        ...state,
        dispositions: [...state.dispositions, event.data.disposition],
        lastRecordedAt: event.data.recordedAt,
      };
    case 'CaseClosed':
      return { ...state, closed: true, lastRecordedAt: event.data.closedAt };
  }
}

/**
 * When the permitted period ends (rule 3 plus any extension), or null while the clock has not started
 * (detained, not yet at a place of safety) or there is no detention. For the durable scheduler.
 */
export function detentionDeadline(state: OutcomeState): Instant | null {
  const detention = state.detention;
  if (!detention?.clockStartedAt) return null;
  const rules = ruleSetById(detention.ruleSetId);
  return addHours(detention.clockStartedAt, rules.permittedPeriodHours + detention.extensionHours);
}

/**
 * The next instant at which a `Tick` would produce an event, or null if none ever will (no running clock,
 * detention ended, both notices given). The scheduler stores this and ticks then.
 */
export function nextClockCheckAt(state: OutcomeState, warningLeadMinutes?: number): Instant | null {
  const detention = state.detention;
  const deadline = detentionDeadline(state);
  if (!detention || !deadline || detention.status !== 'active' || state.closed) return null;
  if (!detention.deadlineApproachingNoticed) {
    const lead = warningLeadMinutes ?? ruleSetById(detention.ruleSetId).defaultWarningLeadMinutes;
    return addMinutes(deadline, -lead);
  }
  return detention.limitExceededNoticed ? null : deadline;
}
