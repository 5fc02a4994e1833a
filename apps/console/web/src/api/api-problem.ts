/** One invalid field of a 400, as the services name it (`location.kind`, `factors.0`). */
export interface FieldProblem {
  field: string;
  reasons: string[];
}

/**
 * A refusal or failure as a screen shows it, from the services' one error shape
 * (`{ statusCode, message, ruleId?, errors?: [{ field, reasons }] }`, libs/http/src/http-error.filter.ts).
 */
export interface ApiProblem {
  /** The HTTP status; 0 when the console itself could not be reached. */
  status: number;
  message: string;
  /** The domain rule that refused the action (422), e.g. `TRIAGE-NOT-ANSWERED`. */
  ruleId: string | null;
  fields: FieldProblem[];
  /** A version conflict (409): what the request expected and what the stream holds now. */
  conflict: { expectedVersion: number | null; actualVersion: number | null } | null;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly problem: ApiProblem) {
    super(problem.message);
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: 'The console cannot be reached: check the connection and try again.',
  401: 'Your sign-in has expired or is not valid: sign in again.',
  403: 'Your role may not do this.',
  404: 'Not found.',
  409: 'Someone else changed this record first.',
  413: 'What you sent is too large.',
  429: 'Too many requests: wait a moment and try again.',
  502: 'A service did not answer properly: try again shortly.',
  503: 'A service is unavailable: try again shortly.',
};

/** Reads any answer body into a problem; bodies that are not the services' shape still give a useful message. */
export function problemFrom(status: number, body: unknown): ApiProblem {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message =
    typeof record.message === 'string' && record.message.trim() !== ''
      ? record.message
      : Array.isArray(record.message)
        ? record.message.filter((part) => typeof part === 'string').join('; ')
        : (FALLBACK_MESSAGES[status] ?? `The request failed (HTTP ${status}).`);
  const fields = Array.isArray(record.errors)
    ? record.errors.flatMap((item): FieldProblem[] => {
        const field = (item as { field?: unknown })?.field;
        const reasons = (item as { reasons?: unknown })?.reasons;
        if (typeof field !== 'string') return [];
        return [
          { field, reasons: Array.isArray(reasons) ? reasons.filter((r) => typeof r === 'string') : [] },
        ];
      })
    : [];
  const version = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    status,
    message,
    ruleId: typeof record.ruleId === 'string' ? record.ruleId : null,
    fields,
    conflict:
      status === 409
        ? { expectedVersion: version(record.expectedVersion), actualVersion: version(record.actualVersion) }
        : null,
  };
}

/** The problem behind any error a request may throw (an ApiError, or a network failure). */
export function problemOf(error: unknown): ApiProblem {
  if (error instanceof ApiError) return error.problem;
  return problemFrom(0, null);
}

/** The reasons for one field, for the form control that shows them. */
export function reasonsFor(problem: ApiProblem | null, field: string): string[] {
  return problem?.fields.filter((item) => item.field === field).flatMap((item) => item.reasons) ?? [];
}
