import { BadRequestException } from '@nestjs/common';

export const ACCESS_REASON_HEADER = 'X-Access-Reason';
export const ACCESS_REASON_MAX_LENGTH = 500;

/**
 * The reason a person gives for reading a case's personal data (issue 11). Required, non-blank, at most
 * 500 characters; the 400 names the header so the caller knows what to send.
 */
export function accessReasonFrom(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers[ACCESS_REASON_HEADER.toLowerCase()];
  const value = (Array.isArray(raw) ? raw.join(', ') : (raw ?? '')).trim();
  if (value === '') {
    throw reasonError(
      `the ${ACCESS_REASON_HEADER} header is required to read personal data: state why you need this case`,
    );
  }
  if (value.length > ACCESS_REASON_MAX_LENGTH) {
    throw reasonError(
      `the ${ACCESS_REASON_HEADER} header must be at most ${ACCESS_REASON_MAX_LENGTH} characters`,
    );
  }
  return value;
}

function reasonError(reason: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `Validation failed: ${ACCESS_REASON_HEADER}: ${reason}`,
    errors: [{ field: ACCESS_REASON_HEADER, reasons: [reason] }],
  });
}
