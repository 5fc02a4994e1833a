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

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
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
          '$property must be an ISO 8601 date-time with a time zone, for example 2026-11-23T21:04:00Z',
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
        defaultMessage: () => '$property must be a calendar date YYYY-MM-DD, for example 1990-04-01',
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
