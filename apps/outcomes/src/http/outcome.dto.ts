import { applyDecorators } from '@nestjs/common';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  ASSESSMENT_OUTCOMES,
  CONVEYANCE_MODES,
  DETENTION_END_REASONS,
  DISPOSITIONS,
  IsInstant,
  IsInstantOrLondonDate,
  OCCUPIER_CONSENTS,
  Nested,
  PLACE_OF_SAFETY_KINDS,
  POLICE_VEHICLE_REASON_CODES,
  PROFESSIONS,
  type AssessmentOutcome,
  type ConveyanceMode,
  type DetentionEndReason,
  type Disposition,
  type OccupierConsent,
  type PlaceOfSafetyKind,
  type PoliceVehicleReasonCode,
  type Profession,
} from '@rcrp/events';
import { DeprecatedNameOf, MaxDecimalPlaces, REPORT_FORMATS, type ReportFormat } from '@rcrp/http';

/**
 * Request bodies of the outcome commands (DESIGN §5). Shapes and vocabularies are checked here (400); whether the
 * law allows the act is the decider's call (422 with the rule id), so fields a rule needs (a police-vehicle reason,
 * an inspector's authorisation, a superintendent) are optional here and refused there with the rule named.
 * Every command takes `at`: when it happened (default now; recording after the fact is normal, the future is not).
 */

const ID = 100;
const REASON = 2000;

export class Timed {
  /** When it happened (ISO 8601 with a time zone); default: now. At most 2 minutes ahead of the service clock. */
  @IsOptional() @IsInstant() at?: string;
  /**
   * Why this is recorded late: required (400 naming this field) when `at` is more than 15 minutes before the latest
   * recorded fact of the case, or before a recorded limit notice (DESIGN §4 rule 10). Free text, encrypted.
   */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(REASON) lateEntryReason?: string;
}

/** A professional's staff number or registration, where a body may name one: `clinicianId` (issue 16). */
const OptionalClinicianId = (): PropertyDecorator =>
  applyDecorators(IsOptional(), IsString(), MinLength(1), MaxLength(ID));
/** The old name of `clinicianId` on a body, still read for one release (the controller maps it). */
const OldNameOfClinicianId = (): PropertyDecorator =>
  applyDecorators(OptionalClinicianId(), DeprecatedNameOf('clinicianId'));

export class RecordConsultationRequest extends Timed {
  @IsOptional() @IsIn(PROFESSIONS) profession?: Profession;
  /** The professional consulted. */
  @OptionalClinicianId() clinicianId?: string;
  @OldNameOfClinicianId() professionalId?: string;
  @IsOptional() @IsString() @MaxLength(REASON) notPracticableReason?: string;
}

export class DetainRequest extends Timed {
  /** The detaining officer; default: the caller. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(ID) officerId?: string;
}

/** Regulation 2 of SI 2017/1036: each condition missing is a 422 with its own rule id. */
export class PoliceStationAuthorisationRequest {
  @IsString() @MaxLength(ID) inspectorId: string;
  /** The behaviour posing an imminent risk of serious injury or death. */
  @IsString() @MaxLength(REASON) imminentRiskReason: string;
  /** Why no other place of safety in the area can reasonably be expected to detain the person. */
  @IsOptional() @IsString() @MaxLength(REASON) noOtherPlaceReason?: string;
  /** A healthcare professional is present and available to the person (regulation 4(1)(b)). */
  @IsOptional() @IsBoolean() healthcareProfessionalPresent?: boolean;
}

/** s135(7): a home as "any other suitable place" needs the detained person's and the occupier's consent. */
export class DwellingConsentRequest {
  @IsBoolean() detainedPerson: boolean;
  @IsIn(OCCUPIER_CONSENTS) occupier: OccupierConsent;
}

export class ChoosePlaceOfSafetyRequest extends Timed {
  @IsIn(PLACE_OF_SAFETY_KINDS) kind: PlaceOfSafetyKind;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  /** The person stays where they are: the period runs from the decision to detain. Default false. */
  @IsOptional() @IsBoolean() keptWhereFound?: boolean;
  @IsOptional()
  @Nested(() => PoliceStationAuthorisationRequest)
  policeStationAuthorisation?: PoliceStationAuthorisationRequest;
  /** An `other-suitable-place` that is a house, flat or room where someone lives. Default false. */
  @IsOptional() @IsBoolean() isDwelling?: boolean;
  @IsOptional() @Nested(() => DwellingConsentRequest) consent?: DwellingConsentRequest;
}

/** Rule 6: a police vehicle's reason, coded; `other` needs the detail (free text, encrypted). */
export class PoliceVehicleReasonRequest {
  @IsIn(POLICE_VEHICLE_REASON_CODES) code: PoliceVehicleReasonCode;
  @IsOptional() @IsString() @MaxLength(REASON) detail?: string;
}

export class RecordConveyanceRequest extends Timed {
  @IsIn(CONVEYANCE_MODES) mode: ConveyanceMode;
  @IsOptional()
  @Nested(() => PoliceVehicleReasonRequest)
  policeVehicleReason?: PoliceVehicleReasonRequest;
}

export class RecordArrivalRequest extends Timed {}

export class TransferDetentionRequest extends Timed {
  @IsIn(PLACE_OF_SAFETY_KINDS) toKind: PlaceOfSafetyKind;
  @IsOptional() @IsString() @MaxLength(200) toName?: string;
  @IsOptional()
  @Nested(() => PoliceStationAuthorisationRequest)
  policeStationAuthorisation?: PoliceStationAuthorisationRequest;
  @IsOptional() @IsBoolean() isDwelling?: boolean;
  @IsOptional() @Nested(() => DwellingConsentRequest) consent?: DwellingConsentRequest;
}

/** Regulation 4 of SI 2017/1036: a healthcare professional checked the person's welfare at the police station. */
export class RecordWelfareCheckRequest extends Timed {
  @IsString() @MinLength(1) @MaxLength(ID) checkedBy: string;
  @IsIn(PROFESSIONS) profession: Profession;
}

export class ExtensionAuthoriserRequest {
  @IsString() @MinLength(1) @MaxLength(ID) clinicianId: string;
  @IsIn(PROFESSIONS) profession: Profession;
}

export class ExtendDetentionRequest extends Timed {
  /** Whole or part hours; the rule set's maximum (12) is enforced by the decider. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0.25)
  @Max(1000)
  hours: number;
  @Nested(() => ExtensionAuthoriserRequest) authorisedBy: ExtensionAuthoriserRequest;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(ID) superintendentId?: string;
  /** Why the person's condition makes the assessment impracticable within the period. */
  @IsString() @MaxLength(REASON) reason: string;
}

export class CompleteAssessmentRequest extends Timed {
  @IsIn(ASSESSMENT_OUTCOMES) outcome: AssessmentOutcome;
  /** The professional who assessed. */
  @OptionalClinicianId() clinicianId?: string;
  @OldNameOfClinicianId() assessedBy?: string;
}

export class EndDetentionRequest extends Timed {
  @IsIn(DETENTION_END_REASONS) reason: DetentionEndReason;
}

export class RecordDispositionRequest extends Timed {
  @IsIn(DISPOSITIONS) disposition: Disposition;
  @IsOptional() @IsString() @MaxLength(REASON) notes?: string;
}

export class CloseCaseRequest extends Timed {}

/** `?asOf=` on case reads: the state as it stood then. */
export class AsOfQuery {
  @IsOptional() @IsInstant() asOf?: string;
}

/** `GET /statistics?from=&to=&format=`: incidents reported in `[from, to)`; default the last 30 days. */
export class StatisticsQuery {
  @IsOptional() @IsInstantOrLondonDate() from?: string;
  @IsOptional() @IsInstantOrLondonDate() to?: string;
  @IsOptional() @IsIn(REPORT_FORMATS) format?: ReportFormat;
}
