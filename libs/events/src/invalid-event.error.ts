import type { FieldError } from './field-error';

/**
 * An event the producing service was about to append fails the contract its consumers apply (issue 15: nothing is
 * stored that any service would refuse). Thrown by the command path before the append; the HTTP error filter maps
 * it to 400 by name. It names fields and reasons only, never a value: the values may be personal data.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  /** In the shape of the HTTP 400 body (`errors: [{ field, reasons }]`), paths relative to the event's data. */
  readonly fieldErrors: Array<{ field: string; reasons: string[] }>;

  constructor(
    readonly eventType: string,
    errors: readonly FieldError[],
  ) {
    const fieldErrors = groupByField(errors);
    super(
      `The ${eventType} event this request would record is invalid: ${fieldErrors
        .map(({ field, reasons }) => `${field}: ${reasons.join(', ')}`)
        .join('; ')}`,
    );
    this.fieldErrors = fieldErrors;
  }
}

const DATA_PREFIX = 'data.';

/** `data.subject.ageYears` is `subject.ageYears` to the caller, whose request body became `data`. */
function relative(text: string): string {
  return text.startsWith(DATA_PREFIX) ? text.slice(DATA_PREFIX.length) : text;
}

function groupByField(errors: readonly FieldError[]): Array<{ field: string; reasons: string[] }> {
  const byField = new Map<string, string[]>();
  for (const { path, reason } of errors) {
    const field = relative(path) || '(event)';
    byField.set(field, [...(byField.get(field) ?? []), relative(reason)]);
  }
  return [...byField].map(([field, reasons]) => ({ field, reasons }));
}
