import type {
  AnyEventEnvelope,
  EventEnvelope,
  IncidentLocation,
  IncidentReportedData,
  IncidentSource,
  PresentingConcern,
  RcrpCategory,
  ReportedSubject,
  ReportingOfficer,
} from '@rcrp/events';
import { ageBandOf, type AgeBand } from '@rcrp/personal-data';

/** An incident as operators, officers and clinicians see it: the report with every amendment applied. */
export interface IncidentView {
  incidentId: string;
  version: number;
  status: 'reported' | 'withdrawn';
  reportedAt: string;
  recordedAt: string;
  source: IncidentSource | null;
  officer: ReportingOfficer;
  location: IncidentLocation;
  category: RcrpCategory;
  subject: ReportedSubject;
  presentingConcerns: PresentingConcern[];
  summary: string;
  amendments: Array<{ amendedAt: string; changed: string[]; reason: string; actor: EventEnvelope['actor'] }>;
  withdrawal: { withdrawnAt: string; reason: string; actor: EventEnvelope['actor'] } | null;
}

/** What an analyst may see (DESIGN §5): no names, no date of birth, no free text; a pseudonym and an age band. */
export interface AnalystIncidentView {
  incidentId: string;
  version: number;
  status: 'reported' | 'withdrawn';
  reportedAt: string;
  recordedAt: string;
  source: IncidentSource | null;
  officer: ReportingOfficer;
  location: { kind: IncidentLocation['kind']; borough: string | null };
  category: RcrpCategory;
  subject: { pseudonym: string | null; ageBand: AgeBand; sex: string | null; ethnicity: string | null };
  presentingConcerns: PresentingConcern[];
  amendments: Array<{ amendedAt: string; changed: string[] }>;
  withdrawn: boolean;
}

function withoutNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== null && member !== undefined),
  ) as Partial<T>;
}

/** Folds an incident stream (decrypted) into its view; null for a stream with no report. */
export function incidentViewOf(events: readonly EventEnvelope[]): IncidentView | null {
  return (events as readonly AnyEventEnvelope[]).reduce<IncidentView | null>(applyEvent, null);
}

function applyEvent(view: IncidentView | null, event: AnyEventEnvelope): IncidentView | null {
  switch (event.type) {
    case 'IncidentReported': {
      const data: IncidentReportedData = event.data;
      return {
        incidentId: data.incidentId,
        version: event.streamVersion,
        status: 'reported',
        reportedAt: data.reportedAt,
        recordedAt: event.recordedAt,
        source: data.source ?? null,
        officer: data.officer,
        location: data.location,
        category: data.category,
        subject: data.subject,
        presentingConcerns: data.presentingConcerns,
        summary: data.summary,
        amendments: [],
        withdrawal: null,
      };
    }
    case 'IncidentDetailsAmended': {
      if (!view) return view;
      const changes = withoutNulls(event.data.changes);
      return {
        ...view,
        version: event.streamVersion,
        location: changes.location ?? view.location,
        category: changes.category ?? view.category,
        subject: changes.subject ? { ...view.subject, ...withoutNulls(changes.subject) } : view.subject,
        presentingConcerns: changes.presentingConcerns ?? view.presentingConcerns,
        summary: changes.summary ?? view.summary,
        amendments: [
          ...view.amendments,
          {
            amendedAt: event.data.amendedAt,
            changed: Object.keys(changes),
            reason: event.data.reason,
            actor: event.actor,
          },
        ],
      };
    }
    case 'IncidentWithdrawn':
      if (!view) return view;
      return {
        ...view,
        version: event.streamVersion,
        status: 'withdrawn',
        withdrawal: { withdrawnAt: event.data.withdrawnAt, reason: event.data.reason, actor: event.actor },
      };
    default:
      return view;
  }
}

export function analystViewOf(view: IncidentView, pseudonym: string | null): AnalystIncidentView {
  return {
    incidentId: view.incidentId,
    version: view.version,
    status: view.status,
    reportedAt: view.reportedAt,
    recordedAt: view.recordedAt,
    source: view.source,
    officer: view.officer,
    location: { kind: view.location.kind, borough: view.location.borough ?? null },
    category: view.category,
    subject: {
      pseudonym,
      ageBand: ageBandOf(view.subject.ageYears),
      sex: view.subject.sex ?? null,
      ethnicity: view.subject.ethnicity ?? null,
    },
    presentingConcerns: view.presentingConcerns,
    amendments: view.amendments.map(({ amendedAt, changed }) => ({ amendedAt, changed })),
    withdrawn: view.status === 'withdrawn',
  };
}
