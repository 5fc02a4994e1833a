import { detentionDeadline, initialOutcomeState, evolveOutcome, type OutcomeState } from '@rcrp/domain';
import type {
  AssessmentOutcome,
  ConsultationBasis,
  ConveyanceMode,
  OutcomeEvent,
  PoliceVehicleReasonCode,
} from '@rcrp/events';

/**
 * Everything the read models need about one outcome stream, folded from its events: the decider's own state
 * (so the deadline is computed by the domain, never re-implemented here) plus the facts statistics count that
 * the decider does not keep. No personal field is kept (of a police-vehicle reason only its code; the decider's
 * state redacts the personal text of the facts it keeps).
 */
export interface CaseFacts {
  outcome: OutcomeState;
  consultationBasis: ConsultationBasis | null;
  adviceEventId: string | null;
  placeOfSafetyName: string | null;
  conveyances: Array<{ mode: ConveyanceMode; reasonCode: PoliceVehicleReasonCode | null }>;
  assessmentOutcome: AssessmentOutcome | null;
  /** The extension was recorded as a late entry (DESIGN §4 rule 10). */
  extensionLateEntry: boolean;
  /** `WelfareCheckOverdue` notices of the case (SI 2017/1036 regulation 4). */
  welfareChecksOverdue: number;
}

export function initialCaseFacts(): CaseFacts {
  return {
    outcome: initialOutcomeState(),
    consultationBasis: null,
    adviceEventId: null,
    placeOfSafetyName: null,
    conveyances: [],
    assessmentOutcome: null,
    extensionLateEntry: false,
    welfareChecksOverdue: 0,
  };
}

export function evolveCaseFacts(facts: CaseFacts, event: OutcomeEvent): CaseFacts {
  const next: CaseFacts = { ...facts, outcome: evolveOutcome(facts.outcome, event) };
  switch (event.type) {
    case 'Section136Detained':
      return {
        ...next,
        consultationBasis: event.data.consultationBasis,
        adviceEventId: event.data.adviceEventId ?? null,
      };
    case 'PlaceOfSafetyChosen':
      return { ...next, placeOfSafetyName: event.data.name ?? null };
    case 'DetentionTransferred':
      return { ...next, placeOfSafetyName: event.data.toName ?? null };
    case 'ConveyanceRecorded': {
      const reasonCode = event.data.policeVehicleReason?.code ?? null;
      return { ...next, conveyances: [...facts.conveyances, { mode: event.data.mode, reasonCode }] };
    }
    case 'AssessmentCompleted':
      return { ...next, assessmentOutcome: event.data.outcome };
    case 'DetentionExtended':
      return { ...next, extensionLateEntry: event.data.lateEntry === true };
    case 'WelfareCheckOverdue':
      return { ...next, welfareChecksOverdue: (facts.welfareChecksOverdue ?? 0) + 1 };
    default:
      return next;
  }
}

/** The columns the scheduler and `GET /detentions/active` query, derived from the facts. */
export interface DetentionColumns {
  detentionStatus: 'active' | 'ended' | null;
  detainedAt: string | null;
  placeOfSafetyKind: string | null;
  clockStartedAt: string | null;
  deadline: string | null;
  extended: boolean;
  approachingNoticed: boolean;
  exceededNoticed: boolean;
  closed: boolean;
}

export function detentionColumnsOf(facts: CaseFacts): DetentionColumns {
  const detention = facts.outcome.detention;
  return {
    detentionStatus: detention?.status ?? null,
    detainedAt: detention?.detainedAt ?? null,
    placeOfSafetyKind: detention?.placeOfSafety?.kind ?? null,
    clockStartedAt: detention?.clockStartedAt ?? null,
    deadline: detentionDeadline(facts.outcome),
    extended: (detention?.extensionCount ?? 0) > 0,
    approachingNoticed: detention?.deadlineApproachingNoticed ?? false,
    exceededNoticed: detention?.limitExceededNoticed ?? false,
    closed: facts.outcome.closed,
  };
}
