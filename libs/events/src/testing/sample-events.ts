import type { EventEnvelope } from '../envelope';
import type { IncidentReport } from '../incident-report';
import type { EventDataOf, EventType } from '../registry';
import { EVENT_DEFINITIONS } from '../registry';
import { streamIdOf } from '../vocabulary';

/**
 * One valid payload per event type, for tests here and in other libraries (event store, projections).
 * Import from `@rcrp/events/testing/sample-events`; not part of the public face.
 */
export const SAMPLE_INCIDENT_ID = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
export const SAMPLE_SUBJECT_REF = 'subj-7f3c2a';
export const SAMPLE_ADVICE_EVENT_ID = '0192f3a4-5b6c-7d8e-9f01-23456789abce';
const at = '2026-11-23T21:04:00Z';
const incidentId = SAMPLE_INCIDENT_ID;

/** The report of DESIGN §4, as an external system publishes it. */
export const SAMPLE_INCIDENT_REPORT: IncidentReport = {
  source: { system: 'met-cad', externalRef: 'CAD-20261123-0417' },
  reportedAt: at,
  officer: { id: 'PC-4821', force: 'MPS' },
  location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
  category: 'concern-for-welfare',
  subject: { name: 'Jane Doe', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
  presentingConcerns: ['suicidal-ideation'],
  summary: 'Person standing outside the railings, talking about ending their life.',
};

export const SAMPLE_EVENT_DATA: { [T in EventType]: EventDataOf<T> } = {
  IncidentReported: {
    ...SAMPLE_INCIDENT_REPORT,
    incidentId,
    subject: { ...SAMPLE_INCIDENT_REPORT.subject, ref: SAMPLE_SUBJECT_REF, ageYears: 36 },
  },
  IncidentDetailsAmended: {
    incidentId,
    amendedAt: at,
    changes: { summary: 'Now sitting on the bench, calmer.', presentingConcerns: ['distress'] },
    reason: 'Officer update by radio',
  },
  IncidentWithdrawn: { incidentId, withdrawnAt: at, reason: 'Reported in error' },
  CallQueued: {
    incidentId,
    queuedAt: at,
    priority: 40,
    presentingConcerns: ['suicidal-ideation'],
    officerId: 'PC-4821',
    force: 'MPS',
    borough: 'Lambeth',
    category: 'concern-for-welfare',
    locationKind: 'public-place',
    sourceSystem: 'met-cad',
    externalRef: 'CAD-20261123-0417',
  },
  CallQueueUpdated: { incidentId, updatedAt: at, priority: 10, presentingConcerns: ['distress'] },
  CallWithdrawn: { incidentId, withdrawnAt: at },
  CallAnswered: { incidentId, answeredAt: at, clinicianId: 'RN-104', profession: 'registered-nurse' },
  RiskAssessed: {
    incidentId,
    assessedAt: at,
    clinicianId: 'RN-104',
    level: 'high',
    factors: ['expressed intent', 'near a drop'],
    rationale: 'Stated plan and means at hand.',
  },
  RecordsChecked: {
    incidentId,
    checkedAt: at,
    clinicianId: 'RN-104',
    knownToServices: true,
    notes: 'Known to CMHT',
  },
  AdviceGiven: {
    incidentId,
    givenAt: at,
    clinicianId: 'RN-104',
    profession: 'registered-nurse',
    recommendation: 'consider-section-136',
    rationale: 'High risk, will not engage voluntarily.',
  },
  TriageClosed: { incidentId, closedAt: at },
  CallAbandoned: { incidentId, abandonedAt: at, reason: 'caller-disconnected' },
  Section136ConsultationRecorded: {
    incidentId,
    consultedAt: at,
    clinicianId: 'AMHP-22',
    profession: 'amhp',
    notPracticableReason: null,
  },
  Section136Detained: {
    incidentId,
    detainedAt: at,
    officerId: 'PC-4821',
    locationKind: 'public-place',
    ruleSetId: 'england-wales-2017-12-11',
    consultationBasis: 'line-advice',
    adviceEventId: SAMPLE_ADVICE_EVENT_ID,
    subjectAgeYears: 36,
  },
  PlaceOfSafetyChosen: {
    incidentId,
    chosenAt: at,
    kind: 'health-based-place-of-safety',
    name: 'Lambeth Hospital HBPoS',
    keptWhereFound: false,
    policeStationAuthorisation: null,
  },
  ConveyanceRecorded: {
    incidentId,
    conveyedAt: at,
    mode: 'police-vehicle',
    policeVehicleReason: { code: 'ambulance-delayed', detail: 'Ambulance wait over 1 hour' },
  },
  ArrivedAtPlaceOfSafety: { incidentId, arrivedAt: at },
  DetentionTransferred: {
    incidentId,
    transferredAt: at,
    toKind: 'emergency-department',
    toName: "King's College Hospital ED",
  },
  DetentionExtended: {
    incidentId,
    extendedAt: at,
    hours: 12,
    authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
    superintendentId: null,
    reason: 'Too intoxicated to be assessed.',
    newDeadline: '2026-11-25T09:04:00Z',
  },
  DetentionDeadlineApproaching: { incidentId, deadline: at, noticedAt: at, leadMinutes: 120 },
  DetentionLimitExceeded: { incidentId, deadline: at, noticedAt: at },
  AssessmentCompleted: {
    incidentId,
    completedAt: at,
    outcome: 'admitted-informally',
    clinicianId: 'AMHP-22',
  },
  DetentionEnded: { incidentId, endedAt: at, reason: 'assessment-completed' },
  DispositionRecorded: { incidentId, recordedAt: at, disposition: 'referred-to-crisis-team', notes: null },
  CaseClosed: { incidentId, closedAt: at },
  WelfareCheckRecorded: { incidentId, checkedAt: at, checkedBy: 'RN-104', profession: 'registered-nurse' },
  WelfareCheckOverdue: { incidentId, sinceAt: at, dueAt: at, noticedAt: at, intervalMinutes: 30 },
  PoliceStationUseInvalidated: {
    incidentId,
    invalidatedAt: at,
    ruleId: 'POS-POLICE-STATION-UNDER-18',
    subjectAgeYears: 16,
  },
  SubjectDataErased: {
    subjectRef: SAMPLE_SUBJECT_REF,
    legalBasis: 'UK GDPR Art. 17(1)(b)',
    reason: 'Request upheld',
  },
  SubjectProcessingRestricted: {
    subjectRef: SAMPLE_SUBJECT_REF,
    reason: 'Accuracy contested by the data subject',
  },
  SubjectRestrictionLifted: { subjectRef: SAMPLE_SUBJECT_REF, reason: 'Accuracy verified' },
};

/** A valid envelope around the sample data of `type`. */
export function sampleEnvelope<T extends EventType>(
  type: T,
  overrides: Partial<EventEnvelope> = {},
): EventEnvelope<T, EventDataOf<T>> {
  const definition = EVENT_DEFINITIONS[type];
  const streamType = definition.streamType;
  return {
    eventId: '0192f3a4-5b6c-7d8e-9f01-000000000001',
    type,
    schemaVersion: definition.schemaVersion,
    incidentId,
    streamId: streamIdOf(streamType, streamType === 'subject' ? SAMPLE_SUBJECT_REF : incidentId),
    streamVersion: 1,
    occurredAt: at,
    recordedAt: '2026-11-23T21:04:01.123Z',
    actor: { id: 'PC-4821', role: 'officer' },
    correlationId: 'req-1',
    causationId: null,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    subjectRef: definition.personalFields.length > 0 ? SAMPLE_SUBJECT_REF : null,
    data: SAMPLE_EVENT_DATA[type],
    ...overrides,
  } as EventEnvelope<T, EventDataOf<T>>;
}
