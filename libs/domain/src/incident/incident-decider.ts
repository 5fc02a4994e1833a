import type {
  IncidentDetailsChanges,
  IncidentEvent,
  IncidentReportedData,
  IncidentReportRequest,
  LocationKind,
  PresentingConcern,
} from '@rcrp/events';
import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import { RULE_IDS } from '../rule-ids';
import { addMinutes, millisOf, type Instant } from '../time';
import { ageInYears } from './age';

/** The incident stream (intake): report, amend, withdraw. */

export type ReportIncident = {
  type: 'ReportIncident';
  now: Instant;
  incidentId: string;
  /** The pseudonymous subject reference intake made for this person. */
  subjectRef: string;
  report: IncidentReportRequest;
  /**
   * How far `reportedAt` may lie from `now` (intake's clock): a report from the future, or from longer ago than an
   * incident is still reported, is a mistake (issue 14). Configured in intake's settings; absent: not checked.
   */
  reportedAtWindow?: ReportedAtWindow;
};
export interface ReportedAtWindow {
  maxFutureMinutes: number;
  maxPastDays: number;
}
export type AmendIncidentDetails = {
  type: 'AmendIncidentDetails';
  now: Instant;
  incidentId: string;
  changes: IncidentDetailsChanges;
  reason: string;
};
export type WithdrawIncident = { type: 'WithdrawIncident'; now: Instant; incidentId: string; reason: string };
export type IncidentCommand = ReportIncident | AmendIncidentDetails | WithdrawIncident;

export interface IncidentState {
  status: 'unreported' | 'reported' | 'withdrawn';
  incidentId: string | null;
  reportedAt: Instant | null;
  /** The external system's reference, if reported by one: a repeat of it is the same incident. */
  source: { system: string; externalRef: string } | null;
  subjectRef: string | null;
  subjectAgeYears: number | null;
  locationKind: LocationKind | null;
  presentingConcerns: PresentingConcern[];
}

export function initialIncidentState(): IncidentState {
  return {
    status: 'unreported',
    incidentId: null,
    reportedAt: null,
    source: null,
    subjectRef: null,
    subjectAgeYears: null,
    locationKind: null,
    presentingConcerns: [],
  };
}

export function evolveIncident(state: IncidentState, event: IncidentEvent): IncidentState {
  switch (event.type) {
    case 'IncidentReported':
      return {
        ...state,
        status: 'reported',
        incidentId: event.data.incidentId,
        reportedAt: event.data.reportedAt,
        source: event.data.source ?? null,
        subjectRef: event.data.subject.ref,
        subjectAgeYears: event.data.subject.ageYears ?? null,
        locationKind: event.data.location.kind,
        presentingConcerns: event.data.presentingConcerns,
      };
    case 'IncidentDetailsAmended': {
      const { changes } = event.data;
      return {
        ...state,
        subjectAgeYears: changes.subject?.ageYears ?? state.subjectAgeYears,
        locationKind: changes.location?.kind ?? state.locationKind,
        presentingConcerns: changes.presentingConcerns ?? state.presentingConcerns,
      };
    }
    case 'IncidentWithdrawn':
      return { ...state, status: 'withdrawn' };
  }
}

/** Drops undefined members so events hold exactly what was said (JSON has no undefined). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** The age recorded with the event: from the date of birth at report time if known, else as given. */
function subjectAge(
  subject: { dateOfBirth?: string | null; ageYears?: number | null },
  reportedAt: Instant,
): number | null | undefined {
  if (!subject.dateOfBirth) return subject.ageYears;
  if (Date.parse(`${subject.dateOfBirth}T00:00:00Z`) > Date.parse(reportedAt)) {
    throw new DomainError(
      RULE_IDS.incidentDateOfBirthInFuture,
      'The date of birth is after the time of the report.',
    );
  }
  const age = ageInYears(subject.dateOfBirth, reportedAt);
  // The events carry ageYears 0-130 (libs/events): a date of birth further back would be accepted here and then
  // refused by every consumer, losing the call to triage.
  if (age > MAX_AGE_YEARS) {
    throw new DomainError(
      RULE_IDS.incidentSubjectAgeImplausible,
      `The date of birth makes the person older than ${MAX_AGE_YEARS} at the time of the report.`,
    );
  }
  return age;
}

/** The oldest age an event may carry (SubjectDetails.ageYears). */
const MAX_AGE_YEARS = 130;

function requireReportedAtInWindow(command: ReportIncident): void {
  const window = command.reportedAtWindow;
  if (!window) return;
  const reportedAt = millisOf(command.report.reportedAt, 'reportedAt');
  if (reportedAt > Date.parse(addMinutes(command.now, window.maxFutureMinutes))) {
    throw new DomainError(
      RULE_IDS.incidentReportedAtInvalid,
      `reportedAt is more than ${window.maxFutureMinutes} minutes in the future; report what has happened, when it happened.`,
    );
  }
  if (reportedAt < Date.parse(addMinutes(command.now, -window.maxPastDays * 24 * 60))) {
    throw new DomainError(
      RULE_IDS.incidentReportedAtInvalid,
      `reportedAt is more than ${window.maxPastDays} days in the past; an incident that old is not reported here.`,
    );
  }
}

function reported(command: ReportIncident): IncidentReportedData {
  const { report } = command;
  millisOf(report.reportedAt, 'reportedAt');
  requireReportedAtInWindow(command);
  return defined({
    incidentId: command.incidentId,
    source: report.source ?? undefined,
    reportedAt: report.reportedAt,
    officer: report.officer,
    location: defined(report.location),
    category: report.category,
    subject: defined({
      ...report.subject,
      ref: command.subjectRef,
      ageYears: subjectAge(report.subject, report.reportedAt),
    }),
    presentingConcerns: report.presentingConcerns,
    summary: report.summary,
  });
}

function requireOpen(state: IncidentState, action: string): string {
  if (state.status === 'unreported' || state.incidentId === null) {
    throw new DomainError(
      RULE_IDS.incidentNotReported,
      `This incident has not been reported, so it cannot be ${action}.`,
    );
  }
  return state.incidentId;
}

export function decideIncident(command: IncidentCommand, state: IncidentState): IncidentEvent[] {
  millisOf(command.now);
  switch (command.type) {
    case 'ReportIncident': {
      if (state.status !== 'unreported') {
        const source = command.report.source;
        const sameExternalReport =
          source && state.source?.system === source.system && state.source.externalRef === source.externalRef;
        // DESIGN §4: a report with an external reference already seen is the same incident, not a new one.
        if (sameExternalReport) return [];
        throw new DomainError(RULE_IDS.incidentAlreadyReported, 'This incident has already been reported.');
      }
      return [{ type: 'IncidentReported', data: reported(command) }];
    }
    case 'AmendIncidentDetails': {
      const incidentId = requireOpen(state, 'amended');
      if (state.status === 'withdrawn') {
        throw new DomainError(
          RULE_IDS.incidentWithdrawn,
          'This incident was withdrawn, so its details can no longer be amended.',
        );
      }
      const changes = defined(command.changes);
      if (Object.keys(changes).length === 0) {
        throw new DomainError(
          RULE_IDS.incidentAmendmentEmpty,
          'The amendment changes nothing; name at least one detail to change.',
        );
      }
      if (changes.subject) {
        const ageYears = subjectAge(changes.subject, state.reportedAt ?? command.now);
        changes.subject = defined({ ...changes.subject, ageYears });
      }
      if (changes.location) changes.location = defined(changes.location);
      return [
        {
          type: 'IncidentDetailsAmended',
          data: { incidentId, amendedAt: command.now, changes, reason: command.reason },
        },
      ];
    }
    case 'WithdrawIncident': {
      const incidentId = requireOpen(state, 'withdrawn');
      if (state.status === 'withdrawn') {
        throw new DomainError(RULE_IDS.incidentAlreadyWithdrawn, 'This incident has already been withdrawn.');
      }
      return [
        { type: 'IncidentWithdrawn', data: { incidentId, withdrawnAt: command.now, reason: command.reason } },
      ];
    }
  }
}

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  initialState: initialIncidentState,
  evolve: evolveIncident,
  decide: decideIncident,
};
