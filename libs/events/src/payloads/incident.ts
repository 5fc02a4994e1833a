import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { defineEvent, type DomainEvent } from '../event-definition';
import { IsInstant, Nested } from '../schema/decorators';
import {
  PRESENTING_CONCERNS,
  RCRP_CATEGORIES,
  type PresentingConcern,
  type RcrpCategory,
} from '../vocabulary';
import {
  IncidentLocation,
  IncidentSource,
  ReportedSubject,
  ReportingOfficer,
  SubjectDetails,
  SUMMARY_MAX_LENGTH,
} from './report-parts';

/** Events of the `incident` stream, owned by intake (DESIGN §4). */

export class IncidentReportedPayload {
  @IsUUID() incidentId: string;
  /** Absent for the line's own calls; an external system's reference otherwise (the dedupe key). */
  @IsOptional() @Nested(() => IncidentSource) source?: IncidentSource | null;
  @IsInstant() reportedAt: string;
  @Nested(() => ReportingOfficer) officer: ReportingOfficer;
  @Nested(() => IncidentLocation) location: IncidentLocation;
  @IsIn(RCRP_CATEGORIES) category: RcrpCategory;
  @Nested(() => ReportedSubject) subject: ReportedSubject;
  @IsArray()
  @IsIn(PRESENTING_CONCERNS, { each: true })
  @ArrayMaxSize(PRESENTING_CONCERNS.length)
  presentingConcerns: PresentingConcern[];
  @IsString() @MinLength(1) @MaxLength(SUMMARY_MAX_LENGTH) summary: string;
  /** Set by a reader's repair only (historic-repairs.ts): the recorded `reportedAt` was impossible; this is `recordedAt`. */
  @IsOptional() @IsBoolean() reportedAtInvalid?: boolean | null;
  /** Set by a reader's repair only: the recorded `subject.ageYears` was outside 0-130, so it reads as unknown. */
  @IsOptional() @IsBoolean() ageYearsInvalid?: boolean | null;
  /** Set by a reader's repair only: the recorded `subject.dateOfBirth` was a day outside 1900-2100. */
  @IsOptional() @IsBoolean() dateOfBirthInvalid?: boolean | null;
}
export type IncidentReportedData = IncidentReportedPayload;
export type IncidentReported = DomainEvent<'IncidentReported', IncidentReportedData>;
export const INCIDENT_REPORTED = defineEvent({
  type: 'IncidentReported',
  schemaVersion: 1,
  streamType: 'incident',
  payload: IncidentReportedPayload,
  personalFields: ['subject.name', 'subject.dateOfBirth', 'summary', 'location.description'],
  description: 'An incident was reported, by a call to the line or by an external system.',
});

/** Only the fields that change are present; `subject.ref` never changes. */
export class IncidentDetailsChanges {
  @IsOptional() @Nested(() => IncidentLocation) location?: IncidentLocation | null;
  @IsOptional() @IsIn(RCRP_CATEGORIES) category?: RcrpCategory | null;
  @IsOptional() @Nested(() => SubjectDetails) subject?: SubjectDetails | null;
  @IsOptional()
  @IsArray()
  @IsIn(PRESENTING_CONCERNS, { each: true })
  @ArrayMaxSize(PRESENTING_CONCERNS.length)
  presentingConcerns?: PresentingConcern[] | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(SUMMARY_MAX_LENGTH) summary?: string | null;
}

export class IncidentDetailsAmendedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() amendedAt: string;
  @Nested(() => IncidentDetailsChanges) changes: IncidentDetailsChanges;
  @IsString() @MinLength(1) @MaxLength(1000) reason: string;
  /** Set by a reader's repair only (historic-repairs.ts): the recorded `changes.subject.ageYears` was outside 0-130. */
  @IsOptional() @IsBoolean() ageYearsInvalid?: boolean | null;
  /** Set by a reader's repair only: the recorded `changes.subject.dateOfBirth` was a day outside 1900-2100. */
  @IsOptional() @IsBoolean() dateOfBirthInvalid?: boolean | null;
}
export type IncidentDetailsAmendedData = IncidentDetailsAmendedPayload;
export type IncidentDetailsAmended = DomainEvent<'IncidentDetailsAmended', IncidentDetailsAmendedData>;
export const INCIDENT_DETAILS_AMENDED = defineEvent({
  type: 'IncidentDetailsAmended',
  schemaVersion: 1,
  streamType: 'incident',
  payload: IncidentDetailsAmendedPayload,
  personalFields: [
    'changes.subject.name',
    'changes.subject.dateOfBirth',
    'changes.summary',
    'changes.location.description',
    'reason',
  ],
  description: 'Details of a reported incident were corrected or completed; the original report stays.',
});

export class IncidentWithdrawnPayload {
  @IsUUID() incidentId: string;
  @IsInstant() withdrawnAt: string;
  @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}
export type IncidentWithdrawnData = IncidentWithdrawnPayload;
export type IncidentWithdrawn = DomainEvent<'IncidentWithdrawn', IncidentWithdrawnData>;
export const INCIDENT_WITHDRAWN = defineEvent({
  type: 'IncidentWithdrawn',
  schemaVersion: 1,
  streamType: 'incident',
  payload: IncidentWithdrawnPayload,
  personalFields: ['reason'],
  description: 'The incident was withdrawn (for example reported in error); triage leaves the queue.',
});

export type IncidentEvent = IncidentReported | IncidentDetailsAmended | IncidentWithdrawn;
export const INCIDENT_EVENTS = [INCIDENT_REPORTED, INCIDENT_DETAILS_AMENDED, INCIDENT_WITHDRAWN] as const;
