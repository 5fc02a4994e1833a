// class-transformer's @Type reads design-time metadata; load the polyfill wherever these classes are defined.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsObject,
  ValidateNested,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

/**
 * The few decorators class-validator lacks. They carry their own names (`isInstant`, `isCalendarDate`) so the
 * JSON Schema generator can map them to `format: date-time` / `format: date`, and `Nested` records the nested
 * class in a map the generator can read (class-transformer's own `@Type` storage is private).
 */

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Years a date in a case record can fall in. Anything outside is a typo or a probe (`0000-01-01`), and PostgreSQL
 * or a reader's arithmetic would make something else of it.
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

/** The day exists (no 30 February; 29 February only in leap years) and the year is in range. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An ISO 8601 instant with a time zone whose every part is real: Date.parse alone reads `2026-02-30T10:00:00Z` as
 * 2 March, and PostgreSQL refuses it, so the calendar and the clock are checked field by field.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const [offsetHours, offsetMinutes] = [Number(match[8] ?? 0), Number(match[9] ?? 0)];
  return (
    isRealDay(year, month, day) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 14 &&
    offsetMinutes <= 59 &&
    !Number.isNaN(Date.parse(value))
  );
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  return isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** An ISO 8601 instant with a time zone, for example `2026-11-23T21:04:00Z`. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isInstant(value),
        defaultMessage: () =>
          `$property must be a real ISO 8601 date-time with a time zone, years ${EARLIEST_YEAR}-${LATEST_YEAR}, for example 2026-11-23T21:04:00Z`,
      },
    });
}

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: () =>
          `$property must be a real calendar date YYYY-MM-DD, years ${EARLIEST_YEAR}-${LATEST_YEAR}, for example 1990-04-01`,
      },
    });
}

type ClassRef = () => new () => object;
const nestedClasses = new Map<object, Map<string, ClassRef>>();

/** The nested class of a property decorated with `@Nested`/`@NestedArray`, if any. */
export function nestedClassOf(
  target: new () => object,
  propertyName: string,
): (new () => object) | undefined {
  // Walk up the class chain: a subclass inherits its parent's nested properties.
  for (let current: object | null = target; current; current = Object.getPrototypeOf(current)) {
    const classRef = nestedClasses.get(current)?.get(propertyName);
    if (classRef) return classRef();
  }
  return undefined;
}

function remember(target: object, propertyName: string, classRef: ClassRef): void {
  const byProperty = nestedClasses.get(target.constructor) ?? new Map<string, ClassRef>();
  byProperty.set(propertyName, classRef);
  nestedClasses.set(target.constructor, byProperty);
}

/** A nested object validated as an instance of `classRef()`. */
export function Nested(classRef: ClassRef): PropertyDecorator {
  return (target, propertyName) => {
    remember(target, propertyName as string, classRef);
    // ValidateNested skips undefined, so presence is checked here (IsOptional still allows absence).
    IsObject()(target, propertyName);
    ValidateNested()(target, propertyName);
    Type(classRef)(target, propertyName);
  };
}

/** An array whose items are validated as instances of `classRef()`. */
export function NestedArray(classRef: ClassRef): PropertyDecorator {
  return (target, propertyName) => {
    remember(target, propertyName as string, classRef);
    IsArray()(target, propertyName);
    ValidateNested({ each: true })(target, propertyName);
    Type(classRef)(target, propertyName);
  };
}
