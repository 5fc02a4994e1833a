import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A finite number with at most `places` decimal places, in any JSON notation. class-validator's
 * `IsNumber({ maxDecimalPlaces })` splits `String(value)` on '.', and throws a TypeError for `1e-9`.
 */
export function hasAtMostDecimalPlaces(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  // Past 2^53 every double is an integer (and scaling could overflow to Infinity).
  if (Math.abs(value) >= Number.MAX_SAFE_INTEGER) return true;
  const scaled = value * 10 ** places;
  // Tolerance of a few rounding steps for binary fractions (0.29 * 100 is 28.999999999999996), relative, so that
  // 1e-9 is not mistaken for 0.
  return Math.abs(scaled - Math.round(scaled)) <= 4 * Number.EPSILON * Math.abs(scaled);
}

export function MaxDecimalPlaces(places: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'maxDecimalPlaces',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [places],
      options,
      validator: {
        validate: (value: unknown) => hasAtMostDecimalPlaces(value, places),
        defaultMessage: () => `$property must be a number with at most ${places} decimal places`,
      },
    });
}

/**
 * The old name of `currentName`, still read for one release (issue 16: one name for one thing). The request may
 * send either name; both at once must agree, or the request is a 400 (it is unclear which one was meant). The
 * controller maps the old name to the new (`currentName ?? oldName`). OpenAPI marks the property deprecated.
 */
export function DeprecatedNameOf(currentName: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'deprecatedNameOf',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [currentName],
      options,
      validator: {
        validate: (value: unknown, args) => {
          const current = (args?.object as Record<string, unknown> | undefined)?.[currentName];
          return value === undefined || current === undefined || current === value;
        },
        // Names only: neither value is repeated.
        defaultMessage: () =>
          `$property is the deprecated name of ${currentName}: send ${currentName} only (both were sent, with different values)`,
      },
    });
}
