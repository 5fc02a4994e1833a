import { BadRequestException } from '@nestjs/common';

export const ACCESS_REASON_HEADER = 'X-Access-Reason';
/** Long enough that "x" or "test" is not a reason: a reference or a sentence (`IOPC request 2026/117`). */
export const ACCESS_REASON_MIN_LENGTH = 10;
export const ACCESS_REASON_MAX_LENGTH = 500;
/** The rule as the 400s, the CLI and the docs state it. */
export const ACCESS_REASON_RULE = `${ACCESS_REASON_MIN_LENGTH}-${ACCESS_REASON_MAX_LENGTH} characters after trimming`;

/**
 * The one check of a stated reason for reading personal data (issue 11), for the HTTP header and the replay CLI's
 * `--reason` alike: what is wrong with it, or null when it will do. Measured after trimming. The answer never
 * quotes the reason back (it may itself hold personal data).
 */
export function accessReasonProblem(reason: string): string | null {
  const trimmed = reason.trim();
  if (trimmed === '') return `is required: state why you need this case (${ACCESS_REASON_RULE})`;
  if (trimmed.length < ACCESS_REASON_MIN_LENGTH)
    return `must say why you need this case: at least ${ACCESS_REASON_MIN_LENGTH} characters after trimming`;
  if (trimmed.length > ACCESS_REASON_MAX_LENGTH)
    return `must be at most ${ACCESS_REASON_MAX_LENGTH} characters`;
  return null;
}

/** The `X-Access-Reason` header, trimmed; a 400 naming the header and the rule when it is missing or does not meet it. */
export function accessReasonFrom(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers[ACCESS_REASON_HEADER.toLowerCase()];
  const value = Array.isArray(raw) ? raw.join(', ') : (raw ?? '');
  const problem = accessReasonProblem(value);
  if (problem !== null) throw reasonError(`the ${ACCESS_REASON_HEADER} header ${problem}`);
  return value.trim();
}

function reasonError(reason: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `Validation failed: ${ACCESS_REASON_HEADER}: ${reason}`,
    errors: [{ field: ACCESS_REASON_HEADER, reasons: [reason] }],
  });
}
