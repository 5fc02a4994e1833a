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
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
