import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  /** Dotted path into the request, e.g. `location.kind` or `presentingConcerns.0`. */
  field: string;
  reasons: string[];
}

/**
 * The one shape of every 400 for invalid input (body, path or query parameter): each invalid field with its
 * reasons. Reasons name fields and rules, never the submitted value (it may be personal data).
 */
export function validationFailed(fields: readonly FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `Validation failed: ${fields.map((f) => `${f.field}: ${f.reasons.join(', ')}`).join('; ')}`,
    errors: fields,
  });
}

/** The one reason of a field the request left out that is not optional. */
export const REQUIRED = 'is required';

/**
 * DTO validation at the edge (DESIGN §5): unknown fields are refused, not silently dropped, because a typo in a
 * legal record's field name must not lose the value. The 400 lists every invalid field with its reasons.
 * Structural checks (depth, nulls, NUL characters, prototype keys) have already run in `RequestShapeInterceptor`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The value is kept on each error only to tell a missing field from a wrong one (flattenValidationErrors);
    // it never reaches the answer.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

/**
 * Each invalid field with its reasons, nested fields by their dotted path. A field that is absent fails every rule
 * of its type and length ("must be shorter than or equal to 100 characters, ..., must be a string"); what helps is
 * `is required`, so that is its one reason. An optional field never gets here absent (`@IsOptional` skips its
 * rules). Reasons are class-validator's messages, which name the field and the rule, never the value. The errors
 * must come from a validation with `validationError.value` on, as the pipe's are (else every field reads missing).
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    const constraints = error.constraints ?? {};
    const missing = error.value === undefined && !('whitelistValidation' in constraints);
    const reasons = missing ? [REQUIRED] : Object.values(constraints);
    const own = error.constraints ? [{ field, reasons }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
