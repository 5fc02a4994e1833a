import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { defineEvent, type DomainEvent } from '../event-definition';
import { IsInstant, Nested } from '../schema/decorators';
import {
  ASSESSMENT_OUTCOMES,
  CONSULTATION_BASES,
  CONVEYANCE_MODES,
  DETENTION_END_REASONS,
  DISPOSITIONS,
  LOCATION_KINDS,
  PLACE_OF_SAFETY_KINDS,
  PROFESSIONS,
  type AssessmentOutcome,
  type ConsultationBasis,
  type ConveyanceMode,
  type DetentionEndReason,
  type Disposition,
  type LocationKind,
  type PlaceOfSafetyKind,
  type Profession,
} from '../vocabulary';

/** Events of the `outcome` stream, owned by outcomes: the section 136 lifecycle and every other disposition. */

const ID_LENGTH = 100;
const REASON_LENGTH = 2000;

export class Section136ConsultationRecordedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() consultedAt: string;
  /** Who was consulted (staff number or registration); null when consultation was not practicable. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(ID_LENGTH) professionalId?: string | null;
  @IsOptional() @IsIn(PROFESSIONS) profession?: Profession | null;
  /** Why consultation was not practicable; null when a professional was consulted. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) notPracticableReason?: string | null;
}
export type Section136ConsultationRecordedData = Section136ConsultationRecordedPayload;
export type Section136ConsultationRecorded = DomainEvent<
  'Section136ConsultationRecorded',
  Section136ConsultationRecordedData
>;
export const SECTION_136_CONSULTATION_RECORDED = defineEvent({
  type: 'Section136ConsultationRecorded',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: Section136ConsultationRecordedPayload,
  personalFields: ['notPracticableReason'],
  description:
    'The officer consulted a health professional before using section 136, or recorded why it was not practicable.',
});

export class Section136DetainedPayload {
  @IsUUID() incidentId: string;
  /** The decision to detain; the permitted period runs from here when the person is kept where they are. */
  @IsInstant() detainedAt: string;
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) officerId: string;
  @IsIn(LOCATION_KINDS) locationKind: LocationKind;
  /** The rule set in force at `detainedAt`; every later rule of this detention comes from it. */
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) ruleSetId: string;
  @IsIn(CONSULTATION_BASES) consultationBasis: ConsultationBasis;
  /** The triage `AdviceGiven` event relied on as the consultation, when the basis is `line-advice`. */
  @IsOptional() @IsUUID() adviceEventId?: string | null;
  /** The age the decision relied on (from intake); null when unknown. */
  @IsOptional() @IsInt() @Min(0) @Max(130) subjectAgeYears?: number | null;
}
export type Section136DetainedData = Section136DetainedPayload;
export type Section136Detained = DomainEvent<'Section136Detained', Section136DetainedData>;
export const SECTION_136_DETAINED = defineEvent({
  type: 'Section136Detained',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: Section136DetainedPayload,
  personalFields: [],
  description: 'The officer detained the person under section 136 of the Mental Health Act 1983.',
});

/** Rule 5: a police station only with an inspector's authorisation for an imminent risk. */
export class PoliceStationAuthorisation {
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) inspectorId: string;
  @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) imminentRiskReason: string;
}

export class PlaceOfSafetyChosenPayload {
  @IsUUID() incidentId: string;
  @IsInstant() chosenAt: string;
  @IsIn(PLACE_OF_SAFETY_KINDS) kind: PlaceOfSafetyKind;
  @IsOptional() @IsString() @MaxLength(200) name?: string | null;
  /** The person is kept where they are: the permitted period runs from the decision to detain. */
  @IsBoolean() keptWhereFound: boolean;
  @IsOptional()
  @Nested(() => PoliceStationAuthorisation)
  policeStationAuthorisation?: PoliceStationAuthorisation | null;
}
export type PlaceOfSafetyChosenData = PlaceOfSafetyChosenPayload;
export type PlaceOfSafetyChosen = DomainEvent<'PlaceOfSafetyChosen', PlaceOfSafetyChosenData>;
export const PLACE_OF_SAFETY_CHOSEN = defineEvent({
  type: 'PlaceOfSafetyChosen',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: PlaceOfSafetyChosenPayload,
  personalFields: ['policeStationAuthorisation.imminentRiskReason'],
  description: 'The place of safety the person is taken to (or kept at) was chosen.',
});

export class ConveyanceRecordedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() conveyedAt: string;
  @IsIn(CONVEYANCE_MODES) mode: ConveyanceMode;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) policeVehicleReason?: string | null;
}
export type ConveyanceRecordedData = ConveyanceRecordedPayload;
export type ConveyanceRecorded = DomainEvent<'ConveyanceRecorded', ConveyanceRecordedData>;
export const CONVEYANCE_RECORDED = defineEvent({
  type: 'ConveyanceRecorded',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: ConveyanceRecordedPayload,
  personalFields: ['policeVehicleReason'],
  description: 'How the person was conveyed; a police vehicle needs a recorded reason (rule 6).',
});

export class ArrivedAtPlaceOfSafetyPayload {
  @IsUUID() incidentId: string;
  /** The permitted period runs from here (rule 3). */
  @IsInstant() arrivedAt: string;
}
export type ArrivedAtPlaceOfSafetyData = ArrivedAtPlaceOfSafetyPayload;
export type ArrivedAtPlaceOfSafety = DomainEvent<'ArrivedAtPlaceOfSafety', ArrivedAtPlaceOfSafetyData>;
export const ARRIVED_AT_PLACE_OF_SAFETY = defineEvent({
  type: 'ArrivedAtPlaceOfSafety',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: ArrivedAtPlaceOfSafetyPayload,
  personalFields: [],
  description: 'The detained person arrived at the chosen place of safety; the permitted period starts.',
});

export class DetentionTransferredPayload {
  @IsUUID() incidentId: string;
  @IsInstant() transferredAt: string;
  @IsIn(PLACE_OF_SAFETY_KINDS) toKind: PlaceOfSafetyKind;
  @IsOptional() @IsString() @MaxLength(200) toName?: string | null;
  @IsOptional()
  @Nested(() => PoliceStationAuthorisation)
  policeStationAuthorisation?: PoliceStationAuthorisation | null;
}
export type DetentionTransferredData = DetentionTransferredPayload;
export type DetentionTransferred = DomainEvent<'DetentionTransferred', DetentionTransferredData>;
export const DETENTION_TRANSFERRED = defineEvent({
  type: 'DetentionTransferred',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: DetentionTransferredPayload,
  personalFields: ['policeStationAuthorisation.imminentRiskReason'],
  description: 'The person was moved to another place of safety; the permitted period does not restart.',
});

export class ExtensionAuthoriser {
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) clinicianId: string;
  @IsIn(PROFESSIONS) profession: Profession;
}

export class DetentionExtendedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() extendedAt: string;
  @IsNumber() @Min(0.25) @Max(12) hours: number;
  @Nested(() => ExtensionAuthoriser) authorisedBy: ExtensionAuthoriser;
  /** Required when the person is at a police station (rule 4). */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(ID_LENGTH) superintendentId?: string | null;
  /** Why the person's condition makes assessment impracticable within the period. */
  @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) reason: string;
  @IsInstant() newDeadline: string;
}
export type DetentionExtendedData = DetentionExtendedPayload;
export type DetentionExtended = DomainEvent<'DetentionExtended', DetentionExtendedData>;
export const DETENTION_EXTENDED = defineEvent({
  type: 'DetentionExtended',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: DetentionExtendedPayload,
  personalFields: ['reason'],
  description: 'The permitted period was extended once, by up to 12 hours (rule 4).',
});

export class DetentionDeadlineApproachingPayload {
  @IsUUID() incidentId: string;
  @IsInstant() deadline: string;
  @IsInstant() noticedAt: string;
  @IsInt() @Min(0) leadMinutes: number;
}
export type DetentionDeadlineApproachingData = DetentionDeadlineApproachingPayload;
export type DetentionDeadlineApproaching = DomainEvent<
  'DetentionDeadlineApproaching',
  DetentionDeadlineApproachingData
>;
export const DETENTION_DEADLINE_APPROACHING = defineEvent({
  type: 'DetentionDeadlineApproaching',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: DetentionDeadlineApproachingPayload,
  personalFields: [],
  description: 'The permitted period ends within the warning lead time (rule 7); emitted once per detention.',
});

export class DetentionLimitExceededPayload {
  @IsUUID() incidentId: string;
  @IsInstant() deadline: string;
  @IsInstant() noticedAt: string;
}
export type DetentionLimitExceededData = DetentionLimitExceededPayload;
export type DetentionLimitExceeded = DomainEvent<'DetentionLimitExceeded', DetentionLimitExceededData>;
export const DETENTION_LIMIT_EXCEEDED = defineEvent({
  type: 'DetentionLimitExceeded',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: DetentionLimitExceededPayload,
  personalFields: [],
  description: 'The permitted period ended while the person was still detained (rule 7); emitted once.',
});

export class AssessmentCompletedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() completedAt: string;
  @IsIn(ASSESSMENT_OUTCOMES) outcome: AssessmentOutcome;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(ID_LENGTH) assessedBy?: string | null;
}
export type AssessmentCompletedData = AssessmentCompletedPayload;
export type AssessmentCompleted = DomainEvent<'AssessmentCompleted', AssessmentCompletedData>;
export const ASSESSMENT_COMPLETED = defineEvent({
  type: 'AssessmentCompleted',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: AssessmentCompletedPayload,
  personalFields: [],
  description: 'The Mental Health Act assessment of the detained person was completed.',
});

export class DetentionEndedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() endedAt: string;
  @IsIn(DETENTION_END_REASONS) reason: DetentionEndReason;
}
export type DetentionEndedData = DetentionEndedPayload;
export type DetentionEnded = DomainEvent<'DetentionEnded', DetentionEndedData>;
export const DETENTION_ENDED = defineEvent({
  type: 'DetentionEnded',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: DetentionEndedPayload,
  personalFields: [],
  description: 'The section 136 detention ended.',
});

export class DispositionRecordedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() recordedAt: string;
  @IsIn(DISPOSITIONS) disposition: Disposition;
  @IsOptional() @IsString() @MaxLength(REASON_LENGTH) notes?: string | null;
}
export type DispositionRecordedData = DispositionRecordedPayload;
export type DispositionRecorded = DomainEvent<'DispositionRecorded', DispositionRecordedData>;
export const DISPOSITION_RECORDED = defineEvent({
  type: 'DispositionRecorded',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: DispositionRecordedPayload,
  personalFields: ['notes'],
  description: 'What happened to the person when section 136 was not (or no longer) used.',
});

export class CaseClosedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() closedAt: string;
}
export type CaseClosedData = CaseClosedPayload;
export type CaseClosed = DomainEvent<'CaseClosed', CaseClosedData>;
export const CASE_CLOSED = defineEvent({
  type: 'CaseClosed',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: CaseClosedPayload,
  personalFields: [],
  description: 'The outcome case was closed; nothing more can be recorded.',
});

export type OutcomeEvent =
  | Section136ConsultationRecorded
  | Section136Detained
  | PlaceOfSafetyChosen
  | ConveyanceRecorded
  | ArrivedAtPlaceOfSafety
  | DetentionTransferred
  | DetentionExtended
  | DetentionDeadlineApproaching
  | DetentionLimitExceeded
  | AssessmentCompleted
  | DetentionEnded
  | DispositionRecorded
  | CaseClosed;
export const OUTCOME_EVENTS = [
  SECTION_136_CONSULTATION_RECORDED,
  SECTION_136_DETAINED,
  PLACE_OF_SAFETY_CHOSEN,
  CONVEYANCE_RECORDED,
  ARRIVED_AT_PLACE_OF_SAFETY,
  DETENTION_TRANSFERRED,
  DETENTION_EXTENDED,
  DETENTION_DEADLINE_APPROACHING,
  DETENTION_LIMIT_EXCEEDED,
  ASSESSMENT_COMPLETED,
  DETENTION_ENDED,
  DISPOSITION_RECORDED,
  CASE_CLOSED,
] as const;
