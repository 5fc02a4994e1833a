import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '../schema/decorators';
import {
  LOCATION_KINDS,
  PERCEIVED_ETHNICITIES,
  SEXES,
  type LocationKind,
  type PerceivedEthnicity,
  type Sex,
} from '../vocabulary';

/**
 * The parts of an incident report (DESIGN §4) shared by the inbound `IncidentReport` message, the
 * `IncidentReported` event and `IncidentDetailsAmended`. String limits keep one message from carrying
 * an essay or a file; the summary allows a long account (4000 characters).
 */
export const SUMMARY_MAX_LENGTH = 4000;

export class IncidentSource {
  @IsString() @MinLength(1) @MaxLength(100) system: string;
  @IsString() @MinLength(1) @MaxLength(200) externalRef: string;
}

export class ReportingOfficer {
  @IsString() @MinLength(1) @MaxLength(50) id: string;
  @IsString() @MinLength(1) @MaxLength(50) force: string;
}

export class IncidentLocation {
  @IsIn(LOCATION_KINDS) kind: LocationKind;
  /** Personal: free text may identify the person's home. */
  @IsOptional() @IsString() @MaxLength(500) description?: string | null;
  @IsOptional() @IsString() @MaxLength(100) borough?: string | null;
}

/** What is known about the person; all optional because officers often do not know. */
export class SubjectDetails {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string | null;
  @IsOptional() @IsCalendarDate() dateOfBirth?: string | null;
  /** Whole years; given, or derived from dateOfBirth at report time. Not personal: outcomes needs it. */
  @IsOptional() @IsInt() @Min(0) @Max(130) ageYears?: number | null;
  @IsOptional() @IsIn(SEXES) sex?: Sex | null;
  @IsOptional() @IsIn(PERCEIVED_ETHNICITIES) ethnicity?: PerceivedEthnicity | null;
}

/** The subject as recorded in events: with the pseudonymous reference intake made for them. */
export class ReportedSubject extends SubjectDetails {
  @IsString() @MinLength(1) @MaxLength(100) ref: string;
}
