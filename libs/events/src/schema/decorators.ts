// class-transformer's @Type reads design-time metadata; load the polyfill wherever these classes are defined.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsObject,
  ValidateNested,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { startOfLondonDay } from './london-day';

/**
 * The few decorators class-validator lacks. They carry their own names (`isInstant`, `isCalendarDate`) so the
 * JSON Schema generator can map them to `format: date-time` / `format: date`, and `Nested` records the nested
 * class in a map the generator can read (class-transformer's own `@Type` storage is private).
 */

// Date.parse is not a validator: it reads 2026-02-30 as 2 March and 24:00 as the next day, and accepts year 0,
// which PostgreSQL then refuses (22008) after the event was already stored. So the components are checked here.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years a record of this service can plausibly hold (births from 1900, nothing past 2100). */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Written like an instant, whether or not that day and time exist: what `isInstant` accepted before issue 15 (with
 * Date.parse's leniency), so the shape a reader may find stored and repair.
 */
export function hasInstantShape(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const offsetValid = match[7] === undefined || (Number(match[8]) <= 23 && Number(match[9]) <= 59);
  return isRealDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59 && offsetValid;
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** An ISO 8601 instant with a time zone, for example `2026-11-23T21:04:00Z`, on a real calendar day. */
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
          `$property must be an ISO 8601 date-time with a time zone, for example 2026-11-23T21:04:00Z, on a real calendar day in ${EARLIEST_YEAR}-${LATEST_YEAR}`,
      },
    });
}

/**
 * A bound of a range query (`since`, `from`, `to`): an instant as `IsInstant` takes it, or a date `YYYY-MM-DD`, which
 * means the start of that day in London (`startOfLondonDay`) and reaches the handler as that instant. So
 * `?from=2026-12-01&to=2026-12-02` is the first of December as the line lived it, in winter and in summer time.
 * Not for `asOf`: a moment to see the record as it stood is always a full instant.
 */
export function IsInstantOrLondonDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    Transform(({ value }: { value: unknown }) => (isCalendarDate(value) ? startOfLondonDay(value) : value))(
      target,
      propertyName,
    );
    registerDecorator({
      name: 'isInstantOrLondonDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        // After the transform: a date has become its instant, anything else is checked as it came.
        validate: (value: unknown) => isInstant(value),
        defaultMessage: () =>
          `$property must be an ISO 8601 date-time with a time zone, for example 2026-11-23T21:04:00Z, or a date YYYY-MM-DD (the start of that day in London), on a real calendar day in ${EARLIEST_YEAR}-${LATEST_YEAR}`,
      },
    });
  };
}

/** A calendar date `YYYY-MM-DD` that exists (no 31 February), in EARLIEST_YEAR..LATEST_YEAR. */
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
          `$property must be a calendar date YYYY-MM-DD, for example 1990-04-01, in ${EARLIEST_YEAR}-${LATEST_YEAR}`,
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
