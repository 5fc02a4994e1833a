import type {
  CallAbandonReason,
  LocationKind,
  PresentingConcern,
  RcrpCategory,
  Profession,
  Recommendation,
  RiskLevel,
  TriageEvent,
} from '@rcrp/events';
import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import { RULE_IDS } from '../rule-ids';
import { millisOf, type Instant } from '../time';
import { queuePriority } from './queue-priority';

/**
 * The triage stream: a call queues when intake reports an incident, a clinician answers, assesses risk,
 * checks records, advises (as often as needed) and closes; or the call is abandoned, or leaves the queue
 * because the incident was withdrawn.
 *
 * QueueCall, UpdateQueuedCall and WithdrawCall come from intake events, not people, so where the call has
 * already moved on they change nothing instead of failing (a consumer must not dead-letter a normal race).
 */

type Base = { now: Instant; incidentId: string };
/** Who and where, as intake's report gave them (CallQueued v2). */
export interface CallContext {
  officerId: string | null;
  force: string | null;
  borough: string | null;
  category: RcrpCategory | null;
  locationKind: LocationKind | null;
  sourceSystem: string | null;
  externalRef: string | null;
}
export type QueueCall = Base & {
  type: 'QueueCall';
  presentingConcerns: PresentingConcern[];
  context: CallContext;
};
export type UpdateQueuedCall = Base & { type: 'UpdateQueuedCall'; presentingConcerns: PresentingConcern[] };
export type WithdrawCall = Base & { type: 'WithdrawCall' };
export type AnswerCall = Base & { type: 'AnswerCall'; clinicianId: string; profession: Profession };
export type AssessRisk = Base & {
  type: 'AssessRisk';
  clinicianId: string;
  level: RiskLevel;
  factors: string[];
  rationale: string;
};
export type CheckRecords = Base & {
  type: 'CheckRecords';
  clinicianId: string;
  knownToServices: boolean;
  notes?: string | null;
};
export type GiveAdvice = Base & {
  type: 'GiveAdvice';
  clinicianId: string;
  profession: Profession;
  recommendation: Recommendation;
  rationale: string;
};
export type CloseTriage = Base & { type: 'CloseTriage' };
export type AbandonCall = Base & { type: 'AbandonCall'; reason: CallAbandonReason };
export type TriageCommand =
  | QueueCall
  | UpdateQueuedCall
  | WithdrawCall
  | AnswerCall
  | AssessRisk
  | CheckRecords
  | GiveAdvice
  | CloseTriage
  | AbandonCall;

export type TriageStatus = 'none' | 'queued' | 'answered' | 'closed' | 'abandoned' | 'withdrawn';

export interface TriageState {
  status: TriageStatus;
  priority: number;
  presentingConcerns: PresentingConcern[];
  queuedAt: Instant | null;
  answeredAt: Instant | null;
  clinicianId: string | null;
  riskLevel: RiskLevel | null;
  adviceCount: number;
  firstAdviceAt: Instant | null;
}

export function initialTriageState(): TriageState {
  return {
    status: 'none',
    priority: 0,
    presentingConcerns: [],
    queuedAt: null,
    answeredAt: null,
    clinicianId: null,
    riskLevel: null,
    adviceCount: 0,
    firstAdviceAt: null,
  };
}

export function evolveTriage(state: TriageState, event: TriageEvent): TriageState {
  switch (event.type) {
    case 'CallQueued':
      return {
        ...state,
        status: 'queued',
        queuedAt: event.data.queuedAt,
        priority: event.data.priority,
        presentingConcerns: event.data.presentingConcerns,
      };
    case 'CallQueueUpdated':
      return { ...state, priority: event.data.priority, presentingConcerns: event.data.presentingConcerns };
    case 'CallWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'CallAnswered':
      return {
        ...state,
        status: 'answered',
        answeredAt: event.data.answeredAt,
        clinicianId: event.data.clinicianId,
      };
    case 'RiskAssessed':
      return { ...state, riskLevel: event.data.level };
    case 'RecordsChecked':
      return state;
    case 'AdviceGiven':
      return {
        ...state,
        adviceCount: state.adviceCount + 1,
        firstAdviceAt: state.firstAdviceAt ?? event.data.givenAt,
      };
    case 'TriageClosed':
      return { ...state, status: 'closed' };
    case 'CallAbandoned':
      return { ...state, status: 'abandoned' };
  }
}

/** Refuses any clinician action on a call that has not queued or has already ended. */
function requireLive(state: TriageState, action: string): void {
  switch (state.status) {
    case 'none':
      throw new DomainError(
        RULE_IDS.triageNotQueued,
        `There is no call for this incident, so it cannot be ${action}.`,
      );
    case 'closed':
      throw new DomainError(RULE_IDS.triageClosed, `This triage is closed, so the call cannot be ${action}.`);
    case 'abandoned':
      throw new DomainError(
        RULE_IDS.triageCallAbandoned,
        `This call was abandoned, so it cannot be ${action}.`,
      );
    case 'withdrawn':
      throw new DomainError(
        RULE_IDS.triageCallWithdrawn,
        `The incident was withdrawn, so the call cannot be ${action}.`,
      );
    default:
      return;
  }
}

function requireAnswered(state: TriageState, action: string): void {
  requireLive(state, action);
  if (state.status === 'queued') {
    throw new DomainError(
      RULE_IDS.triageNotAnswered,
      `The call has not been answered yet, so it cannot be ${action}.`,
    );
  }
}

const sameConcerns = (a: readonly PresentingConcern[], b: readonly PresentingConcern[]) =>
  a.length === b.length && a.every((concern, index) => concern === b[index]);

export function decideTriage(command: TriageCommand, state: TriageState): TriageEvent[] {
  millisOf(command.now);
  const { incidentId, now } = command;
  switch (command.type) {
    case 'QueueCall':
      if (state.status !== 'none') {
        throw new DomainError(RULE_IDS.triageAlreadyQueued, 'A call for this incident is already in triage.');
      }
      return [
        {
          type: 'CallQueued',
          data: {
            incidentId,
            queuedAt: now,
            priority: queuePriority(command.presentingConcerns),
            presentingConcerns: command.presentingConcerns,
            ...command.context,
          },
        },
      ];
    case 'UpdateQueuedCall': {
      if (state.status === 'none') {
        throw new DomainError(RULE_IDS.triageNotQueued, 'There is no call for this incident to update.');
      }
      // Once answered (or ended), the queue position no longer matters.
      if (state.status !== 'queued' || sameConcerns(state.presentingConcerns, command.presentingConcerns))
        return [];
      const priority = queuePriority(command.presentingConcerns);
      return [
        {
          type: 'CallQueueUpdated',
          data: { incidentId, updatedAt: now, priority, presentingConcerns: command.presentingConcerns },
        },
      ];
    }
    case 'WithdrawCall':
      if (state.status === 'none') {
        throw new DomainError(RULE_IDS.triageNotQueued, 'There is no call for this incident to withdraw.');
      }
      if (state.status !== 'queued' && state.status !== 'answered') return [];
      return [{ type: 'CallWithdrawn', data: { incidentId, withdrawnAt: now } }];
    case 'AnswerCall':
      requireLive(state, 'answered');
      if (state.status === 'answered') {
        throw new DomainError(
          RULE_IDS.triageAlreadyAnswered,
          `This call was already answered by ${state.clinicianId ?? 'another clinician'}${state.answeredAt ? ` at ${state.answeredAt}` : ''}.`,
        );
      }
      return [
        {
          type: 'CallAnswered',
          data: {
            incidentId,
            answeredAt: now,
            clinicianId: command.clinicianId,
            profession: command.profession,
          },
        },
      ];
    case 'AssessRisk':
      requireAnswered(state, 'risk-assessed');
      return [
        {
          type: 'RiskAssessed',
          data: {
            incidentId,
            assessedAt: now,
            clinicianId: command.clinicianId,
            level: command.level,
            factors: command.factors,
            rationale: command.rationale,
          },
        },
      ];
    case 'CheckRecords':
      requireAnswered(state, 'checked against records');
      return [
        {
          type: 'RecordsChecked',
          data: {
            incidentId,
            checkedAt: now,
            clinicianId: command.clinicianId,
            knownToServices: command.knownToServices,
            ...(command.notes != null ? { notes: command.notes } : {}),
          },
        },
      ];
    case 'GiveAdvice':
      requireAnswered(state, 'given advice');
      return [
        {
          type: 'AdviceGiven',
          data: {
            incidentId,
            givenAt: now,
            clinicianId: command.clinicianId,
            profession: command.profession,
            recommendation: command.recommendation,
            rationale: command.rationale,
          },
        },
      ];
    case 'CloseTriage':
      requireAnswered(state, 'closed');
      if (state.adviceCount === 0) {
        throw new DomainError(
          RULE_IDS.triageCloseWithoutAdvice,
          'Give advice before closing the triage, or record the call as abandoned.',
        );
      }
      return [{ type: 'TriageClosed', data: { incidentId, closedAt: now } }];
    case 'AbandonCall':
      requireLive(state, 'abandoned');
      return [{ type: 'CallAbandoned', data: { incidentId, abandonedAt: now, reason: command.reason } }];
  }
}

export const triageDecider: Decider<TriageCommand, TriageEvent, TriageState> = {
  initialState: initialTriageState,
  evolve: evolveTriage,
  decide: decideTriage,
};
