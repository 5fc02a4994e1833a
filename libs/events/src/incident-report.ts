import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsInstant, Nested } from './schema/decorators';
import {
  IncidentLocation,
  IncidentSource,
  ReportingOfficer,
  SubjectDetails,
  SUMMARY_MAX_LENGTH,
} from './payloads/report-parts';
import {
  PRESENTING_CONCERNS,
  RCRP_CATEGORIES,
  type PresentingConcern,
  type RcrpCategory,
} from './vocabulary';

/**
 * The inbound report that external systems (police command-and-control, ambulance, NHS 111) publish to
 * `rcrp.incidents.inbound.v1`, field names fixed by DESIGN §4. `source` is required here because the
 * external reference is how a repeated report is recognised as the same incident. `POST /incidents` takes
 * the same shape with `source` optional: use `IncidentReportRequest`.
 */
/** Every field of the report but `source`, whose optionality differs between the two entry points. */
export abstract class IncidentReportBody {
  @IsInstant() reportedAt: string;
  @Nested(() => ReportingOfficer) officer: ReportingOfficer;
  @Nested(() => IncidentLocation) location: IncidentLocation;
  @IsIn(RCRP_CATEGORIES) category: RcrpCategory;
  @Nested(() => SubjectDetails) subject: SubjectDetails;
  @IsArray()
  @IsIn(PRESENTING_CONCERNS, { each: true })
  @ArrayMaxSize(PRESENTING_CONCERNS.length)
  presentingConcerns: PresentingConcern[];
  @IsString() @MinLength(1) @MaxLength(SUMMARY_MAX_LENGTH) summary: string;
}

/** `POST /incidents`: `source` absent for the line's own calls. */
export class IncidentReportRequest extends IncidentReportBody {
  @IsOptional() @Nested(() => IncidentSource) source?: IncidentSource | null;
}

/** `rcrp.incidents.inbound.v1`: `source` required. */
export class IncidentReport extends IncidentReportBody {
  @Nested(() => IncidentSource) source: IncidentSource;
}

export const INCIDENT_REPORT_MESSAGE = {
  name: 'IncidentReport',
  schemaVersion: 1,
  payload: IncidentReport,
  description:
    'A report of an incident published by an external system; intake turns it into IncidentReported.',
} as const;
