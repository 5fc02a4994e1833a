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
import { personalFieldsOf } from '@rcrp/events';

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

/**
 * Where the view keeps each event's personal fields (DESIGN §5): the report's at its root, an amendment's reason in
 * `amendments[]`, a withdrawal's in `withdrawal`. Derived from the event definitions, so a field made personal there
 * is withheld here too; `analystRecordOf` applies the rest of the analyst rule (pseudonym, age band).
 */
export const INCIDENT_VIEW_PERSONAL_PATHS: readonly string[] = [
  ...personalFieldsOf('IncidentReported'),
  ...personalFieldsOf('IncidentDetailsAmended')
    .filter((path) => !path.startsWith('changes.'))
    .map((path) => `amendments.${path}`),
  ...personalFieldsOf('IncidentWithdrawn').map((path) => `withdrawal.${path}`),
];

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
