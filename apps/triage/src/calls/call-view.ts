import type {
  Actor,
  AnyEventEnvelope,
  CallAbandonReason,
  EventEnvelope,
  PresentingConcern,
  Profession,
  Recommendation,
  RiskLevel,
} from '@rcrp/events';
import { personalFieldsOf } from '@rcrp/events';
import type { CallContext } from '@rcrp/domain';

export type CallStatus = 'queued' | 'answered' | 'closed' | 'abandoned' | 'withdrawn';

/** A triage call as the clinicians see it: every step, personal fields in clear. */
export interface CallView {
  incidentId: string;
  version: number;
  status: CallStatus;
  priority: number;
  presentingConcerns: PresentingConcern[];
  queuedAt: string;
  /** Who and where, as intake's report gave them (CallQueued v2; null for calls queued before it). */
  context: CallContext;
  answer: { answeredAt: string; clinicianId: string; profession: Profession } | null;
  riskAssessments: Array<{
    assessedAt: string;
    clinicianId: string;
    level: RiskLevel;
    factors: string[];
    rationale: string;
  }>;
  recordsChecks: Array<{
    checkedAt: string;
    clinicianId: string;
    knownToServices: boolean;
    notes: string | null;
  }>;
  advice: Array<{
    givenAt: string;
    clinicianId: string;
    profession: Profession;
    recommendation: Recommendation;
    rationale: string;
  }>;
  closedAt: string | null;
  abandonment: { abandonedAt: string; reason: CallAbandonReason; actor: Actor } | null;
  withdrawnAt: string | null;
  /** Queued to answered, in seconds; null until answered. */
  timeToAnswerSeconds: number | null;
  /** Queued to the first advice, in seconds; null until advised. */
  timeToAdviceSeconds: number | null;
  /** The subject the call is about (pseudonymous reference from intake). */
  subjectRef: string | null;
}

/**
 * Where the view keeps each event's personal fields (DESIGN §5): a risk assessment's in `riskAssessments[]`, a
 * records check's in `recordsChecks[]`, an advice's in `advice[]`. Derived from the event definitions, so a field
 * made personal there is withheld here too; `analystRecordOf` applies the rest of the analyst rule.
 */
export const CALL_VIEW_PERSONAL_PATHS: readonly string[] = [
  ...personalFieldsOf('RiskAssessed').map((path) => `riskAssessments.${path}`),
  ...personalFieldsOf('RecordsChecked').map((path) => `recordsChecks.${path}`),
  ...personalFieldsOf('AdviceGiven').map((path) => `advice.${path}`),
];

/**
 * What the reporting officer may read of the triage of their own incident (issue 16): the advice with its rationale,
 * the answer and the risk level, but not the clinical working behind them (risk factors and rationale, the records
 * check's notes from health records).
 */
export const CALL_VIEW_HIDDEN_FROM_OFFICERS: readonly string[] = [
  ...personalFieldsOf('RiskAssessed').map((path) => `riskAssessments.${path}`),
  ...personalFieldsOf('RecordsChecked').map((path) => `recordsChecks.${path}`),
];

const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** Folds a triage stream (decrypted) into its view; null for a stream without a queued call. */
export function callViewOf(events: readonly EventEnvelope[]): CallView | null {
  return (events as readonly AnyEventEnvelope[]).reduce<CallView | null>(applyEvent, null);
}

function applyEvent(view: CallView | null, event: AnyEventEnvelope): CallView | null {
  if (event.type === 'CallQueued') {
    return {
      incidentId: event.incidentId,
      version: event.streamVersion,
      status: 'queued',
      priority: event.data.priority,
      presentingConcerns: event.data.presentingConcerns,
      queuedAt: event.data.queuedAt,
      context: {
        officerId: event.data.officerId ?? null,
        force: event.data.force ?? null,
        borough: event.data.borough ?? null,
        category: event.data.category ?? null,
        locationKind: event.data.locationKind ?? null,
        sourceSystem: event.data.sourceSystem ?? null,
        externalRef: event.data.externalRef ?? null,
      },
      answer: null,
      riskAssessments: [],
      recordsChecks: [],
      advice: [],
      closedAt: null,
      abandonment: null,
      withdrawnAt: null,
      timeToAnswerSeconds: null,
      timeToAdviceSeconds: null,
      subjectRef: event.subjectRef,
    };
  }
  if (!view) return view;
  const next: CallView = { ...view, version: event.streamVersion };
  switch (event.type) {
    case 'CallQueueUpdated':
      return { ...next, priority: event.data.priority, presentingConcerns: event.data.presentingConcerns };
    case 'CallAnswered': {
      const { answeredAt, clinicianId, profession } = event.data;
      return {
        ...next,
        status: 'answered',
        answer: { answeredAt, clinicianId, profession },
        timeToAnswerSeconds: secondsBetween(view.queuedAt, answeredAt),
      };
    }
    case 'RiskAssessed': {
      const { assessedAt, clinicianId, level, factors, rationale } = event.data;
      return {
        ...next,
        riskAssessments: [...view.riskAssessments, { assessedAt, clinicianId, level, factors, rationale }],
      };
    }
    case 'RecordsChecked': {
      const { checkedAt, clinicianId, knownToServices, notes } = event.data;
      return {
        ...next,
        recordsChecks: [
          ...view.recordsChecks,
          { checkedAt, clinicianId, knownToServices, notes: notes ?? null },
        ],
      };
    }
    case 'AdviceGiven': {
      const { givenAt, clinicianId, profession, recommendation, rationale } = event.data;
      return {
        ...next,
        advice: [...view.advice, { givenAt, clinicianId, profession, recommendation, rationale }],
        timeToAdviceSeconds: view.timeToAdviceSeconds ?? secondsBetween(view.queuedAt, givenAt),
      };
    }
    case 'TriageClosed':
      return { ...next, status: 'closed', closedAt: event.data.closedAt };
    case 'CallAbandoned':
      return {
        ...next,
        status: 'abandoned',
        abandonment: { abandonedAt: event.data.abandonedAt, reason: event.data.reason, actor: event.actor },
      };
    case 'CallWithdrawn':
      return { ...next, status: 'withdrawn', withdrawnAt: event.data.withdrawnAt };
    default:
      return view;
  }
}
