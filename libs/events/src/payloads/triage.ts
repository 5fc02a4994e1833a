import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { defineEvent, type DomainEvent } from '../event-definition';
import { IsInstant } from '../schema/decorators';
import {
  CALL_ABANDON_REASONS,
  LOCATION_KINDS,
  PRESENTING_CONCERNS,
  RCRP_CATEGORIES,
  PROFESSIONS,
  RECOMMENDATIONS,
  RISK_LEVELS,
  type CallAbandonReason,
  type LocationKind,
  type PresentingConcern,
  type RcrpCategory,
  type Profession,
  type Recommendation,
  type RiskLevel,
} from '../vocabulary';

/** Events of the `triage` stream, owned by triage (DESIGN §4). */

export class CallQueuedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() queuedAt: string;
  /** Higher is more urgent; computed by `queuePriority` in libs/domain from the presenting concerns. */
  @IsInt() @Min(0) priority: number;
  @IsArray()
  @IsIn(PRESENTING_CONCERNS, { each: true })
  @ArrayMaxSize(PRESENTING_CONCERNS.length)
  presentingConcerns: PresentingConcern[];
  // v2 (issue 16): who and where, from intake's report, so the clinician picking up can match the caller to the
  // call. Null in calls queued before v2 (upcast) and where the report had none (no borough, no external source).
  @IsOptional() @IsString() @MaxLength(100) officerId: string | null;
  @IsOptional() @IsString() @MaxLength(100) force: string | null;
  @IsOptional() @IsString() @MaxLength(100) borough: string | null;
  @IsOptional() @IsIn(RCRP_CATEGORIES) category: RcrpCategory | null;
  @IsOptional() @IsIn(LOCATION_KINDS) locationKind: LocationKind | null;
  @IsOptional() @IsString() @MaxLength(100) sourceSystem: string | null;
  @IsOptional() @IsString() @MaxLength(200) externalRef: string | null;
}
export type CallQueuedData = CallQueuedPayload;
export type CallQueued = DomainEvent<'CallQueued', CallQueuedData>;
export const CALL_QUEUED = defineEvent({
  type: 'CallQueued',
  schemaVersion: 2,
  streamType: 'triage',
  payload: CallQueuedPayload,
  personalFields: [],
  description: "A reported incident joined the clinicians' queue.",
});

export class CallQueueUpdatedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() updatedAt: string;
  @IsInt() @Min(0) priority: number;
  @IsArray()
  @IsIn(PRESENTING_CONCERNS, { each: true })
  @ArrayMaxSize(PRESENTING_CONCERNS.length)
  presentingConcerns: PresentingConcern[];
}
export type CallQueueUpdatedData = CallQueueUpdatedPayload;
export type CallQueueUpdated = DomainEvent<'CallQueueUpdated', CallQueueUpdatedData>;
export const CALL_QUEUE_UPDATED = defineEvent({
  type: 'CallQueueUpdated',
  schemaVersion: 1,
  streamType: 'triage',
  payload: CallQueueUpdatedPayload,
  personalFields: [],
  description:
    'An amendment to the incident changed the presenting concerns (and so the priority) of a queued call.',
});

export class CallWithdrawnPayload {
  @IsUUID() incidentId: string;
  @IsInstant() withdrawnAt: string;
}
export type CallWithdrawnData = CallWithdrawnPayload;
export type CallWithdrawn = DomainEvent<'CallWithdrawn', CallWithdrawnData>;
export const CALL_WITHDRAWN = defineEvent({
  type: 'CallWithdrawn',
  schemaVersion: 1,
  streamType: 'triage',
  payload: CallWithdrawnPayload,
  personalFields: [],
  description: 'The incident was withdrawn at intake, so its call left the queue (or its open triage ended).',
});

export class CallAnsweredPayload {
  @IsUUID() incidentId: string;
  @IsInstant() answeredAt: string;
  @IsString() @MinLength(1) @MaxLength(100) clinicianId: string;
  @IsIn(PROFESSIONS) profession: Profession;
}
export type CallAnsweredData = CallAnsweredPayload;
export type CallAnswered = DomainEvent<'CallAnswered', CallAnsweredData>;
export const CALL_ANSWERED = defineEvent({
  type: 'CallAnswered',
  schemaVersion: 1,
  streamType: 'triage',
  payload: CallAnsweredPayload,
  personalFields: [],
  description: 'A clinician answered the call; queuedAt to answeredAt is the time-to-answer measure.',
});

export class RiskAssessedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() assessedAt: string;
  @IsString() @MinLength(1) @MaxLength(100) clinicianId: string;
  @IsIn(RISK_LEVELS) level: RiskLevel;
  @IsArray() @IsString({ each: true }) @MaxLength(200, { each: true }) @ArrayMaxSize(20) factors: string[];
  @IsString() @MinLength(1) @MaxLength(4000) rationale: string;
  /** Set by a reader's repair only (historic-repairs.ts): the recorded `clinicianId` was null; this is the actor. */
  @IsOptional() @IsBoolean() clinicianIdFromActor?: boolean | null;
}
export type RiskAssessedData = RiskAssessedPayload;
export type RiskAssessed = DomainEvent<'RiskAssessed', RiskAssessedData>;
export const RISK_ASSESSED = defineEvent({
  type: 'RiskAssessed',
  schemaVersion: 1,
  streamType: 'triage',
  payload: RiskAssessedPayload,
  personalFields: ['factors', 'rationale'],
  description: 'The clinician assessed the risk (low, moderate, high, immediate) with factors and rationale.',
});

export class RecordsCheckedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() checkedAt: string;
  @IsString() @MinLength(1) @MaxLength(100) clinicianId: string;
  @IsBoolean() knownToServices: boolean;
  @IsOptional() @IsString() @MaxLength(4000) notes?: string | null;
  /** Set by a reader's repair only (historic-repairs.ts): the recorded `clinicianId` was null; this is the actor. */
  @IsOptional() @IsBoolean() clinicianIdFromActor?: boolean | null;
}
export type RecordsCheckedData = RecordsCheckedPayload;
export type RecordsChecked = DomainEvent<'RecordsChecked', RecordsCheckedData>;
export const RECORDS_CHECKED = defineEvent({
  type: 'RecordsChecked',
  schemaVersion: 1,
  streamType: 'triage',
  payload: RecordsCheckedPayload,
  personalFields: ['notes'],
  description: 'The clinician checked health records: whether the person is known to services.',
});

export class AdviceGivenPayload {
  @IsUUID() incidentId: string;
  @IsInstant() givenAt: string;
  @IsString() @MinLength(1) @MaxLength(100) clinicianId: string;
  @IsIn(PROFESSIONS) profession: Profession;
  @IsIn(RECOMMENDATIONS) recommendation: Recommendation;
  @IsString() @MinLength(1) @MaxLength(4000) rationale: string;
  /** Set by a reader's repair only (historic-repairs.ts): the recorded `clinicianId` was null; this is the actor. */
  @IsOptional() @IsBoolean() clinicianIdFromActor?: boolean | null;
}
export type AdviceGivenData = AdviceGivenPayload;
export type AdviceGiven = DomainEvent<'AdviceGiven', AdviceGivenData>;
export const ADVICE_GIVEN = defineEvent({
  type: 'AdviceGiven',
  schemaVersion: 1,
  streamType: 'triage',
  payload: AdviceGivenPayload,
  personalFields: ['rationale'],
  description:
    'The clinician advised the officer (repeatable). Counts as the section 136 consultation (DESIGN §4 rule 2).',
});

export class TriageClosedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() closedAt: string;
}
export type TriageClosedData = TriageClosedPayload;
export type TriageClosed = DomainEvent<'TriageClosed', TriageClosedData>;
export const TRIAGE_CLOSED = defineEvent({
  type: 'TriageClosed',
  schemaVersion: 1,
  streamType: 'triage',
  payload: TriageClosedPayload,
  personalFields: [],
  description: 'The clinician closed the triage after giving advice.',
});

export class CallAbandonedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() abandonedAt: string;
  @IsIn(CALL_ABANDON_REASONS) reason: CallAbandonReason;
}
export type CallAbandonedData = CallAbandonedPayload;
export type CallAbandoned = DomainEvent<'CallAbandoned', CallAbandonedData>;
export const CALL_ABANDONED = defineEvent({
  type: 'CallAbandoned',
  schemaVersion: 1,
  streamType: 'triage',
  payload: CallAbandonedPayload,
  personalFields: [],
  description: 'The call ended before triage was completed.',
});

export type TriageEvent =
  | CallQueued
  | CallQueueUpdated
  | CallWithdrawn
  | CallAnswered
  | RiskAssessed
  | RecordsChecked
  | AdviceGiven
  | TriageClosed
  | CallAbandoned;
export const TRIAGE_EVENTS = [
  CALL_QUEUED,
  CALL_QUEUE_UPDATED,
  CALL_WITHDRAWN,
  CALL_ANSWERED,
  RISK_ASSESSED,
  RECORDS_CHECKED,
  ADVICE_GIVEN,
  TRIAGE_CLOSED,
  CALL_ABANDONED,
] as const;
