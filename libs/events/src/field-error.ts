import type { ValidationError } from 'class-validator';

/** One reason a message or payload was refused: a dotted path (`subject.dateOfBirth`, `presentingConcerns.2`) and why. */
export interface FieldError {
  path: string;
  reason: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Flattens class-validator's error tree into dotted paths with one entry per failed constraint. */
export function toFieldErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      path,
      reason: message.startsWith(error.property) ? message.replace(error.property, path) : message,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], path)];
  });
}
