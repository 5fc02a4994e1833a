import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  IncidentDetailsChanges,
  IsInstant,
  IsInstantOrLondonDate,
  Nested,
  RCRP_CATEGORIES,
  type RcrpCategory,
} from '@rcrp/events';

/** `POST /incidents/:id/amendments`: the changed details and why (the original report stays in the record). */
export class AmendIncidentRequest {
  @Nested(() => IncidentDetailsChanges) changes: IncidentDetailsChanges;
  @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}

/** `POST /incidents/:id/withdrawal`. */
export class WithdrawIncidentRequest {
  @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}

export const INCIDENT_STATUSES = ['reported', 'withdrawn'] as const;

/** `GET /incidents?status=&category=&since=&externalRef=&officerId=&borough=&limit=&cursor=`. */
export class ListIncidentsQuery {
  @IsOptional() @IsIn(INCIDENT_STATUSES) status?: (typeof INCIDENT_STATUSES)[number];
  @IsOptional() @IsIn(RCRP_CATEGORIES) category?: RcrpCategory;
  @IsOptional() @IsInstantOrLondonDate() since?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) externalRef?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(50) officerId?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) borough?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

/** `?asOf=` on case reads: the state as it stood then. */
export class AsOfQuery {
  @IsOptional() @IsInstant() asOf?: string;
}
