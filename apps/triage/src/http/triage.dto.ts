import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  CALL_ABANDON_REASONS,
  IsInstant,
  IsInstantOrLondonDate,
  PROFESSIONS,
  RECOMMENDATIONS,
  RISK_LEVELS,
  type CallAbandonReason,
  type Profession,
  type Recommendation,
  type RiskLevel,
} from '@rcrp/events';
import { REPORT_FORMATS, type ReportFormat } from '@rcrp/http';

/**
 * Request bodies of the clinicians' actions. Field limits match the event payloads (libs/events), so what passes
 * here is always a valid event. `clinicianId` defaults to the caller's token subject and must be it, unless an
 * operator records for a named clinician (then it is required).
 */

/** `POST /triage/:incidentId/answer`. */
export class AnswerCallRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) clinicianId?: string;
  @IsIn(PROFESSIONS) profession: Profession;
}

/** `POST /triage/:incidentId/risk-assessment`. */
export class RiskAssessmentRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) clinicianId?: string;
  @IsIn(RISK_LEVELS) level: RiskLevel;
  @IsArray()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  @ArrayMaxSize(20)
  factors: string[];
  @IsString() @MinLength(1) @MaxLength(4000) rationale: string;
}

/** `POST /triage/:incidentId/records-check`. */
export class RecordsCheckRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) clinicianId?: string;
  @IsBoolean() knownToServices: boolean;
  @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

/** `POST /triage/:incidentId/advice` (repeatable). The profession is part of the record: it decides whether the
 * advice counts as the section 136 consultation (DESIGN §4 rule 2). */
export class AdviceRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) clinicianId?: string;
  @IsIn(PROFESSIONS) profession: Profession;
  @IsIn(RECOMMENDATIONS) recommendation: Recommendation;
  @IsString() @MinLength(1) @MaxLength(4000) rationale: string;
}

/** `POST /triage/:incidentId/close`: nothing to say beyond the act itself. */
export class CloseTriageRequest {}

/** `POST /triage/:incidentId/abandon`. */
export class AbandonCallRequest {
  @IsIn(CALL_ABANDON_REASONS) reason: CallAbandonReason;
}

/** `?asOf=` on `GET /triage/:incidentId`. */
export class AsOfQuery {
  @IsOptional() @IsInstant() asOf?: string;
}

/** `GET /triage/queue?limit=`. */
export class QueueQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

/** `GET /triage/metrics?from=&to=&format=`: the calls queued in [from, to), as JSON or CSV. */
export class MetricsQuery {
  @IsOptional() @IsInstantOrLondonDate() from?: string;
  @IsOptional() @IsInstantOrLondonDate() to?: string;
  @IsOptional() @IsIn(REPORT_FORMATS) format?: ReportFormat;
}
