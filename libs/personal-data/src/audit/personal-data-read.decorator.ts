import { applyDecorators, Header, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ACCESS_REASON_HEADER, ACCESS_REASON_RULE } from './access-reason';
import { PersonalDataReadInterceptor } from './personal-data-read.interceptor';

export const PERSONAL_DATA_READ_KEY = 'rcrp:personal-data-read';

export interface PersonalDataReadOptions {
  /** The route parameter holding the incident id (`id` for `/incidents/:id`). */
  incidentParam: string;
  /** The subject whose data the handler returned, for the audit entry (optional). */
  subjectOf?: (result: unknown) => string | null | undefined;
}

/**
 * Marks a controller method that returns a case's personal data. For every role but `analyst` (who only ever gets
 * pseudonymised data): `X-Access-Reason` is required (400 without it); a read of a case whose subject's processing
 * is restricted is refused (403) unless the caller is an `operator`; and after the handler succeeded the read is
 * recorded in the service's read audit. The answer carries `Cache-Control: no-store`: no cache may keep personal
 * data. Needs `AuditModule` in the service.
 */
export function PersonalDataRead(options: PersonalDataReadOptions): MethodDecorator {
  return applyDecorators(
    SetMetadata(PERSONAL_DATA_READ_KEY, options),
    Header('Cache-Control', 'no-store'),
    UseInterceptors(PersonalDataReadInterceptor),
    ApiHeader({
      name: ACCESS_REASON_HEADER,
      required: false,
      description: `Why you read this case (${ACCESS_REASON_RULE}). Required for every role except analyst; recorded in the read audit.`,
    }),
    ApiResponse({
      status: 400,
      description: `${ACCESS_REASON_HEADER} missing, or not ${ACCESS_REASON_RULE}.`,
    }),
    ApiResponse({
      status: 403,
      description: "The subject's processing is restricted: only an operator may read it.",
    }),
  );
}
