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
  OCCUPIER_CONSENTS,
  PLACE_OF_SAFETY_KINDS,
  POLICE_VEHICLE_REASON_CODES,
  PROFESSIONS,
  type AssessmentOutcome,
  type ConsultationBasis,
  type ConveyanceMode,
  type DetentionEndReason,
  type Disposition,
  type LocationKind,
  type OccupierConsent,
  type PlaceOfSafetyKind,
  type PoliceVehicleReasonCode,
  type Profession,
} from '../vocabulary';

/** Events of the `outcome` stream, owned by outcomes: the section 136 lifecycle and every other disposition. */

const ID_LENGTH = 100;
const REASON_LENGTH = 2000;

/**
 * DESIGN §4 rule 10: facts are recorded after the fact. A fact whose time is more than 15 minutes before the
 * latest recorded fact of the case (or before a recorded limit notice) is a late entry and says why. Optional
 * and additive, so events recorded before late entries existed are still valid at the same schema version.
 */
export class LateEntryFields {
  @IsOptional() @IsBoolean() lateEntry?: boolean;
  /** Free text: personal data, encrypted. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) lateEntryReason?: string | null;
}
const LATE_ENTRY_REASON = 'lateEntryReason';

export class Section136ConsultationRecordedPayload extends LateEntryFields {
  @IsUUID() incidentId: string;
  @IsInstant() consultedAt: string;
  /**
   * Who was consulted (staff number or registration); null when consultation was not practicable or not recorded.
   * `professionalId` until v2 (issue 16: one name, `clinicianId`, for the professional everywhere).
   */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(ID_LENGTH) clinicianId?: string | null;
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
  schemaVersion: 2,
  streamType: 'outcome',
  payload: Section136ConsultationRecordedPayload,
  personalFields: ['notPracticableReason', LATE_ENTRY_REASON],
  description:
    'The officer consulted a health professional before using section 136, or recorded why it was not practicable.',
});

export class Section136DetainedPayload extends LateEntryFields {
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
  personalFields: [LATE_ENTRY_REASON],
  description: 'The officer detained the person under section 136 of the Mental Health Act 1983.',
});

/**
 * Rules 5 and 8: a police station for an adult only when the Places of Safety Regulations 2017 (SI 2017/1036)
 * regulation 2 conditions are all met: an inspector's authorisation, behaviour posing an imminent risk of serious
 * injury or death, no other place of safety able to detain the person, a healthcare professional present
 * (regulation 4(1)(b)). The last two are optional here because events recorded before issue 14 lack them.
 */
export class PoliceStationAuthorisation {
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) inspectorId: string;
  @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) imminentRiskReason: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) noOtherPlaceReason?: string;
  @IsOptional() @IsBoolean() healthcareProfessionalPresent?: boolean;
}

/** Rule 9 (s135(7)): a dwelling as "any other suitable place" needs these consents. */
export class DwellingConsent {
  @IsBoolean() detainedPerson: boolean;
  @IsIn(OCCUPIER_CONSENTS) occupier: OccupierConsent;
}

const PLACE_PERSONAL_FIELDS = [
  'policeStationAuthorisation.imminentRiskReason',
  'policeStationAuthorisation.noOtherPlaceReason',
  LATE_ENTRY_REASON,
];

export class PlaceOfSafetyChosenPayload extends LateEntryFields {
  @IsUUID() incidentId: string;
  @IsInstant() chosenAt: string;
  @IsIn(PLACE_OF_SAFETY_KINDS) kind: PlaceOfSafetyKind;
  @IsOptional() @IsString() @MaxLength(200) name?: string | null;
  /** The person is kept where they are: the permitted period runs from the decision to detain. */
  @IsBoolean() keptWhereFound: boolean;
  @IsOptional()
  @Nested(() => PoliceStationAuthorisation)
  policeStationAuthorisation?: PoliceStationAuthorisation | null;
  /** An "other suitable place" that is someone's home (rule 9). */
  @IsOptional() @IsBoolean() isDwelling?: boolean;
  @IsOptional() @Nested(() => DwellingConsent) consent?: DwellingConsent | null;
  /** The age from intake when the place was decided: rule 5 uses the current age (issue 14). */
  @IsOptional() @IsInt() @Min(0) @Max(130) subjectAgeYears?: number | null;
}
export type PlaceOfSafetyChosenData = PlaceOfSafetyChosenPayload;
export type PlaceOfSafetyChosen = DomainEvent<'PlaceOfSafetyChosen', PlaceOfSafetyChosenData>;
export const PLACE_OF_SAFETY_CHOSEN = defineEvent({
  type: 'PlaceOfSafetyChosen',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: PlaceOfSafetyChosenPayload,
  personalFields: PLACE_PERSONAL_FIELDS,
  description: 'The place of safety the person is taken to (or kept at) was chosen.',
});

/** Rule 6: why a police vehicle was used, coded; the detail is free text (personal, encrypted). */
export class PoliceVehicleReason {
  @IsIn(POLICE_VEHICLE_REASON_CODES) code: PoliceVehicleReasonCode;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(REASON_LENGTH) detail?: string | null;
}

/** v2 (issue 14): `policeVehicleReason` is `{ code, detail? }`; v1's free text is upcast to `{ code: 'other', detail }`. */
export class ConveyanceRecordedPayload extends LateEntryFields {
  @IsUUID() incidentId: string;
  @IsInstant() conveyedAt: string;
  @IsIn(CONVEYANCE_MODES) mode: ConveyanceMode;
  @IsOptional() @Nested(() => PoliceVehicleReason) policeVehicleReason?: PoliceVehicleReason | null;
}
export type ConveyanceRecordedData = ConveyanceRecordedPayload;
export type ConveyanceRecorded = DomainEvent<'ConveyanceRecorded', ConveyanceRecordedData>;
export const CONVEYANCE_RECORDED = defineEvent({
  type: 'ConveyanceRecorded',
  schemaVersion: 2,
  streamType: 'outcome',
  payload: ConveyanceRecordedPayload,
  personalFields: ['policeVehicleReason.detail', LATE_ENTRY_REASON],
  personalFieldsByVersion: { 1: ['policeVehicleReason'] },
  description: 'How the person was conveyed; a police vehicle needs a recorded reason (rule 6).',
});

export class ArrivedAtPlaceOfSafetyPayload extends LateEntryFields {
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
  personalFields: [LATE_ENTRY_REASON],
  description: 'The detained person arrived at the chosen place of safety; the permitted period starts.',
});

export class DetentionTransferredPayload extends LateEntryFields {
  @IsUUID() incidentId: string;
  @IsInstant() transferredAt: string;
  @IsIn(PLACE_OF_SAFETY_KINDS) toKind: PlaceOfSafetyKind;
  @IsOptional() @IsString() @MaxLength(200) toName?: string | null;
  @IsOptional()
  @Nested(() => PoliceStationAuthorisation)
  policeStationAuthorisation?: PoliceStationAuthorisation | null;
  @IsOptional() @IsBoolean() isDwelling?: boolean;
  @IsOptional() @Nested(() => DwellingConsent) consent?: DwellingConsent | null;
  /** The age from intake when the place was decided: rule 5 uses the current age (issue 14). */
  @IsOptional() @IsInt() @Min(0) @Max(130) subjectAgeYears?: number | null;
}
export type DetentionTransferredData = DetentionTransferredPayload;
export type DetentionTransferred = DomainEvent<'DetentionTransferred', DetentionTransferredData>;
export const DETENTION_TRANSFERRED = defineEvent({
  type: 'DetentionTransferred',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: DetentionTransferredPayload,
  personalFields: PLACE_PERSONAL_FIELDS,
  description: 'The person was moved to another place of safety; the permitted period does not restart.',
});

export class ExtensionAuthoriser {
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) clinicianId: string;
  @IsIn(PROFESSIONS) profession: Profession;
}

export class DetentionExtendedPayload extends LateEntryFields {
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
  personalFields: ['reason', LATE_ENTRY_REASON],
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

export class AssessmentCompletedPayload extends LateEntryFields {
  @IsUUID() incidentId: string;
  @IsInstant() completedAt: string;
  @IsIn(ASSESSMENT_OUTCOMES) outcome: AssessmentOutcome;
  /** The professional who assessed (staff number or registration); `assessedBy` until v2 (issue 16). */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(ID_LENGTH) clinicianId?: string | null;
}
export type AssessmentCompletedData = AssessmentCompletedPayload;
export type AssessmentCompleted = DomainEvent<'AssessmentCompleted', AssessmentCompletedData>;
export const ASSESSMENT_COMPLETED = defineEvent({
  type: 'AssessmentCompleted',
  schemaVersion: 2,
  streamType: 'outcome',
  payload: AssessmentCompletedPayload,
  personalFields: [LATE_ENTRY_REASON],
  description: 'The Mental Health Act assessment of the detained person was completed.',
});

export class DetentionEndedPayload extends LateEntryFields {
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
  personalFields: [LATE_ENTRY_REASON],
  description: 'The section 136 detention ended.',
});

export class DispositionRecordedPayload extends LateEntryFields {
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
  personalFields: ['notes', LATE_ENTRY_REASON],
  description: 'What happened to the person when section 136 was not (or no longer) used.',
});

export class CaseClosedPayload extends LateEntryFields {
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
  personalFields: [LATE_ENTRY_REASON],
  description: 'The outcome case was closed; nothing more can be recorded.',
});

export class WelfareCheckRecordedPayload extends LateEntryFields {
  @IsUUID() incidentId: string;
  @IsInstant() checkedAt: string;
  /** The healthcare professional's staff number or registration. */
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) checkedBy: string;
  @IsIn(PROFESSIONS) profession: Profession;
}
export type WelfareCheckRecordedData = WelfareCheckRecordedPayload;
export type WelfareCheckRecorded = DomainEvent<'WelfareCheckRecorded', WelfareCheckRecordedData>;
export const WELFARE_CHECK_RECORDED = defineEvent({
  type: 'WelfareCheckRecorded',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: WelfareCheckRecordedPayload,
  personalFields: [LATE_ENTRY_REASON],
  description:
    'A healthcare professional checked the welfare of a person held at a police station (SI 2017/1036 regulation 4).',
});

export class WelfareCheckOverduePayload {
  @IsUUID() incidentId: string;
  /** The arrival at the police station or the last welfare check the interval counts from. */
  @IsInstant() sinceAt: string;
  /** When the missed check was due. */
  @IsInstant() dueAt: string;
  @IsInstant() noticedAt: string;
  @IsInt() @Min(1) intervalMinutes: number;
}
export type WelfareCheckOverdueData = WelfareCheckOverduePayload;
export type WelfareCheckOverdue = DomainEvent<'WelfareCheckOverdue', WelfareCheckOverdueData>;
export const WELFARE_CHECK_OVERDUE = defineEvent({
  type: 'WelfareCheckOverdue',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: WelfareCheckOverduePayload,
  personalFields: [],
  description:
    'No welfare check was recorded within the interval (30 minutes, regulation 4); one notice per missed interval.',
});

export class PoliceStationUseInvalidatedPayload {
  @IsUUID() incidentId: string;
  @IsInstant() invalidatedAt: string;
  /** The rule the current facts break: `POS-POLICE-STATION-UNDER-18`. */
  @IsString() @MinLength(1) @MaxLength(ID_LENGTH) ruleId: string;
  /** The age intake now records. */
  @IsOptional() @IsInt() @Min(0) @Max(130) subjectAgeYears?: number | null;
}
export type PoliceStationUseInvalidatedData = PoliceStationUseInvalidatedPayload;
export type PoliceStationUseInvalidated = DomainEvent<
  'PoliceStationUseInvalidated',
  PoliceStationUseInvalidatedData
>;
export const POLICE_STATION_USE_INVALIDATED = defineEvent({
  type: 'PoliceStationUseInvalidated',
  schemaVersion: 1,
  streamType: 'outcome',
  payload: PoliceStationUseInvalidatedPayload,
  personalFields: [],
  description:
    'An amendment from intake shows the person held at a police station is under 18 (s136A(1)): the police station is no longer lawful and the person must be moved.',
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
  | CaseClosed
  | WelfareCheckRecorded
  | WelfareCheckOverdue
  | PoliceStationUseInvalidated;
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
  WELFARE_CHECK_RECORDED,
  WELFARE_CHECK_OVERDUE,
  POLICE_STATION_USE_INVALIDATED,
] as const;
