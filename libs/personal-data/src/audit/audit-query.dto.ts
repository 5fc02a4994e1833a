import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsInstantOrLondonDate } from '@rcrp/events';

/** `GET /audit?incidentId=&actor=&from=&to=&limit=`. */
export class AuditQueryParams {
  @IsOptional() @IsUUID() incidentId?: string;
  /** The token subject of the reader. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) actor?: string;
  @IsOptional() @IsInstantOrLondonDate() from?: string;
  @IsOptional() @IsInstantOrLondonDate() to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
